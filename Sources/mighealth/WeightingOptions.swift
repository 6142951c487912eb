import ArgumentParser
import Ingest
import Pipeline
import SurveyCore
import Weighting

/// Weighting of the data to population margins, shared by `weight`, `estimate` and
/// `crosstab`: raking, post-stratification or linear calibration, then trimming,
/// with standard errors that account for the calibration unless `--variance fixed`.
/// With replicate weights (made first, from the design weights), raking,
/// post-stratification and GREG calibration calibrate every replicate too, and
/// trimming trims every replicate; the SEs are the replicate variance, as R's
/// `rake()`, `postStratify()` and `calibrate()` of a `svyrep.design`.
struct WeightingOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Rake the weights to the margins in this CSV (variable,level,total and an optional grouping column).",
      valueName: "margins.csv"))
  var rake: String?

  @Option(
    help: ArgumentHelp("Post-stratify the weights to the cells of one variable in this CSV.", valueName: "margins.csv"))
  var poststratify: String?

  @Option(
    help: ArgumentHelp(
      "Linear (GREG) calibration to the totals in this CSV (an empty level gives a numeric variable's total).",
      valueName: "margins.csv"))
  var calibrate: String?

  @Option(help: ArgumentHelp("Bounds on g = calibrated / base weight for --calibrate, e.g. 0.5:2.", valueName: "lo:hi"))
  var bounds: String?

  @Option(
    help: ArgumentHelp(
      "Trim the final weights to [lo, hi], sharing the excess equally among the others (R's trimWeights);"
        + " either side may be empty, e.g. :40.", valueName: "lo:hi"))
  var trim: String?

  @Flag(help: "Repeat trimming until no weight is outside the bounds (R's strict = TRUE).")
  var trimStrict = false

  @Option(help: "Largest number of raking sweeps, or of Newton steps for bounded --calibrate.")
  var maxIterations = 100

  @Option(help: ArgumentHelp("Raking stops when no cell changes by this times the sum of weights.", valueName: "eps"))
  var rakeTolerance = 1e-10

  @Option(
    help: ArgumentHelp(
      "Standard errors after weighting: calibrated (calibration residuals, as R's rake/calibrate designs)"
        + " or fixed (the final weights taken as design weights)."))
  var variance: CalibratedWeights.Variance = .calibrated

  /// What weighting did: the new design and a line describing it.
  struct Outcome: Sendable {
    var design: SurveyDesign
    var summary: String
    /// The margins' grouping variable, for diagnostics by group.
    var groupVariable: String?
  }

  var isActive: Bool { rake != nil || poststratify != nil || calibrate != nil || trim != nil }

  func validate() throws {
    if [rake, poststratify, calibrate].compactMap({ $0 }).count > 1 {
      throw ValidationError("Give one of --rake, --poststratify and --calibrate.")
    }
    if bounds != nil, calibrate == nil { throw ValidationError("--bounds applies to --calibrate.") }
    if trimStrict, trim == nil { throw ValidationError("--trim-strict needs --trim LO:HI.") }
    guard maxIterations > 0 else { throw ValidationError("--max-iterations must be positive.") }
    guard rakeTolerance > 0 else { throw ValidationError("--rake-tolerance must be positive.") }
    _ = try range(bounds, option: "--bounds")
    _ = try range(trim, option: "--trim")
  }

  /// The design weighted as asked (the design as it is when no option is given).
  func apply(table: SurveyTable, design: SurveyDesign) throws -> SurveyDesign {
    try weigh(table: table, design: design).design
  }

  func weigh(table: SurveyTable, design: SurveyDesign) throws -> Outcome {
    guard isActive else { return Outcome(design: design, summary: "weights as given", groupVariable: nil) }
    var result = design
    var steps: [String] = []
    var groupVariable: String?
    if let chosen = chosenMethod() {
      let (path, method) = chosen
      let margins = try readMargins(path)
      groupVariable = margins.groupVariable
      let step = try run(method, margins: margins, table: table, weights: design.weights, path: path)
      if let replicates = design.replicates {
        // As R's rake() and postStratify() of a svyrep.design: every replicate is
        // calibrated to the same margins, and the SEs come from the replicates alone.
        result = step.applied(to: design, variance: .fixed)
        let same: ReplicateCalibration.Method
        switch method {
        case .rake: same = .rake(sweeps: step.iterations)
        case .poststratify: same = .poststratify
        case .calibrate: same = .linear(try linearOptions())
        }
        result.replicates = try mapping(SourceLocation(file: path)) { () throws(WeightingError) in
          try ReplicateCalibration.calibrate(replicates, table: table, margins: margins, method: same)
        }
      } else {
        result = step.applied(to: design, variance: variance)
      }
      let within = margins.groupVariable.map { " within \($0)" } ?? ""
      let variables = margins.variables.joined(separator: ", ")
      switch method {
      case .rake:
        let sweeps = step.iterations == 1 ? "1 iteration" : "\(step.iterations) iterations"
        steps.append("raked to \(path) (\(variables)\(within)) in \(sweeps)")
      case .poststratify: steps.append("post-stratified to \(path) (\(variables)\(within))")
      case .calibrate: steps.append("calibrated (linear) to \(path) (\(variables)\(within))")
      }
    }
    if let limits = try range(trim, option: "--trim") {
      let (lower, upper) = limits
      let options = Trimming.Options(lower: lower, upper: upper, strict: trimStrict)
      let trimmed = try mapping(SourceLocation(file: "--trim")) { () throws(WeightingError) in
        try Trimming.trim(weights: result.weights, table: table, options: options)
      }
      result = trimmed.applied(to: result, variance: variance)
      if let replicates = result.replicates {
        result.replicates = try mapping(SourceLocation(file: "--trim")) { () throws(WeightingError) in
          try ReplicateCalibration.trim(replicates, table: table, options: options)
        }
      }
      let passes = trimmed.iterations == 1 ? "1 pass" : "\(trimmed.iterations) passes"
      let bounds = "[\(WeightCommand.number(lower, 8)), \(WeightCommand.number(upper, 8))]"
      steps.append("trimmed to \(bounds)\(trimStrict ? " (strict)" : "") in \(passes)")
    }
    if result.replicates != nil {
      steps.append("SEs from the replicate weights, each weighted the same way")
    } else if variance == .calibrated, !result.calibrations.isEmpty {
      steps.append("SEs use the calibration residuals")
    } else {
      steps.append("SEs treat the final weights as fixed")
    }
    return Outcome(design: result, summary: steps.joined(separator: "; "), groupVariable: groupVariable)
  }

  private enum Method { case rake, poststratify, calibrate }

  /// The options of `--calibrate` (`--bounds`, `--max-iterations`).
  private func linearOptions() throws -> LinearCalibration.Options {
    let limits = try range(bounds, option: "--bounds")
    return LinearCalibration.Options(bounds: limits.map { $0.0...$0.1 }, maxIterations: maxIterations)
  }

  private func chosenMethod() -> (String, Method)? {
    if let rake { return (rake, .rake) }
    if let poststratify { return (poststratify, .poststratify) }
    if let calibrate { return (calibrate, .calibrate) }
    return nil
  }

  private func run(_ method: Method, margins: Margins, table: SurveyTable, weights: [Double], path: String) throws
    -> CalibratedWeights
  {
    let linear = try linearOptions()
    return try mapping(SourceLocation(file: path)) { () throws(WeightingError) in
      switch method {
      case .rake:
        let options = Raking.Options(tolerance: rakeTolerance, maxIterations: maxIterations)
        return try Raking.rake(weights: weights, table: table, margins: margins, options: options)
      case .poststratify:
        return try PostStratification.poststratify(weights: weights, table: table, margins: margins)
      case .calibrate:
        return try LinearCalibration.calibrate(
          weights: weights, table: table, margins: margins, options: linear)
      }
    }
  }

  private func readMargins(_ path: String) throws -> Margins { try MarginsFile.read(path) }

  /// `lo:hi` with either side optionally empty (then unbounded).
  private func range(_ text: String?, option: String) throws -> (Double, Double)? {
    guard let text else { return nil }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    func value(_ part: Substring, _ empty: Double) -> Double? { part.isEmpty ? empty : Double(part) }
    guard parts.count == 2, let lower = value(parts[0], -.infinity), let upper = value(parts[1], .infinity),
      !lower.isNaN, !upper.isNaN, lower <= upper
    else {
      throw ValidationError(
        "\(option) takes LO:HI with LO <= HI (either side may be empty), e.g. 0.5:2; got '\(text)'.")
    }
    return (lower, upper)
  }

  /// Runs `body`, turning a weighting error into a diagnostic at its location (or `fallback`).
  private func mapping<T>(_ fallback: SourceLocation, _ body: () throws(WeightingError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw error.diagnostic(fallback: fallback)
    }
  }
}

extension CalibratedWeights.Variance: ExpressibleByArgument {}

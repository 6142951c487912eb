import Aggregation
import ArgumentParser
import Pipeline
import SurveyCore

/// `mighealth estimate`: design-based estimates with standard errors and intervals.
struct EstimateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "estimate",
    abstract: "Weighted means, totals, proportions, ratios and quantiles with design-based SEs and CIs.",
    discussion: """
      Variances come from Taylor linearization over the design (strata, clusters per stage, \
      finite population corrections), as R's survey package computes them; domains (--by,
      --subset) keep the full design, and missing values are left out as na.rm = TRUE and
      counted in n_missing. Intervals use the t distribution with the design's degrees of \
      freedom (PSUs minus strata).

      Examples:
        mighealth estimate apistrat.csv --weights pw --strata stype --fpc fpc --mean api00 --by stype
        mighealth estimate survey.csv --weights design_weight --strata stratum --cluster psu \\
            --proportion unmet_need --by country --ci beta --format json
        mighealth estimate apiclus2.csv --weights pw --cluster dnum --cluster snum --fpc fpc1 --fpc fpc2 \\
            --ratio api00/api99 --quantile api00:0.25,0.5,0.75
      """
  )

  @OptionGroup var design: DesignOptions

  @OptionGroup var weighting: WeightingOptions

  @OptionGroup var replication: ReplicateOptions

  @Option(
    help: ArgumentHelp(
      "Weighted mean of a variable (proportions of each level for a categorical one).", valueName: "var"))
  var mean: [String] = []

  @Option(help: ArgumentHelp("Weighted total (one per level for a categorical variable).", valueName: "var"))
  var total: [String] = []

  @Option(help: ArgumentHelp("Proportion of each level of a variable.", valueName: "var"))
  var proportion: [String] = []

  @Option(help: ArgumentHelp("Ratio of two weighted totals.", valueName: "num/den"))
  var ratio: [String] = []

  @Option(help: ArgumentHelp("Quantiles with Woodruff intervals (R's qrule \"math\").", valueName: "var:p[,p...]"))
  var quantile: [String] = []

  @Option(help: ArgumentHelp("Estimate within each combination of these variables' values.", valueName: "var[,var...]"))
  var by: String?

  @Option(help: ArgumentHelp("Estimate within rows where the variable has this value.", valueName: "var=level"))
  var subset: String?

  @Option(help: "Interval for proportions: wald, logit, wilson or beta (Korn-Graubard).")
  var ci: EstimationRequest.IntervalMethod = .wald

  @Option(help: "Confidence level.")
  var level = 0.95

  @Option(help: "Output: table, csv or json.")
  var format: OutputFormat = .table

  func validate() throws {
    if mean.isEmpty && total.isEmpty && proportion.isEmpty && ratio.isEmpty && quantile.isEmpty {
      throw ValidationError("Ask for at least one statistic: --mean, --total, --proportion, --ratio or --quantile.")
    }
    guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95.") }
    _ = try request()
  }

  func run() throws {
    try reportingInputErrors(file: design.data) {
      let (table, surveyDesign) = try WeightedDesign.load(design, weighting, replication)
      let rows = try Estimation.run(try request(), table: table, design: surveyDesign)
      print(EstimateOutput(rows: rows).render(format), terminator: "")
    }
  }

  private func request() throws -> EstimationRequest {
    var statistics: [EstimationRequest.Statistic] = []
    statistics += mean.map { .mean($0) }
    statistics += total.map { .total($0) }
    statistics += proportion.map { .proportion($0) }
    for text in ratio {
      let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw ValidationError("--ratio takes NUM/DEN, e.g. api00/api99; got '\(text)'.")
      }
      statistics.append(.ratio(numerator: parts[0], denominator: parts[1]))
    }
    for text in quantile {
      let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
      let probabilities = parts.count == 2 ? parts[1].split(separator: ",").compactMap { Double($0) } : []
      guard parts.count == 2, !probabilities.isEmpty, probabilities.allSatisfy({ $0 > 0 && $0 < 1 }) else {
        throw ValidationError("--quantile takes VAR:P[,P...] with 0 < P < 1, e.g. age:0.25,0.5,0.75; got '\(text)'.")
      }
      statistics.append(.quantile(parts[0], probabilities))
    }
    var subsetPair: (variable: String, level: String)?
    if let subset {
      let parts = subset.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { throw ValidationError("--subset takes VAR=LEVEL; got '\(subset)'.") }
      subsetPair = (parts[0], parts[1])
    }
    let groups = by.map { $0.split(separator: ",").map(String.init) } ?? []
    return EstimationRequest(statistics: statistics, groups: groups, subset: subsetPair, interval: ci, level: level)
  }
}

extension EstimationRequest.IntervalMethod: ExpressibleByArgument {}

/// How results are printed.
extension OutputFormat: ExpressibleByArgument {}

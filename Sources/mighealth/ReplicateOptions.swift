import Aggregation
import ArgumentParser
import SurveyCore

/// Replicate-weight variance: replicates made from the design (`--replicates`) or
/// replicate-weight columns of the data (`--repweights` and the `--rep-*` options).
struct ReplicateOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Variance from replicate weights made from the design: jk1, jkn, brr, bootstrap:R:SEED (Canty-Davison)"
        + " or subbootstrap:R:SEED (Rao-Wu), e.g. bootstrap:500:1.",
      valueName: "method"))
  var replicates: String?

  @Option(
    help: ArgumentHelp(
      "Variance from replicate-weight columns of the data: a comma-separated list of columns, or a regular"
        + " expression matched anywhere in the column names (as R's grep), e.g. 'repw[0-9]+' or a prefix.",
      valueName: "regex|columns"))
  var repweights: String?

  @Option(help: "Type of the --repweights columns: jk1, jkn, brr, bootstrap, subbootstrap or other.")
  var repType: ReplicateWeights.Kind?

  @Option(
    help: ArgumentHelp("Scale of the replicate variance (default as R's svrepdesign for the type).", valueName: "c"))
  var repScale: Double?

  @Option(help: ArgumentHelp("Per-replicate factors: one number, or one per column.", valueName: "r[,r...]"))
  var repRscales: String?

  @Flag(help: "The --repweights columns are multipliers of the sampling weights (R's combined.weights = FALSE).")
  var repMultipliers = false

  @Flag(help: "Centre replicate variances on the full-sample estimate (R's mse = TRUE).")
  var mse = false

  func validate() throws {
    if replicates != nil, repweights != nil {
      throw ValidationError("Give either --replicates (made from the design) or --repweights (columns), not both.")
    }
    if repweights == nil, repType != nil || repScale != nil || repRscales != nil || repMultipliers {
      throw ValidationError(
        "--rep-type, --rep-scale, --rep-rscales and --rep-multipliers describe --repweights columns.")
    }
    if repweights != nil, repType == nil {
      throw ValidationError("--repweights needs --rep-type (jk1, jkn, brr, bootstrap, subbootstrap or other).")
    }
    if mse, replicates == nil, repweights == nil {
      throw ValidationError("--mse applies to replicate weights: give --replicates or --repweights.")
    }
    _ = try method()
    _ = try rscales()
  }

  /// The design with replicate weights, or `design` as it is when none are asked for.
  func apply(table: SurveyTable, design: SurveyDesign) throws -> SurveyDesign {
    let place = SourceLocation(file: table.sources.first?.file ?? "data")
    var chosen = try method()
    if let repweights, let repType {
      let names = try columns(matching: repweights, in: table, at: place)
      var values: [[Double]] = []
      for name in names { values.append(try numbers(name, in: table)) }
      chosen = .supplied(
        .init(
          columns: values, names: names, form: repMultipliers ? .multipliers : .combined, kind: repType,
          scale: repScale, rscales: try rscales()))
    }
    guard let chosen else { return design }
    // As R warns: these replicate methods use the first stage only, and BRR and the
    // Rao-Wu bootstrap take no finite population correction.
    if design.stages.count > 1 {
      printError("warning: replicate weights use the first stage only; later stages do not enter the variance")
    }
    if design.stages[0].populationUnits != nil {
      switch chosen {
      case .brr, .subbootstrap:
        printError("warning: \(replicates ?? "this method") takes no finite population correction; --fpc is ignored")
      default: break
      }
    }
    do {
      return try design.replicated(chosen, mse: mse)
    } catch {
      throw Diagnostic(at: place, error.message)
    }
  }

  /// `--replicates` parsed.
  private func method() throws -> ReplicateMethod? {
    guard let replicates else { return nil }
    let parts = replicates.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    switch (parts[0], parts.count) {
    case ("jk1", 1): return .jk1
    case ("jkn", 1): return .jkn
    case ("brr", 1): return .brr
    case ("bootstrap", 3), ("subbootstrap", 3):
      if let count = Int(parts[1]), count >= 2, let seed = UInt64(parts[2]) {
        return parts[0] == "bootstrap"
          ? .bootstrap(replicates: count, seed: seed) : .subbootstrap(replicates: count, seed: seed)
      }
    default: break
    }
    throw ValidationError(
      "--replicates takes jk1, jkn, brr, bootstrap:R:SEED or subbootstrap:R:SEED (R >= 2 replicates, SEED a"
        + " whole number >= 0), e.g. bootstrap:500:1; got '\(replicates)'.")
  }

  /// `--rep-rscales` parsed.
  private func rscales() throws -> [Double]? {
    guard let repRscales else { return nil }
    let values = repRscales.split(separator: ",").map { Double(trimmed($0)) }
    guard !values.isEmpty, values.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 } ?? false }) else {
      throw ValidationError("--rep-rscales takes numbers >= 0 separated by commas; got '\(repRscales)'.")
    }
    return values.compactMap { $0 }
  }

  /// The replicate columns: a comma-separated list, or every column whose name
  /// contains a match of the regular expression, in table order.
  private func columns(matching pattern: String, in table: SurveyTable, at place: SourceLocation) throws
    -> [String]
  {
    if pattern.contains(",") {
      let names = pattern.split(separator: ",").map(trimmed)
      if let absent = names.first(where: { table[$0] == nil }) {
        throw Diagnostic(at: place, "--repweights: no column '\(absent)' in the data")
      }
      return names
    }
    let regex: Regex<AnyRegexOutput>
    do {
      regex = try Regex(pattern)
    } catch {
      throw Diagnostic(at: place, "--repweights: '\(pattern)' is not a regular expression (\(error))")
    }
    let names = table.columnNames.filter { $0.contains(regex) }
    guard !names.isEmpty else {
      let shown = table.columnNames.prefix(12).joined(separator: ", ")
      throw Diagnostic(
        at: place,
        "--repweights: no column name matches '\(pattern)' (columns: \(shown)\(table.columnNames.count > 12 ? ", ..." : ""))"
      )
    }
    return names
  }

  /// A replicate column's values; every row must have a number.
  private func numbers(_ name: String, in table: SurveyTable) throws -> [Double] {
    let place = SourceLocation(file: table.sources.first?.file ?? "data")
    guard let column = table[name], case .numeric(let values) = column.values else {
      throw Diagnostic(at: place, "replicate weight column '\(name)' is not numeric")
    }
    if let row = (0..<column.count).first(where: { column.missing[$0] != nil }) {
      throw Diagnostic(
        at: table.location(ofRow: row) ?? place, "replicate weight column '\(name)' is missing in this row")
    }
    return values.doubles()
  }
}

/// Text without leading and trailing white space.
private func trimmed(_ text: Substring) -> String {
  String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
}

extension ReplicateWeights.Kind: ExpressibleByArgument {}

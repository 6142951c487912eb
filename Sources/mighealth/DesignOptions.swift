import ArgumentParser
import Ingest
import SurveyCore

/// The data file and its survey design, shared by `estimate`, `crosstab` and `weight`.
struct DesignOptions: ParsableArguments {
  @Argument(help: ArgumentHelp("The survey data (CSV).", valueName: "data.csv"))
  var data: String

  @Option(help: ArgumentHelp("Column of sampling weights.", valueName: "column"))
  var weights: String

  @Option(help: ArgumentHelp("Column of strata (first stage).", valueName: "column"))
  var strata: String?

  @Option(help: ArgumentHelp("Column of cluster ids; repeat once per stage (PSU first).", valueName: "column"))
  var cluster: [String] = []

  @Option(
    help: ArgumentHelp(
      "Column of the finite population correction, per stage: a population count, or a sampling fraction"
        + " when all values are at most 1. Without it, sampling is taken as with replacement.",
      valueName: "column"))
  var fpc: [String] = []

  @Flag(help: "Cluster ids restart within each stratum (R's nest = TRUE).")
  var nest = false

  @Option(help: "What to do with a stratum that has one PSU: fail, remove, certainty, adjust or average.")
  var lonelyPsu: SurveyDesign.LonelyPSU = .fail

  @Option(help: ArgumentHelp("Codebook YAML for the data (types are inferred without one).", valueName: "file"))
  var codebook: String?

  @Option(help: ArgumentHelp("Field delimiter: ',', ';' or 'tab' (default: sniffed).", valueName: "c"))
  var delimiter: Delimiter?

  /// Reads the data, reporting rejected rows on standard error, and builds the design.
  func load() throws -> (table: SurveyTable, design: SurveyDesign) {
    let codebook = try codebook.map { path throws(Diagnostics) in try Codebook.load(path: path) }
    let result = try IngestStage.run(
      files: [data], codebook: codebook, options: IngestStage.Options(delimiter: delimiter?.byte))
    for warning in result.warnings { printError(warning.description) }
    if !result.rejects.isEmpty {
      for reject in result.rejects.prefix(5) { printError("\(reject): row left out") }
      printError(
        "warning: \(result.rejects.count) of \(result.accounts.map(\.read).reduce(0, +)) rows were rejected and are"
          + " not in the estimates; `mighealth ingest \(data) --out DIR` writes them all with their reasons")
    }
    let columns = SurveyDesign.Columns(
      weights: weights, strata: strata, clusters: cluster, fpc: fpc, nest: nest, lonelyPSU: lonelyPsu)
    return (result.table, try SurveyDesign(table: result.table, columns: columns))
  }
}

extension SurveyDesign.LonelyPSU: ExpressibleByArgument {}

import Aggregation
import ArgumentParser
import Pipeline
import SurveyCore

/// `mighealth crosstab`: a weighted two-way table with design-based standard errors
/// and the Rao-Scott tests of independence.
struct CrosstabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "crosstab",
    abstract: "Weighted two-way table (counts, cell/row/column proportions with SEs) and Rao-Scott tests.",
    discussion: """
      Cells are estimated from the rows where both variables are present (as na.rm = TRUE),
      keeping the full design; row proportions are the distribution of --cols within each
      level of --rows, column proportions the reverse. SEs come from the design (Taylor
      linearization, as R's survey package computes them), intervals use the t distribution
      with the design's degrees of freedom. The tests are R's svychisq: the second-order
      Rao-Scott F (the default there) and the first-order corrected chi-square, whose
      statistic is Pearson's uncorrected X^2. With --by, each domain gets its own table
      and tests, on the full design. The weighting options (--rake, --poststratify,
      --calibrate, --trim) and replicate options (--replicates, --repweights) work as
      for `estimate`.

      Examples:
        mighealth crosstab apistrat.csv --weights pw --strata stype --fpc fpc --rows stype --cols awards
        mighealth crosstab survey.csv --weights design_weight --strata stratum --cluster psu \\
            --rows sex --cols unmet_need --by country --format json
      """
  )

  @OptionGroup var design: DesignOptions

  @OptionGroup var weighting: WeightingOptions

  @OptionGroup var replication: ReplicateOptions

  @Option(help: ArgumentHelp("Row variable (categorical, or numeric/text with at most 50 values).", valueName: "var"))
  var rows: String

  @Option(help: ArgumentHelp("Column variable.", valueName: "var"))
  var cols: String

  @Option(help: ArgumentHelp("One table per combination of these variables' values.", valueName: "var[,var...]"))
  var by: String?

  @Option(help: "Confidence level.")
  var level = 0.95

  @Option(
    help: ArgumentHelp(
      "Interval of the proportions: wald (as R's confint), logit, wilson or beta (inside [0, 1]); counts get wald."))
  var ci: EstimationRequest.IntervalMethod = .wald

  @Option(help: "Output: table, csv or json.")
  var format: OutputFormat = .table

  func validate() throws {
    guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95.") }
  }

  func run() throws {
    try reportingInputErrors(file: design.data) {
      let (table, surveyDesign) = try WeightedDesign.load(design, weighting, replication)
      let groups = by.map { $0.split(separator: ",").map(String.init) } ?? []
      var request = Crosstab.Request(rows: rows, columns: cols, groups: groups, level: level)
      request.interval = ci
      let result: Crosstab.Result
      do {
        result = try Crosstab.run(request, table: table, design: surveyDesign)
      } catch let error as Crosstab.Error {
        throw Diagnostic(at: SourceLocation(file: design.data), error.message)
      }
      print(CrosstabOutput(result: result).render(format), terminator: "")
    }
  }
}

import ArgumentParser
import Ingest
import SurveyCore
import Weighting

/// `mighealth weight`: calibrate the weights to population margins and write them out.
struct WeightCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "weight",
    abstract: "Rake, post-stratify or calibrate the weights to population margins, trim them, and write them out.",
    discussion: """
      Margins files are CSV with the columns variable,level,total and at most one more, a \
      grouping column (e.g. country) to weight within its groups; an empty level gives the \
      total of a numeric variable (--calibrate only). Every level of the data needs a margin \
      and every margin needs rows. A raking that does not converge, totals that disagree \
      between variables, bounds that cannot be met and weights that are not positive are \
      errors, never silent. The methods follow R's survey package (rake, postStratify, \
      calibrate, trimWeights) and give the same weights.

      Writes the data with the final weights as a new column and prints, per group of the \
      margins and overall: n, sum, min, max, mean, CV (sd/mean), Kish's design effect \
      n sum(w^2) / sum(w)^2 and the effective sample size n / deff.

      Examples:
        mighealth weight survey.csv --weights design_weight --rake margins.csv \\
            --out weighted.csv
        mighealth weight apiclus1.csv --weights pw --cluster dnum \\
            --calibrate totals.csv --bounds 0.5:2 --trim 20:60 \\
            --out weighted.csv --weight-column wcal
      """
  )

  @OptionGroup var design: DesignOptions

  @OptionGroup var weighting: WeightingOptions

  @Option(help: ArgumentHelp("Where to write the data with the final weights (CSV).", valueName: "weighted.csv"))
  var out: String

  @Option(help: ArgumentHelp("Name of the final weight column.", valueName: "name"))
  var weightColumn = "weight_final"

  func validate() throws {
    guard weighting.isActive else {
      throw ValidationError("Give --rake, --poststratify or --calibrate with a margins file, or --trim LO:HI.")
    }
    guard !weightColumn.isEmpty else { throw ValidationError("--weight-column needs a name.") }
  }

  func run() throws {
    try reportingInputErrors(file: design.data) {
      let (table, surveyDesign) = try design.load()
      if table[weightColumn] != nil {
        throw Diagnostic(
          at: SourceLocation(file: design.data),
          "column '\(weightColumn)' is already in the data; name the final weights with --weight-column")
      }
      let outcome = try weighting.weigh(table: table, design: surveyDesign)
      let weights = outcome.design.weights
      let diagnostics: [WeightDiagnostics]
      do throws(WeightingError) {
        diagnostics = try WeightDiagnostics.summarize(weights: weights, table: table, groupBy: outcome.groupVariable)
      } catch {
        throw error.diagnostic(fallback: SourceLocation(file: design.data))
      }
      var output = table
      output.setColumn(
        Column(name: weightColumn, type: .numeric, values: .numeric(.float64(weights))))
      try IngestOutput.writeTable(output, to: out)
      print("weighted \(table.rowCount) rows of \(design.data): \(outcome.summary)")
      print(Self.render(diagnostics), terminator: "")
      print("wrote \(out) (final weights in column '\(weightColumn)')")
    }
  }

  /// The diagnostics as an aligned table.
  static func render(_ diagnostics: [WeightDiagnostics]) -> String {
    let header = ["group", "n", "sum", "min", "max", "mean", "cv", "kish_deff", "n_eff"]
    let rows = diagnostics.map { item in
      [
        item.group ?? "all", String(item.count), number(item.sum, 8), number(item.minimum, 6),
        number(item.maximum, 6), number(item.mean, 6), number(item.cv, 4), number(item.kishDesignEffect, 5),
        number(item.effectiveSize, 6),
      ]
    }
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return column == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ") + "\n"
    }
    return ([header] + rows).map(line).joined()
  }

  /// `value` to `digits` significant digits, without a trailing `.0`.
  static func number(_ value: Double, _ digits: Int) -> String {
    let text = NumberFormat.significant(value, digits: digits)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }
}

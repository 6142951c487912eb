import SurveyCore
import Weighting

/// `kind: weight`: the design weights calibrated to population margins (rake,
/// post-stratify or linear calibration), then trimmed; with `per: country`, each
/// country is one task that weights its own rows to its own margins.
///
/// The countries' calibrations are joined into one calibration of the whole design:
/// a category per (country, level), so the calibration residuals used by the SEs are
/// those of one raking within countries, as R's `rake()` on margins crossed with country.
/// Publishes diagnostics.csv (per country and overall: n, sum, min, max, mean, CV, Kish
/// deff, effective n) and weights.csv (each row's file, line, group and final weight;
/// no respondent ids).
enum WeightWork {
  /// The name of the final weight column added to the table.
  static let weightColumn = "weight_final"

  static func run(_ spec: StageSpec.Weight, _ context: StageContext) throws -> StageOutcome {
    let table = try context.table()
    guard let marginsPath = context.files(of: spec.margins).first else {
      throw Diagnostic(at: context.stage.location, "input '\(spec.margins)' has no file")
    }
    let read = try restricted(try MarginsFile.read(marginsPath), to: spec.variables, path: marginsPath)
    let (margins, weighting) = try Collapsing.apply(spec.collapse, margins: read, table: table, stage: context.stage)
    let columns = spec.design.columns
    let base = try SurveyDesign(table: table, columns: columns)

    let groups: [(name: String?, rows: [Int])]
    if let per = context.stage.per?.variable {
      guard margins.groupVariable == per else {
        throw Diagnostic(
          at: SourceLocation(file: marginsPath),
          "stage '\(context.stage.name)' weights per \(per), so the margins need a '\(per)' column"
            + " (they are grouped by \(margins.groupVariable.map { "'\($0)'" } ?? "nothing"))")
      }
      groups = try StageContext.groups(of: per, in: table, stage: context.stage).map { ($0.name, $0.rows) }
    } else {
      groups = [(nil, Array(0..<table.rowCount))]
    }

    let weights = base.weights
    // Each task copies its rows of the margin variables only, not of the whole table.
    let needed = margins.variables + (margins.groupVariable.map { [$0] } ?? [])
    let narrow = SurveyTable(columns: needed.compactMap { weighting[$0] }, sources: weighting.sources)
    let parts = try context.tasks(
      Array(groups.indices), name: { groups[$0].name ?? "all" },
      { index in
        try weigh(
          spec, rows: groups[index].rows, group: groups[index].name, table: narrow, weights: weights,
          margins: margins, path: marginsPath)
      })

    var final = [Double](repeating: .nan, count: table.rowCount)
    for ((_, rows), (part, _)) in zip(groups, parts) {
      for (index, row) in rows.enumerated() { final[row] = part.weights[index] }
    }
    let covered = groups.map(\.rows.count).reduce(0, +)
    guard covered == table.rowCount else {
      let missing = table.rowCount - covered
      throw Diagnostic(
        at: context.stage.location,
        "stage '\(context.stage.name)': \(missing) rows have no '\(context.stage.per?.variable ?? "")' value to"
          + " weight them by")
    }
    var calibrations: [Calibration] = []
    if spec.variance == .calibrated {
      do {
        let joined = try CalibrationJoin.join(
          parts.map(\.0.calibration), rows: groups.map(\.rows), rowCount: table.rowCount)
        calibrations = base.calibrations + (joined.map { [$0] } ?? [])
      } catch {
        throw Diagnostic(at: context.stage.location, "stage '\(context.stage.name)': \(error)")
      }
    }

    var weighted = table
    if weighted[weightColumn] != nil {
      throw Diagnostic(at: context.stage.location, "the data already has a column '\(weightColumn)'")
    }
    weighted.setColumn(Column(name: weightColumn, type: .numeric, values: .numeric(.float64(final))))
    var designColumns = columns
    designColumns.weights = weightColumn

    var diagnostics = parts.map(\.0.diagnostics)
    if groups.count > 1 { diagnostics.append(WeightDiagnostics(weights: final)) }
    try writeOutputs(
      diagnostics: diagnostics, weights: final, table: weighted, per: context.stage.per?.variable, context)

    let result = StageResult(
      table: weighted, design: StageResult.DesignRecord(columns: designColumns, calibrations: calibrations),
      diagnostics: diagnostics)
    return StageOutcome(result: result, rows: .unchanged(table.rowCount), tasks: parts.map(\.1))
  }

  /// One group's weighting.
  struct Part: Sendable {
    var weights: [Double]
    var calibration: Calibration?
    var diagnostics: WeightDiagnostics
  }

  private static func weigh(
    _ spec: StageSpec.Weight, rows: [Int], group: String?, table: SurveyTable, weights: [Double], margins: Margins,
    path: String
  ) throws -> Part {
    let subtable = group == nil ? table : table.selecting(rows: rows)
    let subweights = group == nil ? weights : rows.map { weights[$0] }
    let submargins =
      try group.map { value throws(Diagnostic) in
        let entries = margins.entries.filter { $0.group == value }
        guard !entries.isEmpty else {
          throw Diagnostic(
            at: SourceLocation(file: path),
            "no margins for \(margins.groupVariable ?? "group") = '\(value)', which has \(rows.count) rows in the data")
        }
        return try mapping(path) { () throws(WeightingError) in
          try Margins(groupVariable: margins.groupVariable, entries: entries, file: margins.file)
        }
      } ?? margins
    let calibrated = try mapping(path) { () throws(WeightingError) -> CalibratedWeights in
      switch spec.method {
      case .rake:
        return try Raking.rake(
          weights: subweights, table: subtable, margins: submargins,
          options: Raking.Options(maxIterations: spec.maxIterations))
      case .poststratify:
        return try PostStratification.poststratify(weights: subweights, table: subtable, margins: submargins)
      case .calibrate:
        return try LinearCalibration.calibrate(
          weights: subweights, table: subtable, margins: submargins,
          options: LinearCalibration.Options(bounds: spec.bounds, maxIterations: spec.maxIterations))
      }
    }
    var final = calibrated.weights
    if let trim = spec.trim {
      let options = Trimming.Options(lower: trim.lower, upper: trim.upper, strict: trim.strict)
      final = try mapping(path) { () throws(WeightingError) in
        try Trimming.trim(weights: final, table: subtable, options: options).weights
      }
    }
    let name = group.map { "\(margins.groupVariable ?? "group") = '\($0)'" }
    return Part(
      weights: final, calibration: calibrated.calibration,
      diagnostics: WeightDiagnostics(weights: final, group: name))
  }

  /// The margins of `variables` only (all when empty); a variable not in the file is an error.
  private static func restricted(_ margins: Margins, to variables: [String], path: String) throws -> Margins {
    guard !variables.isEmpty else { return margins }
    let known = Set(margins.variables)
    if let unknown = variables.first(where: { !known.contains($0) }) {
      throw Diagnostic(
        at: SourceLocation(file: path),
        "variable '\(unknown)' has no margins in this file (it has: \(margins.variables.joined(separator: ", ")))")
    }
    return try mapping(path) { () throws(WeightingError) in
      try Margins(
        groupVariable: margins.groupVariable, entries: margins.entries.filter { variables.contains($0.variable) },
        file: margins.file)
    }
  }

  private static func writeOutputs(
    diagnostics: [WeightDiagnostics], weights: [Double], table: SurveyTable, per: String?, _ context: StageContext
  ) throws {
    try context.writeCSV(
      "diagnostics.csv", header: ["group", "n", "sum", "min", "max", "mean", "cv", "kish_deff", "n_eff"],
      rows: diagnostics.map { item in
        [
          item.group ?? "all", String(item.count), NumberFormat.shortest(item.sum), NumberFormat.shortest(item.minimum),
          NumberFormat.shortest(item.maximum), NumberFormat.shortest(item.mean), NumberFormat.shortest(item.cv),
          NumberFormat.shortest(item.kishDesignEffect), NumberFormat.shortest(item.effectiveSize),
        ]
      })
    let groupColumn = per.flatMap { table[$0] }
    try context.writeCSV("weights.csv") { writer in
      writer.writeRow(["file", "line"] + (per.map { [$0] } ?? []) + [weightColumn])
      for row in 0..<table.rowCount {
        let location = table.location(ofRow: row)
        writer.write(location?.file ?? "")
        writer.write(location?.line.map(String.init) ?? "")
        if let groupColumn { writer.write(groupColumn.text(at: row)) }
        writer.write(NumberFormat.shortest(weights[row]))
        writer.endRow()
      }
    }
  }

  private static func mapping<T>(_ path: String, _ body: () throws(WeightingError) -> T) throws(Diagnostic) -> T {
    do {
      return try body()
    } catch {
      throw error.diagnostic(fallback: SourceLocation(file: path))
    }
  }
}

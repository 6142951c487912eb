import Clean
import SurveyCore

/// `kind: clean`: the cleaning rules in order; cleaning_log.csv, rejects.csv (each row
/// with the rule that set it aside) and flags.csv.
enum CleanWork {
  static func run(_ spec: StageSpec.Clean, _ context: StageContext) throws -> StageOutcome {
    let table = try context.table()
    let result = try context.pool.run { try CleanStage.run(table, rules: spec.rules) }
    try context.writeCSV(
      "cleaning_log.csv", header: ["rule", "kind", "country", "changed", "flagged", "rejected"],
      rows: result.log.map { entry in
        [
          entry.rule, entry.kind, entry.country ?? "", String(entry.changed), String(entry.flagged),
          String(entry.rejected),
        ]
      })
    let header = ["rule", "file", "line", "row", "variable", "value", "reason"]
    func cells(
      _ rule: String, _ location: SourceLocation?, _ row: Int, _ variable: String, _ value: String, _ reason: String
    )
      -> [String]
    {
      [rule, location?.file ?? "", location?.line.map(String.init) ?? "", String(row + 1), variable, value, reason]
    }
    try context.writeCSV(
      "rejects.csv", header: header,
      rows: result.rejects.map { cells($0.rule, $0.location, $0.row, $0.variable, $0.value, $0.reason) })
    try context.writeCSV(
      "flags.csv", header: header,
      rows: result.flags.map { cells($0.rule, $0.location, $0.row, $0.variable, $0.value, $0.reason) })
    let rows = RowAccount.filtering(in: result.rowsIn, out: result.table.rowCount, rejected: result.rejects.count)
    var stageResult = StageResult(table: result.table, cleaningLog: result.log)
    var byRule: [(String, Int)] = []
    for reject in result.rejects {
      if let index = byRule.firstIndex(where: { $0.0 == reject.rule }) {
        byRule[index].1 += 1
      } else {
        byRule.append((reject.rule, 1))
      }
    }
    stageResult.rejectCounts =
      (try context.nearest { $0.rejectCounts.isEmpty ? nil : $0.rejectCounts } ?? [])
      + byRule.map { .init(stage: context.stage.name, source: $0.0, rows: $0.1) }
    var summary: [Manifest.RuleSummary] = []
    for entry in result.log {
      if let index = summary.firstIndex(where: { $0.rule == entry.rule }) {
        summary[index].changed += entry.changed
        summary[index].flagged += entry.flagged
        summary[index].rejected += entry.rejected
      } else {
        summary.append(
          .init(
            rule: entry.rule, kind: entry.kind, changed: entry.changed, flagged: entry.flagged,
            rejected: entry.rejected))
      }
    }
    return StageOutcome(result: stageResult, rows: rows, cleaning: summary)
  }
}

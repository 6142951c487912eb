import Clean
import Ingest
import SurveyCore
import TestSupport
import Testing

/// Ingests `csv` (written as `name` in a fresh temporary directory), with `codebook` YAML when given.
func ingest(_ csv: String, name: String = "survey.csv", codebook: String? = nil) throws -> SurveyTable {
  let directory = TemporaryDirectory("clean")
  let path = directory.write(name, csv)
  let book = try codebook.map { text throws(Diagnostics) in try Codebook(yaml: text, path: "codebook.yaml") }
  let result = try IngestStage.run(files: [path], codebook: book, options: .init(jobs: 1))
  #expect(result.rejects.isEmpty, "ingest rejected \(result.rejects)")
  // Name the file as the test wrote it, without the temporary directory.
  let sources = result.table.sources.map { source in
    var source = source
    source.file = name
    return source
  }
  return SurveyTable(columns: result.table.columns, sources: sources)
}

/// Reads rules from inline YAML named `clean.yaml`.
func rules(_ yaml: String) throws -> CleanRules {
  try CleanRules(yaml: yaml, path: "clean.yaml")
}

/// The messages of the diagnostics `rules` throws for `yaml`, as printed.
func ruleErrors(_ yaml: String) -> [String] {
  do {
    _ = try CleanRules(yaml: yaml, path: "clean.yaml")
    return []
  } catch {
    return error.items.map(\.description)
  }
}

/// Runs `yaml`'s rules over `table`.
func clean(_ table: SurveyTable, _ yaml: String) throws -> CleanStage.Result {
  try CleanStage.run(table, rules: rules(yaml))
}

/// The column's cells as text (missing cells as their reason's token).
func cells(_ table: SurveyTable, _ name: String) -> [String] {
  guard let column = table[name] else { return ["<no column \(name)>"] }
  return (0..<table.rowCount).map { column.text(at: $0) }
}

/// The log as `rule country changed/flagged/rejected` lines.
func logLines(_ result: CleanStage.Result) -> [String] {
  result.log.map { "\($0.rule) \($0.country ?? "-") \($0.changed)/\($0.flagged)/\($0.rejected)" }
}

import Ingest
import SurveyCore

/// `kind: ingest`: the survey files to one typed table; rejects.csv and accounting.csv.
enum IngestWork {
  static func run(_ spec: StageSpec.Ingest, _ context: StageContext) throws -> StageOutcome {
    let files = spec.files.flatMap(context.files(of:))
    let codebook = try spec.codebook.flatMap { name throws(Diagnostics) in
      try context.files(of: name).first.map { path throws(Diagnostics) in try Codebook.load(path: path) }
    }
    let result = try context.pool.run {
      try IngestStage.run(files: files, codebook: codebook, options: IngestStage.Options(jobs: context.pool.jobs))
    }
    let warnings = result.warnings.map(\.description)
    for warning in warnings { context.progress.warning(warning, stage: context.stage.name) }
    try IngestOutput.writeRejects(result.rejects, to: FileSystem.join(context.filesDirectory, "rejects.csv"))
    try IngestOutput.writeAccounting(result.accounts, to: FileSystem.join(context.filesDirectory, "accounting.csv"))
    let read = result.accounts.map(\.read).reduce(0, +)
    var rows = RowAccount.filtering(in: read, out: result.table.rowCount, rejected: result.rejects.count)
    rows.balances = rows.balances && result.accounts.allSatisfy(\.balances)
    var stageResult = StageResult(table: result.table)
    stageResult.rejectCounts = result.accounts.filter { $0.rejected > 0 }.map {
      .init(stage: context.stage.name, source: $0.file, rows: $0.rejected)
    }
    return StageOutcome(result: stageResult, rows: rows, warnings: warnings)
  }
}

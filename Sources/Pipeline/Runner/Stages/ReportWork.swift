import Aggregation
import SurveyCore

/// `kind: report`: the published tables (for now the estimates, as tidy CSV).
enum ReportWork {
  static func run(_ spec: StageSpec.Report, _ context: StageContext) throws -> StageOutcome {
    let estimates = try context.nearest { $0.estimates.isEmpty ? nil : $0.estimates } ?? []
    try FileSystem.writeAtomically(
      EstimateOutput(rows: estimates).render(.csv), to: FileSystem.join(context.filesDirectory, "estimates.csv"))
    return StageOutcome(result: StageResult(), rows: nil)
  }
}

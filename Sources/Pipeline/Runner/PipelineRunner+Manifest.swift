import Dispatch
import SurveyCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The run's manifest and the JSON and messages it is written with.
extension PipelineRunner {
  func manifest(
    started: String, clock: DispatchTime, inputs: [Manifest.InputFile], stages: [PipelineDefinition.Stage],
    keys: [String: String], records: [String: Manifest.Stage], status: String
  ) -> Manifest {
    let ordered = stages.map { stage in
      records[stage.name]
        ?? Manifest.Stage(
          name: stage.name, kind: stage.kind.rawValue, status: "not_run", key: keys[stage.name] ?? "")
    }
    var checks: [String] = []
    var balances = true
    for stage in stages {
      guard let rows = records[stage.name]?.rows else { continue }
      checks.append(
        "\(stage.name): \(rows.check): \(rows.rowsIn) = \(rows.rowsOut)"
          + (rows.check.contains("rejected") ? " + \(rows.rejected)" : "") + (rows.balances ? "" : " FAILS"))
      balances = balances && rows.balances
      // The rows a stage takes in are those its nearest table-making upstream stage gave out.
      if [.clean, .weight, .aggregate].contains(stage.kind),
        let source = upstream(of: stage).first(where: { name in
          definition.stage(name).map { [.ingest, .clean, .weight].contains($0.kind) } ?? false
        }), let upstreamRows = records[source]?.rows
      {
        let chained = upstreamRows.rowsOut == rows.rowsIn
        checks.append(
          "\(source) out = \(stage.name) in: \(upstreamRows.rowsOut) = \(rows.rowsIn)"
            + (chained ? "" : " FAILS"))
        balances = balances && chained
      }
    }
    let pipelineHash = (try? SHA256.hex(ofFile: definition.path)) ?? ""
    return Manifest(
      tool: Manifest.Tool(name: "mighealth", version: options.toolVersion, sha256: options.toolFingerprint),
      pipeline: Manifest.PipelineFile(name: definition.name, path: definition.path, sha256: pipelineHash),
      status: status, started: started,
      seconds: Double(DispatchTime.now().uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9, jobs: options.jobs,
      inputs: inputs, stages: ordered, accounting: Manifest.Accounting(balances: balances, checks: checks))
  }

  static func timestamp() -> String { Date().formatted(.iso8601) }

  static func json(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func message(_ error: any Error) -> String {
    switch error {
    case let diagnostic as Diagnostic: diagnostic.description
    case let diagnostics as Diagnostics: diagnostics.items.map(\.description).joined(separator: "\n")
    case is TaskPool.Cancelled: "cancelled after another stage failed"
    default: "\(error)"
    }
  }
}

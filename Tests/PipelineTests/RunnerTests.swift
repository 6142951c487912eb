import Foundation
import Logging
import TestSupport
import Testing

@testable import Pipeline
@testable import SurveyCore

/// The runner on the sample study (SampleData/, Pipelines/mig-healthcare.yaml), each
/// test in its own output folder.
@Suite("Pipeline runner")
struct RunnerTests {
  static let root = packageRoot()

  /// The sample pipeline, writing into `output`.
  static func sample(output: String) throws -> PipelineDefinition {
    var definition = try PipelineDefinition.load(path: "\(root)/Pipelines/mig-healthcare.yaml", root: root)
    definition.output = output
    return definition
  }

  static func run(
    _ definition: PipelineDefinition, jobs: Int = 2, force: Bool = false, from: String? = nil, target: String? = nil
  ) throws -> PipelineRunner.Report {
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let options = PipelineRunner.Options(
      jobs: jobs, force: force, from: from, target: target, toolVersion: "test", progress: RunProgress(logger: logger))
    return try PipelineRunner(definition: definition, options: options).run()
  }

  static func statuses(_ report: PipelineRunner.Report) -> [String: String] {
    Dictionary(uniqueKeysWithValues: report.manifest.stages.map { ($0.name, $0.status) })
  }

  /// Every published file below `folder` (not the manifest, not the cache) and its bytes.
  static func outputs(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    for name in FileSystem.files(below: folder) where !name.hasPrefix(".cache/") && name != "manifest.json" {
      files[name] = FileManager.default.contents(atPath: "\(folder)/\(name)")
    }
    return files
  }

  @Test("runs the sample pipeline end to end: every stage, balanced rows, profiles and tables")
  func endToEnd() throws {
    let folder = TemporaryDirectory("runner")
    let report = try Self.run(try Self.sample(output: folder.path))
    #expect(report.succeeded)
    #expect(Self.statuses(report).values.allSatisfy { $0 == "run" })
    let rows = Dictionary(uniqueKeysWithValues: report.manifest.stages.compactMap { s in s.rows.map { (s.name, $0) } })
    // 1,200 data rows; the 9 bad rows of SampleData/README.md go at ingest, 10 more at clean
    // (a duplicate id and rows without the sex or age group the weighting needs).
    #expect(rows["ingest"] == RowAccount.filtering(in: 1200, out: 1191, rejected: 9))
    #expect(rows["clean"] == RowAccount.filtering(in: 1191, out: 1181, rejected: 10))
    #expect(rows["weight"] == RowAccount.unchanged(1181))
    #expect(report.manifest.accounting.balances)
    #expect(report.manifest.inputs.count == 13)
    #expect(report.manifest.inputs.allSatisfy { $0.sha256.count == 64 })
    let files = Self.outputs(folder.path)
    for name in [
      "ingest/rejects.csv", "clean/cleaning_log.csv", "weight/diagnostics.csv", "aggregate/estimates.csv",
      "aggregate/crosstabs.csv", "report/profile_DE.html", "report/profile_DE.md", "report/comparison.html",
      "report/tables.xlsx", "report/tables/estimates.csv", "report/tables/footnotes.csv",
    ] {
      #expect(files[name] != nil, "\(name) is written")
    }
    let manifest = try JSONDecoder().decode(
      Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/manifest.json")))
    #expect(manifest.status == "succeeded" && manifest.stages.count == 5)
  }

  @Test("a rerun with nothing changed runs nothing and leaves every output byte for byte")
  func warmRun() throws {
    let folder = TemporaryDirectory("runner")
    let definition = try Self.sample(output: folder.path)
    _ = try Self.run(definition)
    let before = Self.outputs(folder.path)
    let again = try Self.run(definition)
    #expect(Self.statuses(again).values.allSatisfy { $0 == "cached" })
    #expect(Self.outputs(folder.path) == before)
  }

  @Test("a changed margins file reruns weight and the stages after it only")
  func marginsChange() throws {
    let folder = TemporaryDirectory("runner")
    var definition = try Self.sample(output: "\(folder.path)/out")
    let margins = try String(contentsOfFile: "\(Self.root)/SampleData/margins.csv", encoding: .utf8)
    let marginsPath = folder.write("margins.csv", margins)
    let index = try #require(definition.inputs.firstIndex { $0.name == "margins" })
    definition.inputs[index].files = [marginsPath]
    _ = try Self.run(definition)
    let weights = try String(contentsOfFile: "\(folder.path)/out/weight/weights.csv", encoding: .utf8)
    // Germany: 1,000 more women and 1,000 fewer men in the population (totals still agree).
    folder.write(
      "margins.csv",
      margins.replacingOccurrences(of: "DE,sex,F,280800", with: "DE,sex,F,281800")
        .replacingOccurrences(of: "DE,sex,M,357390", with: "DE,sex,M,356390"))
    let report = try Self.run(definition)
    #expect(
      Self.statuses(report)
        == ["ingest": "cached", "clean": "cached", "weight": "run", "aggregate": "run", "report": "run"])
    let changed = try String(contentsOfFile: "\(folder.path)/out/weight/weights.csv", encoding: .utf8)
    #expect(changed != weights)
  }

  @Test("--from reruns a stage and what follows; --force reruns all; stage runs only what it needs")
  func fromForceAndTarget() throws {
    let folder = TemporaryDirectory("runner")
    let definition = try Self.sample(output: folder.path)
    let target = try Self.run(definition, target: "clean")
    #expect(Self.statuses(target) == ["ingest": "run", "clean": "run"])
    // One stage's run has its own manifest; the whole run's is not replaced by a partial one.
    #expect(target.manifestPath == "\(folder.path)/stage-clean.manifest.json")
    let from = try Self.run(definition, from: "weight")
    #expect(
      Self.statuses(from)
        == ["ingest": "cached", "clean": "cached", "weight": "run", "aggregate": "run", "report": "run"])
    let forced = try Self.run(definition, force: true)
    #expect(Self.statuses(forced).values.allSatisfy { $0 == "run" })
  }

  @Test("outputs are byte-identical with --jobs 1 and --jobs 4")
  func deterministic() throws {
    let one = TemporaryDirectory("runner")
    let four = TemporaryDirectory("runner")
    _ = try Self.run(try Self.sample(output: one.path), jobs: 1)
    _ = try Self.run(try Self.sample(output: four.path), jobs: 4)
    let first = Self.outputs(one.path)
    #expect(!first.isEmpty)
    #expect(first == Self.outputs(four.path))
  }

  @Test("a failing stage stops the run: named with its reason, later stages skipped, manifest written")
  func failure() throws {
    let folder = TemporaryDirectory("runner")
    var definition = try Self.sample(output: "\(folder.path)/out")
    // A good run first: its weight, aggregate and report outputs must not survive a failed run.
    #expect(try Self.run(definition).succeeded)
    // Margins without Malta: its rows cannot be weighted.
    let margins = try String(contentsOfFile: "\(Self.root)/SampleData/margins.csv", encoding: .utf8)
    let withoutMalta = margins.split(separator: "\n").filter { !$0.hasPrefix("MT,") }.joined(separator: "\n") + "\n"
    let index = try #require(definition.inputs.firstIndex { $0.name == "margins" })
    definition.inputs[index].files = [folder.write("margins.csv", withoutMalta)]
    let report = try Self.run(definition)
    #expect(report.failure?.stage == "weight")
    #expect(report.failure?.diagnostic.contains("no margins for country = 'MT'") == true)
    #expect(
      Self.statuses(report) == [
        "ingest": "cached", "clean": "cached", "weight": "failed", "aggregate": "skipped",
        "report": "skipped",
      ])
    #expect(report.manifest.status == "failed")
    #expect(FileManager.default.fileExists(atPath: "\(folder.path)/out/manifest.json"))
    for stage in ["weight", "aggregate", "report"] {
      #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/out/\(stage)"), "\(stage)'s old outputs are gone")
    }
    #expect(FileManager.default.fileExists(atPath: "\(folder.path)/out/clean/cleaning_log.csv"))
  }

  @Test("a damaged cache entry (a file removed) is run again, not trusted")
  func damagedEntry() throws {
    let folder = TemporaryDirectory("runner")
    let definition = try Self.sample(output: folder.path)
    _ = try Self.run(definition)
    let entries = FileSystem.list("\(folder.path)/.cache/clean")
    let entry = try #require(entries.first)
    try FileSystem.remove("\(folder.path)/.cache/clean/\(entry)/files/flags.csv")
    let report = try Self.run(definition)
    #expect(report.succeeded)
    #expect(Self.statuses(report)["clean"] == "run" && Self.statuses(report)["ingest"] == "cached")
    #expect(FileManager.default.fileExists(atPath: "\(folder.path)/clean/flags.csv"))
  }

  @Test("after a crash mid-stage (a half-written entry and file left behind) the next run recovers")
  func crashRecovery() throws {
    let folder = TemporaryDirectory("runner")
    let definition = try Self.sample(output: folder.path)
    _ = try Self.run(definition)
    let before = Self.outputs(folder.path)
    // What a run killed while writing aggregate leaves: its entry not yet renamed into
    // place (the old one gone with the new key), a temporary entry and a temporary file.
    try FileSystem.remove("\(folder.path)/.cache/aggregate")
    try FileSystem.makeDirectories("\(folder.path)/.cache/tmp/aggregate-0123/files")
    folder.write(".cache/tmp/aggregate-0123/files/estimates.csv", "statistic,variable\nproportion,")
    folder.write("aggregate/estimates.csv.tmp-999-1", "statistic,variable\nproportion,")
    let report = try Self.run(definition)
    #expect(report.succeeded)
    #expect(Self.statuses(report)["aggregate"] == "run" && Self.statuses(report)["weight"] == "cached")
    #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/.cache/tmp/aggregate-0123"))
    #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/aggregate/estimates.csv.tmp-999-1"))
    #expect(Self.outputs(folder.path) == before)
  }

  @Test("a dry run plans without writing anything")
  func dryRun() throws {
    let folder = TemporaryDirectory("runner")
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    let options = PipelineRunner.Options(
      jobs: 1, dryRun: true, toolVersion: "test", progress: RunProgress(logger: logger))
    let report = try PipelineRunner(definition: try Self.sample(output: "\(folder.path)/out"), options: options).run()
    #expect(report.manifest.stages.allSatisfy { $0.status == "would_run" })
    #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/out"))
  }
}

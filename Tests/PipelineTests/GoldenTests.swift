import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// The sample pipeline's published tables and profiles, byte for byte against
/// Tests/PipelineTests/Golden (written by scripts/update-golden.sh after a change was
/// checked to be intended). The numbers in them come from the estimation engine, whose
/// agreement with R survey the Aggregation and Reporting tests prove; this test guards
/// the assembly: which estimates reach which table, disclosure flags, rounding, layout.
@Suite("Sample pipeline outputs")
struct GoldenTests {
  static let golden = "\(packageRoot())/Tests/PipelineTests/Golden"

  @Test("the published tables and two profiles are as in Golden/")
  func goldenOutputs() throws {
    let folder = TemporaryDirectory("golden")
    let report = try RunnerTests.run(try RunnerTests.sample(output: folder.path))
    #expect(report.succeeded)
    let list = try String(contentsOfFile: "\(Self.golden)/FILES", encoding: .utf8)
    let files = list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    #expect(files.count == 12)
    for file in files {
      let expected = try String(contentsOfFile: "\(Self.golden)/\(file)", encoding: .utf8)
      // The test reads SampleData/ by absolute path; the golden run by the relative one.
      let actual = try String(contentsOfFile: "\(folder.path)/\(file)", encoding: .utf8)
        .replacingOccurrences(of: packageRoot() + "/", with: "")
      #expect(actual == expected, "\(file) differs from Golden/ (scripts/update-golden.sh rewrites it)")
    }
  }

  @Test("the cleaning log's rejects match the clean stage's rejects file and row accounting")
  func cleaningLogCounts() throws {
    let folder = TemporaryDirectory("golden")
    let report = try RunnerTests.run(try RunnerTests.sample(output: folder.path))
    let log = try CSVFixture(path: "\(folder.path)/clean/cleaning_log.csv")
    let rejects = try CSVFixture(path: "\(folder.path)/clean/rejects.csv")
    let logged = log.rows.compactMap { Int($0["rejected"] ?? "") }.reduce(0, +)
    let clean = try #require(report.manifest.stages.first { $0.name == "clean" }?.rows)
    #expect(logged == rejects.rows.count)
    #expect(logged == clean.rejected)
    // Every rejected row names the rule that set it aside, and that rule is in the log.
    let rules = Set(log.rows.compactMap { $0["rule"] })
    #expect(rejects.rows.allSatisfy { rules.contains($0["rule"] ?? "") })
    // The recode writes age_group for every row with an age: per country, changed + rows
    // without age = the country's rows at that point.
    let recoded = log.rows.filter { $0["rule"] == "recode(age_group)" }.compactMap { Int($0["changed"] ?? "") }
    #expect(recoded.count == 10)
    #expect(recoded.reduce(0, +) <= clean.rowsIn)
  }
}

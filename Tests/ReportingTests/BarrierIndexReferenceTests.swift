import Aggregation
import Ingest
import SurveyCore
import TestSupport
import Testing

@testable import Reporting

// The barrier index's design-based country means, SEs, CIs and replicate rank
// intervals against R's survey package: Fixtures/make_reference.R writes the data
// (index_data.csv), R's index per respondent (index_scores.csv), svyby means
// (index_means.csv) and rank intervals (index_ranks.csv). Agreement: 1e-8 relative.

private enum Fixture {
  static let folder = packageRoot() + "/Tests/ReportingTests/Fixtures"

  static func rows(_ name: String) -> [[String: String]] {
    (try? CSVFixture(path: folder + "/" + name))?.rows ?? []
  }

  static func table() throws -> SurveyTable {
    try IngestStage.run(files: [folder + "/index_data.csv"], codebook: nil, options: .init(jobs: 1)).table
  }

  /// The design of make_reference.R: `taylor`, `jkn` or `brr`.
  static func design(_ name: String, table: SurveyTable) throws -> SurveyDesign {
    let taylor = try SurveyDesign(
      table: table,
      columns: .init(weights: "weight", strata: "stratum", clusters: ["psu"], nest: true))
    switch name {
    case "jkn": return try taylor.replicated(.jkn)
    case "brr": return try taylor.replicated(.brr)
    default: return taylor
    }
  }

  /// The index of make_reference.R: min-max over complete cases, trust reversed,
  /// equal weights, arithmetic means of items and of the three dimensions.
  static func index(groups: [String] = ["legal_status"]) throws -> BarrierIndex {
    let composite = try CompositeIndex(
      dimensions: [
        .init("affordability", items: [.init("bar_cost")]),
        .init("acceptability", items: [.init("bar_language"), .init("trust", polarity: .negative)]),
        .init("availability", items: [.init("bar_wait")]),
      ], normalization: .minMax(), aggregation: .arithmetic)
    return BarrierIndex(index: composite, groupVariables: groups)
  }
}

/// `value` within 1e-8 relative of `reference` (absolute 1e-13 near zero); `nil` matches an empty cell.
private func agrees(_ value: Double?, _ reference: String?) -> Bool {
  guard let reference = RReference.number(reference) else { return value == nil }
  guard let value else { return false }
  return abs(value - reference) <= 1e-8 * max(abs(value), abs(reference)) || abs(value - reference) < 1e-13
}

@Suite("Barrier index against R survey")
struct BarrierIndexReferenceTests {
  @Test("scores every complete respondent as R does, and no one else")
  func scores() throws {
    let table = try Fixture.table()
    let scores = try Fixture.index().scores(table)
    let reference = Fixture.rows("index_scores.csv")
    #expect(reference.count == table.rowCount)
    for (row, expected) in reference.enumerated() {
      #expect(
        agrees(scores.overall[row], expected["index"]), "row \(row + 1): \(String(describing: scores.overall[row]))")
    }
    #expect(scores.complete + scores.incomplete == table.rowCount)
  }

  @Test("country and country x legal status means, SE, CI, df and n match svyby", arguments: ["taylor", "jkn", "brr"])
  func means(design name: String) throws {
    let table = try Fixture.table()
    let design = try Fixture.design(name, table: table)
    let estimates = try Fixture.index().estimates(table, design: design)
    let reference = Fixture.rows("index_means.csv").filter { $0["design"] == name }
    #expect(reference.count == 16)  // 4 countries and 12 country x legal status groups
    for expected in reference {
      let key = expected["domain"] ?? ""
      let row = estimates.first { ([$0.country] + $0.group.map(\.value)).joined(separator: ";") == key }
      guard let row else {
        Issue.record("\(name): no estimate for \(key)")
        continue
      }
      #expect(agrees(row.mean, expected["mean"]), "\(name) \(key) mean \(String(describing: row.mean))")
      #expect(agrees(row.se, expected["se"]), "\(name) \(key) se \(String(describing: row.se))")
      #expect(agrees(row.ciLow, expected["ci_low"]), "\(name) \(key) ci_low")
      #expect(agrees(row.ciHigh, expected["ci_high"]), "\(name) \(key) ci_high")
      #expect(agrees(Double(row.df), expected["df"]), "\(name) \(key) df \(row.df)")
      #expect(agrees(Double(row.n), expected["n"]), "\(name) \(key) n")
      #expect(agrees(Double(row.nMissing), expected["n_missing"]), "\(name) \(key) n_missing")
    }
  }

  @Test("a country whose respondents all miss an item has no mean and says why")
  func emptyCountry() throws {
    let table = try Fixture.table()
    let estimates = try Fixture.index(groups: []).estimates(table, design: try Fixture.design("taylor", table: table))
    let ee = try #require(estimates.first { $0.country == "EE" })
    #expect(ee.mean == nil && ee.se == nil && ee.n == 0 && ee.nMissing == 24)
    #expect(ee.undefinedReason == "no respondent in EE has every index item answered (24 without a score)")
  }

  @Test("ranks and replicate rank intervals match the R script", arguments: ["jkn", "brr"])
  func ranks(design name: String) throws {
    let table = try Fixture.table()
    let ranking = try Fixture.index().ranks(table, design: try Fixture.design(name, table: table))
    let reference = Fixture.rows("index_ranks.csv").filter { $0["design"] == name }
    #expect(reference.count == 4)
    for expected in reference {
      let row = try #require(ranking.rows.first { $0.country == expected["country"] })
      #expect(agrees(row.mean, expected["mean"]))
      #expect(agrees(row.rank, expected["rank"]), "\(name) \(row.country) rank \(String(describing: row.rank))")
      #expect(
        agrees(row.rankLow, expected["rank_low"]), "\(name) \(row.country) low \(String(describing: row.rankLow))")
      #expect(
        agrees(row.rankHigh, expected["rank_high"]), "\(name) \(row.country) high \(String(describing: row.rankHigh))")
      #expect(agrees(Double(ranking.replicatesUsed), expected["replicates"]))
    }
    let ee = try #require(ranking.rows.first { $0.country == "EE" })
    #expect(ee.rank == nil && ee.rankLow == nil)
    #expect(
      ee.undefinedReason == "not ranked: no respondent in EE has every index item answered (24 without a score)")
  }

  @Test("without replicate weights the rank has no interval, with the reason")
  func ranksWithoutReplicates() throws {
    let table = try Fixture.table()
    let ranking = try Fixture.index().ranks(table, design: try Fixture.design("taylor", table: table))
    let dd = try #require(ranking.rows.first { $0.country == "DD" })
    #expect(dd.rank == 1 && dd.rankLow == nil && dd.rankHigh == nil)
    #expect(
      dd.undefinedReason
        == "no rank interval: the design has no replicate weights (make them with SurveyDesign.replicated)")
  }

  @Test("Cronbach's alpha overall and per country matches R, flags values below 0.7, and explains EE")
  func reliability() throws {
    let table = try Fixture.table()
    let scopes = try Fixture.index().reliability(table)
    let reference = Fixture.rows("index_alpha.csv")
    #expect(scopes.map { $0.country ?? "" } == reference.map { $0["country"] ?? "" })
    for (scope, expected) in zip(scopes, reference) {
      #expect(agrees(scope.alpha.alpha, expected["alpha"]), "\(scope.country ?? "overall") alpha")
      #expect(agrees(Double(scope.alpha.respondentsUsed), expected["n"]))
      #expect(scope.isFlagged == (scope.alpha.alpha != nil))
    }
    #expect(
      scopes.last?.alpha.undefinedReason
        == "Cronbach's alpha needs at least two respondents with every item answered; got 0")
  }

  @Test("rank sensitivity: the baseline reproduces the ranks, alternatives report rank shifts")
  func sensitivity() throws {
    let table = try Fixture.table()
    let design = try Fixture.design("taylor", table: table)
    let index = try Fixture.index()
    let result = try index.sensitivity(
      table, design: design,
      alternatives: [
        .init("ranks", normalization: .rank),
        .init("geometric", normalization: .minMax(to: 1...100), aggregation: .geometric),
        .init(
          "cost counts double",
          dimensionWeights: .explicit(["affordability": 2, "acceptability": 1, "availability": 1])),
      ])
    let ranking = try index.ranks(table, design: design)
    #expect(result.countries == ["AA", "BB", "CC", "DD"])
    #expect(result.scenarios == ["baseline", "ranks", "geometric", "cost counts double"])
    #expect(result.ranks[0] == result.countries.map { country in ranking.rows.first { $0.country == country }?.rank })
    for (position, country) in result.countries.enumerated() {
      let shift = result.ranks.dropFirst().map { abs($0[position] - result.ranks[0][position]) }.max()
      #expect(result.rankShift[position] == shift, "\(country)")
    }
    #expect(result.meanShift.count == 3)
  }
}

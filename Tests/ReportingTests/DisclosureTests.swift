import Testing

@testable import Aggregation
@testable import Reporting

/// A proportion row of the barrier `cost` in one country.
func barrierRow(
  country: String = "DE", level: String = "yes", estimate: Double, se: Double, n: Int, variable: String = "cost"
) -> EstimateRow {
  ProfileFixture.share(variable, level, estimate, se: se, n: n, country: country)
}

@Suite("Disclosure rules")
struct DisclosureTests {
  let rules = DisclosureRules()

  @Test("suppresses a count below the minimum and publishes one at the minimum")
  func smallCount() {
    #expect(rules.assess(n: 9, estimate: 0.4, se: 0.01) == .suppress(.smallCount(n: 9, minimum: 10)))
    #expect(rules.assess(n: 10, estimate: 0.4, se: 0.01) == .publish)
    let strict = DisclosureRules(minimumCount: 30)
    #expect(strict.assess(n: 29, estimate: 0.4, se: 0.01) == .suppress(.smallCount(n: 29, minimum: 30)))
  }

  // RSE = se / |estimate|: 0.12 / 0.4 = 0.3 (not above 0.3), 0.13 / 0.4 = 0.325,
  // 0.2 / 0.4 = 0.5 (not above 0.5), 0.21 / 0.4 = 0.525.
  @Test("flags an RSE above 0.3 and suppresses one above 0.5, thresholds exclusive")
  func relativeError() {
    #expect(rules.assess(n: 50, estimate: 0.4, se: 0.12) == .publish)
    guard case .unreliable(let rse) = rules.assess(n: 50, estimate: 0.4, se: 0.13) else {
      Issue.record("0.13 / 0.4 not flagged")
      return
    }
    #expect(abs(rse - 0.325) < 1e-12)
    #expect(rules.assess(n: 50, estimate: -0.4, se: 0.13).flag == "unreliable")
    #expect(rules.assess(n: 50, estimate: 0.4, se: 0.2).flag == "unreliable")
    #expect(rules.assess(n: 50, estimate: 0.4, se: 0.21).flag == "suppressed_high_rse")
  }

  @Test("takes thresholds from the configuration")
  func configured() {
    let lenient = DisclosureRules(minimumCount: 5, unreliableRSE: 0.5, suppressionRSE: 0.8)
    #expect(lenient.assess(n: 5, estimate: 0.4, se: 0.13) == .publish)
    #expect(lenient.assess(n: 5, estimate: 0.4, se: 0.3).flag == "unreliable")
    #expect(lenient.assess(n: 5, estimate: 0.4, se: 0.33).flag == "suppressed_high_rse")
  }

  @Test("publishes an observed zero with no variation and withholds a zero with a standard error")
  func zeroEstimate() {
    #expect(rules.assess(n: 40, estimate: 0, se: 0) == .publish)
    #expect(rules.assess(n: 40, estimate: 0, se: 0.01) == .suppress(.undefinedRelativeError))
    #expect(rules.assess(n: 4, estimate: 0, se: 0) == .suppress(.smallCount(n: 4, minimum: 10)))
    #expect(rules.assess(n: 40, estimate: .nan, se: 0.01) == .suppress(.undefinedRelativeError))
    #expect(rules.assess(n: 40, estimate: 0.2, se: .infinity) == .suppress(.undefinedRelativeError))
  }

  @Test("suppresses estimate, SE, CI and n of a small cell, flags it and explains it in a footnote")
  func suppressedRow() throws {
    let table = PublishedTable.estimates(
      [barrierRow(estimate: 0.25, se: 0.02, n: 120), barrierRow(country: "FR", estimate: 0.5, se: 0.1, n: 6)],
      name: "barriers", title: "Barriers")
    #expect(
      table.columns.map(\.name) == [
        "country", "variable", "level", "estimate", "se", "ci_low", "ci_high", "n", "flag",
      ])
    let small = try #require(table.rows.last)
    let reason = SuppressionReason.smallCount(n: 6, minimum: 10)
    // n too: a published count of 6 would say what the suppression hides.
    #expect(Array(small[3...7]) == Array(repeating: .suppressed(reason), count: 5))
    #expect(small[8] == .text("suppressed_small_n"))
    #expect(!small.contains(.number(0)))
    #expect(
      table.footnotes == [
        "suppressed_small_n: fewer than 10 respondents (unweighted); the estimate is withheld, not zero."
      ])
    let published = try #require(table.rows.first)
    #expect(published[3] == .number(0.25))
    #expect(published[8] == .text(""))
  }

  @Test("writes one footnote per flag, in order of first use")
  func footnotes() {
    let table = PublishedTable.estimates(
      [
        barrierRow(estimate: 0.4, se: 0.13, n: 50), barrierRow(country: "FR", estimate: 0.5, se: 0.1, n: 6),
        barrierRow(country: "IT", estimate: 0.5, se: 0.1, n: 3),
        barrierRow(country: "ES", estimate: 0.1, se: 0.09, n: 40),
      ], name: "barriers", title: "Barriers")
    #expect(
      table.rows.map { $0[8] } == [
        .text("unreliable"), .text("suppressed_small_n"), .text("suppressed_small_n"), .text("suppressed_high_rse"),
      ])
    #expect(
      table.footnotes == [
        "unreliable: relative standard error above 30%; interpret with caution.",
        "suppressed_small_n: fewer than 10 respondents (unweighted); the estimate is withheld, not zero.",
        "suppressed_high_rse: relative standard error above 50%; the estimate is too imprecise to publish.",
      ])
  }

  @Test("publishes crosstab row proportions with their own labels and the same rules")
  func crosstabTable() {
    let domain = [EstimateRow.Group(variable: "country", value: "DE")]
    func cell(_ statistic: Crosstab.Statistic, _ row: String, _ estimate: Double, n: Int) -> Crosstab.Cell {
      Crosstab.Cell(
        statistic: statistic, rowLevel: row, columnLevel: "yes", domain: domain, estimate: estimate, se: 0.05,
        ciLow: estimate - 0.1, ciHigh: estimate + 0.1, deff: nil, df: 80, n: n, nMissing: 0)
    }
    let result = Crosstab.Result(
      rows: "legal_status", columns: "unmet_need",
      cells: [
        cell(.count, "regular", 500, n: 90), cell(.rowProportion, "regular", 0.3, n: 90),
        cell(.rowProportion, "undocumented", 0.6, n: 8),
      ], tests: [])
    let table = PublishedTable.crosstab(result, name: "unmet", title: "Unmet need")
    #expect(table.columns.prefix(4).map(\.name) == ["country", "statistic", "legal_status", "unmet_need"])
    #expect(table.rows.count == 2)
    #expect(table.rows.map { $0.last } == [.text(""), .text("suppressed_small_n")])
  }

  @Test("withholds the smallest other share of a group where one share is suppressed (secondary suppression)")
  func complementarySuppression() throws {
    func share(_ level: String, _ estimate: Double, n: Int, country: String = "DE") -> EstimateRow {
      EstimateRow(
        statistic: "proportion", variable: "unmet_need", level: level,
        domain: [.init(variable: "country", value: country)],
        estimate: estimate, se: 0.01, ciLow: estimate - 0.02, ciHigh: estimate + 0.02, deff: nil, deffReplace: nil,
        df: 50, n: n, nMissing: 0)
    }
    // DE: "1" has 8 respondents (suppressed), so "0" (64%) would give it away as 36%: "0" is
    // withheld too. FR and IT: nothing suppressed, nothing withheld.
    let rows = [
      share("0", 0.64, n: 74), share("1", 0.36, n: 8), share("0", 0.7, n: 70, country: "FR"),
      share("1", 0.3, n: 30, country: "FR"), share("a", 0.5, n: 40, country: "IT"),
      share("b", 0.3, n: 25, country: "IT"),
      share("c", 0.2, n: 12, country: "IT"),
    ]
    let rules = DisclosureRules().withComplements(estimates: rows)
    #expect(rules.assess(rows[0]) == .suppress(.complementary))
    #expect(rules.assess(rows[1]) == .suppress(.smallCount(n: 8, minimum: 10)))
    #expect(rules.assess(rows[2]) == .publish && rules.assess(rows[3]) == .publish)
    #expect(rows[4...].allSatisfy { rules.assess($0) == .publish })
    let table = PublishedTable.estimates(rows, name: "unmet", title: "Unmet need", rules: rules)
    #expect(table.rows[0].last == .text("suppressed_complement"))
    #expect(table.footnotes.contains { $0.hasPrefix("suppressed_complement:") })
  }

  @Test("a cross-table's suppressed cell is protected in its row and its column, which published margins tie")
  func crossTableComplements() throws {
    func cell(_ row: String, _ column: String, _ estimate: Double, n: Int) -> Crosstab.Cell {
      Crosstab.Cell(
        statistic: .rowProportion, rowLevel: row, columnLevel: column,
        domain: [.init(variable: "country", value: "MT")],
        estimate: estimate, se: 0.01, ciLow: estimate - 0.02, ciHigh: estimate + 0.02, deff: nil, df: 30, n: n,
        nMissing: 0)
    }
    // Row F, column 1 has 3 respondents. Its row partner (F, 0) is withheld for the row's
    // 100%, and its column partner (M, 1) because the barrier's overall share and the sex
    // shares are published elsewhere; then (M, 0) closes row M.
    let result = Crosstab.Result(
      rows: "sex", columns: "bar_cost",
      cells: [
        cell("F", "0", 0.7, n: 11), cell("F", "1", 0.3, n: 3), cell("M", "0", 0.6, n: 30), cell("M", "1", 0.4, n: 20),
      ],
      tests: [])
    let rules = DisclosureRules().withComplements(estimates: [], crosstabs: [result])
    let verdicts = result.cells.map { rules.assess($0, in: result) }
    #expect(verdicts[1] == .suppress(.smallCount(n: 3, minimum: 10)))
    #expect(verdicts[0] == .suppress(.complementary) && verdicts[3] == .suppress(.complementary))
    #expect(verdicts[2] == .suppress(.complementary))
  }
}

import Clean
import Ingest
import SurveyCore
import TestSupport
import Testing

@Suite("Clean stage over SampleData")
struct SampleDataCleanTests {
  static let rules = """
    clean:
      - {rule: country_iso, variable: country, unknown: reject}
      - {rule: duplicates, variable: respondent_id, policy: reject_later}
      - rule: skip_logic
        if: {needed_care: "0"}
        then: received_care
        action: flag
      - rule: recode
        variable: age
        into: age_group
        ranges:
          - {min: 18, max: 29, value: "18-29"}
          - {min: 30, max: 44, value: "30-44"}
          - {min: 45, max: 64, value: "45-64"}
          - {min: 65, value: "65+"}
        else: invalid
      - rule: derive_count
        items: [bar_language, bar_cost, bar_documentation, bar_information, bar_discrimination, bar_distance,
                bar_waiting_time, bar_cultural, bar_fear_authorities, bar_administrative]
        value: "1"
        into: n_barriers
        min_answered: 8
      - rule: scale_score
        items: [rhs_1, rhs_2, rhs_3, rhs_4, rhs_5, rhs_6, rhs_7, rhs_8, rhs_9, rhs_10, rhs_11, rhs_12, rhs_13, rhs_14]
        into: rhs_score
        method: sum
        min_answered: 12
        cutoff: {at: 12, into: rhs_positive}
      - {rule: range, variable: rhs_15, min: 0, max: 10, action: reject}
    """

  @Test("the cleaning log of the sample study is consistent with the table and the rejects")
  func sampleLog() throws {
    let root = packageRoot()
    let countries = ["GR", "IT", "DE", "BG", "FR", "CY", "MT", "SE", "AT", "ES"]
    let codebook = try Codebook.load(path: "\(root)/SampleData/codebook.yaml")
    let ingested = try IngestStage.run(
      files: countries.map { "\(root)/SampleData/survey_\($0).csv" }, codebook: codebook)
    #expect(ingested.table.rowCount == 1191)
    let result = try CleanStage.run(ingested.table, rules: CleanRules(yaml: Self.rules, path: "clean.yaml"))

    #expect(result.rowsIn == 1191 && result.balances)
    #expect(result.rejects.isEmpty)
    let byRule = Dictionary(grouping: result.log, by: \.rule)
    #expect(byRule.count == 7)
    for (rule, entries) in byRule {
      #expect(entries.compactMap(\.country).sorted() == countries.sorted(), "\(rule)")
    }
    func total(_ rule: String, _ count: KeyPath<CleanStage.LogEntry, Int>) -> Int {
      (byRule[rule] ?? []).reduce(0) { $0 + $1[keyPath: count] }
    }
    // The countries are already ISO codes; no id repeats; 97 already marks "not applicable".
    #expect(total("country_iso(country)", \.changed) == 0)
    #expect(total("skip_logic(received_care)", \.flagged) == 0)
    // Every age present gets a group; the derived columns' changed counts are their present cells.
    let table = result.table
    let ages = try #require(table["age"])
    #expect(total("recode(age_group)", \.changed) == 1191 - ages.missing.missingCount)
    #expect(table["age_group"]?.missing.missingCount == ages.missing.missingCount)
    let barriers = try #require(table["n_barriers"])
    #expect(total("derive_count(n_barriers)", \.changed) == 1191 - barriers.missing.missingCount)
    let score = try #require(table["rhs_score"])
    let positive = try #require(table["rhs_positive"])
    #expect(
      total("scale_score(rhs_score)", \.changed) == 2 * (1191 - score.missing.missingCount))
    #expect(positive.missing.missingCount == score.missing.missingCount)
    // Respondents who refused the whole screener keep "refused" as the score's reason.
    #expect((score.missing.counts()[.refused] ?? 0) > 0)
    // Per country, the log's changed count of age groups matches the table.
    let country = try #require(table["country"])
    for code in countries {
      let rows = (0..<table.rowCount).filter { country.text(at: $0) == code }
      let present = rows.filter { ages.missing[$0] == nil }.count
      let entry = result.log.first { $0.rule == "recode(age_group)" && $0.country == code }
      #expect(entry?.changed == present, "\(code)")
    }
  }
}

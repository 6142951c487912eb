import Weighting

@testable import Aggregation
@testable import Reporting

/// Hand-made profile inputs: a small one for golden text, and a four-country study for
/// the sample HTML that `make check-html` looks at.
enum ProfileFixture {
  static func share(
    _ variable: String, _ level: String?, _ estimate: Double, se: Double, n: Int, country: String
  ) -> EstimateRow {
    EstimateRow(
      statistic: "proportion", variable: variable, level: level,
      domain: [EstimateRow.Group(variable: "country", value: country)], estimate: estimate, se: se,
      ciLow: estimate - 1.96 * se, ciHigh: estimate + 1.96 * se, deff: nil, deffReplace: nil, df: 60, n: n,
      nMissing: 0)
  }

  static let settings = ProfileSettings(
    studyTitle: "Test study", labels: ["barrier_cost": "Cost | fees", "barrier_language": "Language <b>"])

  /// One country: a published, an unreliable and a suppressed barrier, weights 1, 2, 3, 2.
  static var small: ProfileInput {
    ProfileInput(
      country: "DE", countryName: "Germany", respondents: 4,
      composition: [share("sex", "female", 0.5, se: 0.05, n: 40, country: "DE")],
      health: [share("srh", "good", 0.6, se: 0.04, n: 40, country: "DE")],
      barriers: [
        share("barrier_cost", "yes", 0.25, se: 0.05, n: 40, country: "DE"),
        share("barrier_language", "yes", 0.2, se: 0.08, n: 40, country: "DE"),
        share("barrier_transport", "yes", 0.1, se: 0.02, n: 7, country: "DE"),
      ],
      index: IndexSummary(
        country: "DE", mean: 0.4, se: 0.05, ciLow: 0.3, ciHigh: 0.5, rank: 2, rankLow: 1, rankHigh: 3),
      weighting: WeightDiagnostics(weights: [1, 2, 3, 2]),
      themes: [
        ThemeSummary(
          country: "DE", code: "waiting_times", dimension: "availability", segments: 12, documents: 5,
          quotes: ["We waited six weeks."])
      ])
  }

  static let barrierNames = [
    ("barrier_cost", "Cost of care"), ("barrier_language", "Language"), ("barrier_transport", "Transport"),
    ("barrier_documents", "Fear of documents check"), ("barrier_hours", "Opening hours"),
    ("barrier_discrimination", "Discrimination"),
  ]

  /// Four countries with every section; a few small or imprecise cells to show suppression.
  static var study: [ProfileInput] {
    let countries = [("DE", "Germany"), ("FR", "France"), ("IT", "Italy"), ("SE", "Sweden")]
    return countries.enumerated().map { offset, country in
      let code = country.0
      let barriers = barrierNames.enumerated().map { index, barrier in
        let base = 0.08 + 0.11 * Double((index * 3 + offset * 5) % 7)
        // Small cells in Germany and Italy, imprecise ones in Germany and France.
        let n = (index == 3 && offset % 2 == 0) ? 6 : 80 + 10 * index
        let se = (index == 5 && offset <= 1) ? base * 0.4 : 0.02 + 0.01 * Double(index % 3)
        return share(barrier.0, "yes", base, se: se, n: n, country: code)
      }
      let unmet = Crosstab.Result(
        rows: "legal_status", columns: "unmet_need",
        cells: [("regular", 0.18, 220), ("temporary", 0.31, 90), ("undocumented", 0.52, 8)].map { level, p, n in
          Crosstab.Cell(
            statistic: .rowProportion, rowLevel: level, columnLevel: "yes",
            domain: [EstimateRow.Group(variable: "country", value: code)], estimate: p, se: 0.04, ciLow: p - 0.08,
            ciHigh: p + 0.08, deff: nil, df: 60, n: n, nMissing: 0)
        }, tests: [])
      let weights = (0..<40).map { 0.5 + Double(($0 * 7 + offset) % 11) / 5 }
      return ProfileInput(
        country: code, countryName: country.1, respondents: 320 + 15 * offset,
        composition: [
          share("sex", "female", 0.48, se: 0.03, n: 160, country: code),
          share("sex", "male", 0.52, se: 0.03, n: 160, country: code),
          share("age_group", "18-34", 0.41, se: 0.03, n: 130, country: code),
          share("age_group", "35-54", 0.39, se: 0.03, n: 125, country: code),
          share("age_group", "55+", 0.20, se: 0.025, n: 65, country: code),
          share("legal_status", "regular", 0.69, se: 0.03, n: 220, country: code),
          share("legal_status", "temporary", 0.28, se: 0.03, n: 90, country: code),
          share("legal_status", "undocumented", 0.03, se: 0.01, n: 8, country: code),
        ],
        health: [
          share("self_rated_health", "good", 0.55, se: 0.03, n: 180, country: code),
          share("self_rated_health", "fair", 0.32, se: 0.03, n: 100, country: code),
          share("self_rated_health", "poor", 0.13, se: 0.02, n: 40, country: code),
        ],
        barriers: barriers,
        index: IndexSummary(
          country: code, mean: 0.3 + 0.07 * Double(offset), se: 0.03, ciLow: 0.24 + 0.07 * Double(offset),
          ciHigh: 0.36 + 0.07 * Double(offset), rank: 4 - offset, rankLow: max(1, 3 - offset),
          rankHigh: min(4, 5 - offset)),
        unmetNeed: unmet, weighting: WeightDiagnostics(weights: weights),
        themes: [
          ThemeSummary(country: code, code: "waiting_times", dimension: "availability", segments: 14, documents: 6),
          ThemeSummary(country: code, code: "costs", dimension: "affordability", segments: 9, documents: 5),
          ThemeSummary(country: code, code: "interpreters", dimension: "appropriateness", segments: 7, documents: 4),
        ])
    }
  }

  static var studySettings: ProfileSettings {
    ProfileSettings(
      studyTitle: "mig-HealthCare sample study (synthetic data)",
      labels: Dictionary(uniqueKeysWithValues: barrierNames).merging([
        "legal_status": "Legal status", "unmet_need": "Unmet need", "sex": "Sex", "age_group": "Age group",
        "self_rated_health": "Self-rated health",
      ]) { $1 })
  }
}

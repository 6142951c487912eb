import Aggregation
import Weighting

/// The values a profile or comparison template sees, all as ready-to-print text (numbers
/// formatted with fixed decimals, so documents are byte-identical from run to run),
/// booleans for optional sections, and lists for repeated rows.
///
/// Every name a template may use is in ``vocabulary``; a template that uses another is
/// refused with its file and line (Mustache itself would print nothing), and
/// Templates/README.md documents each name.
enum ProfileContext {
  /// Every name the profile and comparison contexts define.
  static let vocabulary: Set<String> = [
    "study", "country", "countryName", "respondents", "rules", "minimumCount", "unreliableRSE", "suppressionRSE",
    "hasComposition", "composition", "hasHealth", "health", "hasBarriers", "barriers", "barrierChart",
    "hasIndex", "index", "mean", "se", "ci", "rank", "rankInterval",
    "hasUnmetNeed", "unmetNeed", "unmetNeedRows", "unmetNeedColumns",
    "hasWeighting", "weighting", "count", "sum", "minimum", "maximum", "cv", "deff", "effectiveN",
    "hasThemes", "themes", "code", "dimension", "segments", "documents", "hasQuotes", "quotes", "text",
    "hasFootnotes", "footnotes",
    "label", "level", "estimate", "n", "flag", "suppressed", "unreliable",
    "countries", "hasHeatMap", "heatMap", "hasRanks", "ranks",
  ]

  static func profile(_ input: ProfileInput, _ settings: ProfileSettings) -> [String: Any] {
    let rules = settings.rules
    let barrierRows = input.barriers.map { estimate($0, label: settings.label($0.variable), rules: rules) }
    var context: [String: Any] = [
      "study": settings.studyTitle, "country": input.country, "countryName": input.countryName ?? input.country,
      "respondents": String(input.respondents), "rules": rulesContext(rules),
      "hasComposition": !input.composition.isEmpty,
      "composition": input.composition.map { estimate($0, label: settings.label($0.variable), rules: rules) },
      "hasHealth": !input.health.isEmpty,
      "health": input.health.map { estimate($0, label: settings.label($0.variable), rules: rules) },
      "hasBarriers": !input.barriers.isEmpty, "barriers": barrierRows,
      "barrierChart": barrierChart(input, settings),
      "hasIndex": input.index != nil, "hasUnmetNeed": input.unmetNeed != nil, "hasWeighting": input.weighting != nil,
      "hasThemes": !input.themes.isEmpty,
      "themes": input.themes.map { theme(input: $0, quotes: rules.publishQuotes) },
    ]
    if let index = input.index { context["index"] = indexContext(index, countryName: input.countryName) }
    if let unmet = input.unmetNeed {
      context["unmetNeed"] = unmet.cells.filter { $0.statistic == .rowProportion }.map { cell in
        estimate(
          label: cell.rowLevel, level: cell.columnLevel, share: true, estimate: cell.estimate, se: cell.se,
          ciLow: cell.ciLow, ciHigh: cell.ciHigh, n: cell.n, verdict: rules.assess(cell, in: unmet))
      }
      context["unmetNeedRows"] = settings.label(unmet.rows)
      context["unmetNeedColumns"] = settings.label(unmet.columns)
    }
    if let weighting = input.weighting { context["weighting"] = weightingContext(weighting) }
    let footnotes = input.tables(settings).flatMap(\.footnotes)
    context["hasFootnotes"] = !footnotes.isEmpty
    context["footnotes"] = unique(footnotes).map { ["text": $0] }
    return context
  }

  static func comparison(_ profiles: [ProfileInput], _ settings: ProfileSettings) -> [String: Any] {
    let indices = profiles.compactMap { profile in profile.index.map { (profile, $0) } }
      .sorted { $0.1.rank < $1.1.rank }
    let footnotes = ProfileInput.comparisonTables(profiles, settings).flatMap(\.footnotes)
    let map = heatMap(profiles, settings)
    return [
      "study": settings.studyTitle, "rules": rulesContext(settings.rules),
      "countries": profiles.map { ["country": $0.country, "countryName": $0.countryName ?? $0.country] },
      "hasHeatMap": map != nil, "heatMap": map ?? "",
      "hasRanks": !indices.isEmpty,
      "ranks": indices.map { profile, index in
        indexContext(index, countryName: profile.countryName).merging(["country": profile.country]) { $1 }
      },
      "hasFootnotes": !footnotes.isEmpty, "footnotes": unique(footnotes).map { ["text": $0] },
    ]
  }

  // MARK: - Pieces

  static func estimate(_ row: EstimateRow, label: String, rules: DisclosureRules) -> [String: Any] {
    estimate(
      label: label, level: row.level ?? "",
      share: row.statistic == "proportion" || (row.statistic == "mean" && row.level != nil),
      estimate: row.estimate, se: row.se, ciLow: row.ciLow, ciHigh: row.ciHigh, n: row.n,
      verdict: rules.assess(row))
  }

  /// One estimate as text: a share as a percentage with one decimal (`40.0%`, CI
  /// `30.0–50.0%`), another statistic with two decimals; suppressed ones as the marker
  /// with an empty CI.
  static func estimate(
    label: String, level: String, share: Bool, estimate: Double, se: Double, ciLow: Double, ciHigh: Double, n: Int,
    verdict: DisclosureRules.Verdict
  ) -> [String: Any] {
    var row: [String: Any] = [
      "label": label, "level": level, "n": String(n), "flag": verdict.flag,
      "suppressed": false, "unreliable": false,
    ]
    switch verdict {
    case .suppress:
      row["suppressed"] = true
      row["estimate"] = PublishedTable.Cell.suppressedMarker
      row["ci"] = ""
      row["se"] = ""
      // A withheld cell's count would give away what suppression hides.
      row["n"] = ""
    case .publish, .unreliable:
      if case .unreliable = verdict { row["unreliable"] = true }
      let scale = share ? 100.0 : 1
      let decimals = share ? 1 : 2
      let unit = share ? "%" : ""
      row["estimate"] = SVG.fixed(estimate * scale, decimals) + unit
      row["se"] = SVG.fixed(se * scale, decimals + 1)
      row["ci"] = SVG.fixed(ciLow * scale, decimals) + "–" + SVG.fixed(ciHigh * scale, decimals) + unit
    }
    return row
  }

  static func indexContext(_ index: IndexSummary, countryName: String?) -> [String: Any] {
    [
      "countryName": countryName ?? index.country, "mean": SVG.fixed(index.mean, 2), "se": SVG.fixed(index.se, 3),
      "ci": SVG.fixed(index.ciLow, 2) + "–" + SVG.fixed(index.ciHigh, 2), "rank": String(index.rank),
      "rankInterval": "\(index.rankLow)–\(index.rankHigh)",
    ]
  }

  static func weightingContext(_ weights: WeightDiagnostics) -> [String: Any] {
    [
      "count": String(weights.count), "sum": SVG.fixed(weights.sum, 1), "minimum": SVG.fixed(weights.minimum, 3),
      "maximum": SVG.fixed(weights.maximum, 3), "mean": SVG.fixed(weights.mean, 3),
      "cv": weights.cv.isFinite ? SVG.fixed(weights.cv, 3) : "NA", "deff": SVG.fixed(weights.kishDesignEffect, 3),
      "effectiveN": SVG.fixed(weights.effectiveSize, 1),
    ]
  }

  static func theme(input theme: ThemeSummary, quotes: Bool) -> [String: Any] {
    let published = quotes ? theme.quotes : []
    return [
      "code": theme.code, "dimension": theme.dimension, "segments": String(theme.segments),
      "documents": String(theme.documents), "hasQuotes": !published.isEmpty,
      "quotes": published.map { ["text": $0] },
    ]
  }

  static func rulesContext(_ rules: DisclosureRules) -> [String: Any] {
    [
      "minimumCount": String(rules.minimumCount), "unreliableRSE": DisclosureRules.percent(rules.unreliableRSE),
      "suppressionRSE": DisclosureRules.percent(rules.suppressionRSE),
    ]
  }

  static func barrierChart(_ input: ProfileInput, _ settings: ProfileSettings) -> String {
    guard !input.barriers.isEmpty else { return "" }
    let bars = input.barriers.map { BarChart.Bar(settings.label($0.variable), ChartValue($0, rules: settings.rules)) }
    let place = input.countryName ?? input.country
    return BarChart(id: "barriers-\(input.country)", title: "Barrier prevalence, \(place)", bars: bars).svg
  }

  /// The barrier-by-country heat map, barriers in order of first appearance.
  static func heatMap(_ profiles: [ProfileInput], _ settings: ProfileSettings) -> String? {
    var variables: [String] = []
    for row in profiles.flatMap(\.barriers) where !variables.contains(row.variable) { variables.append(row.variable) }
    guard !variables.isEmpty else { return nil }
    let values = variables.map { variable in
      profiles.map { profile in
        profile.barriers.first { $0.variable == variable }.map { ChartValue($0, rules: settings.rules) } ?? .missing
      }
    }
    return HeatMap(
      id: "barriers-by-country", title: "Barrier prevalence by country", rowLabels: variables.map(settings.label),
      columnLabels: profiles.map { $0.countryName ?? $0.country }, values: values
    ).svg
  }

  static func unique(_ texts: [String]) -> [String] {
    var seen: Set<String> = []
    return texts.filter { seen.insert($0).inserted }
  }
}

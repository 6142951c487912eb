import Aggregation
import Reporting
import SurveyCore

/// The report stage's barrier index: per-respondent scores on the weighted table,
/// design-based means per country (and group), ranks with intervals from replicate
/// weights, Cronbach's alpha, and the ranks under the sensitivity scenarios.
struct IndexReport {
  var summaries: [IndexSummary]
  /// Each access dimension's score: its design-based mean per country (statistic `mean`,
  /// variable the dimension), for the side-by-side table with the focus groups.
  var dimensionMeans: [EstimateRow] = []
  var estimates: [BarrierIndex.Estimate]
  var ranking: BarrierIndex.Ranking
  var reliability: [BarrierIndex.ScaleReliability]
  var sensitivity: BarrierIndex.CountrySensitivity?
  var rankReplicates: StageSpec.Report.Index.RankReplicates

  init(
    _ spec: StageSpec.Report.Index, table: SurveyTable, design: SurveyDesign, countryVariable: String,
    level: Double, stage: PipelineDefinition.Stage
  ) throws(Diagnostic) {
    let barrier = BarrierIndex(
      index: spec.index, countryVariable: countryVariable, groupVariables: spec.groups, level: level)
    rankReplicates = spec.rankReplicates
    do {
      estimates = try barrier.estimates(table, design: design)
      ranking = try barrier.ranks(table, design: try Self.replicated(design, spec.rankReplicates, stage: stage))
      reliability = try barrier.reliability(table, weights: design.weights)
      sensitivity =
        spec.sensitivity.isEmpty
        ? nil : try barrier.sensitivity(table, design: design, alternatives: spec.sensitivity)
    } catch {
      throw Diagnostic(at: stage.location, "index: \(error)")
    }
    // The mean, SE and CI are the design-based (linearized) ones of the means table; the
    // rank interval is widened to whole ranks (its quantiles can fall between two ranks).
    let estimates = self.estimates
    summaries = ranking.rows.compactMap { rank in
      guard let position = rank.rank, let low = rank.rankLow, let high = rank.rankHigh,
        let estimate = estimates.first(where: { $0.country == rank.country && $0.group.isEmpty }),
        let mean = estimate.mean, let se = estimate.se, let ciLow = estimate.ciLow, let ciHigh = estimate.ciHigh
      else { return nil }
      return IndexSummary(
        country: rank.country, mean: mean, se: se, ciLow: ciLow, ciHigh: ciHigh, rank: Int(position.rounded()),
        rankLow: Int(low.rounded(.down)), rankHigh: Int(high.rounded(.up)))
    }
    dimensionMeans = try Self.dimensionMeans(barrier, table: table, design: design, level: level, stage: stage)
  }

  /// The design-based mean of every dimension score by country (the dimension scores of
  /// the respondents with every item answered, as the index's).
  private static func dimensionMeans(
    _ barrier: BarrierIndex, table: SurveyTable, design: SurveyDesign, level: Double, stage: PipelineDefinition.Stage
  ) throws(Diagnostic) -> [EstimateRow] {
    var scored = table
    let dimensions = barrier.index.dimensions.map(\.name)
    do {
      let scores = try barrier.scores(table)
      for dimension in dimensions {
        let values = scores.dimensions[dimension] ?? Array(repeating: nil, count: table.rowCount)
        var missing = MissingMask(count: table.rowCount)
        for (row, value) in values.enumerated() where value == nil { missing.set(.invalid, at: row) }
        scored.setColumn(
          Column(
            name: "dimension: \(dimension)", type: .numeric, values: .numeric(.float64(values.map { $0 ?? 0 })),
            missing: missing))
      }
      let request = EstimationRequest(
        statistics: dimensions.map { .mean("dimension: \($0)") }, groups: [barrier.countryVariable], level: level)
      return try Estimation.run(request, table: scored, design: design).map { row in
        var row = row
        row.variable = String(row.variable.dropFirst("dimension: ".count))
        return row
      }
    } catch {
      throw Diagnostic(at: stage.location, "index dimensions: \(error)")
    }
  }

  /// The index means by country and group as estimate rows (for disclosure control).
  var meanRows: [EstimateRow] {
    estimates.compactMap { estimate in
      guard let mean = estimate.mean, let se = estimate.se, let low = estimate.ciLow, let high = estimate.ciHigh
      else { return nil }
      return EstimateRow(
        statistic: "mean", variable: "barrier_index", level: nil,
        domain: [EstimateRow.Group(variable: "country", value: estimate.country)] + estimate.group, estimate: mean,
        se: se, ciLow: low, ciHigh: high, deff: nil, deffReplace: nil, df: estimate.df, n: estimate.n,
        nMissing: estimate.nMissing)
    }
  }

  /// The published tables under `rules`.
  func tables(rules: DisclosureRules) -> [PublishedTable] {
    var tables = [
      Self.meansTable(estimates, rows: meanRows, rules: rules), Self.ranksTable(ranking, rankReplicates),
      Self.reliabilityTable(reliability),
    ]
    if let sensitivity { tables.append(Self.sensitivityTable(sensitivity)) }
    return tables
  }

  /// The design with replicate weights for the rank intervals (made from its final weights).
  private static func replicated(
    _ design: SurveyDesign, _ spec: StageSpec.Report.Index.RankReplicates, stage: PipelineDefinition.Stage
  ) throws(Diagnostic) -> SurveyDesign {
    let method: ReplicateMethod
    switch spec.method {
    case .bootstrap: method = .bootstrap(replicates: spec.replicates, seed: spec.seed)
    case .jkn: method = .jkn
    case .jk1: method = .jk1
    case .brr: method = .brr
    }
    do {
      return try design.replicated(method)
    } catch {
      throw Diagnostic(at: stage.location, "index: rank_replicates: \(error)")
    }
  }

  private static func meansTable(
    _ estimates: [BarrierIndex.Estimate], rows: [EstimateRow], rules: DisclosureRules
  ) -> PublishedTable {
    var table = PublishedTable.estimates(
      rows, name: "index_means", title: "Barrier index: mean by country and group", rules: rules)
    let undefined = estimates.filter { $0.mean == nil }
    for estimate in undefined {
      table.footnotes.append(
        "\(estimate.country)\(estimate.group.map { " \($0.variable)=\($0.value)" }.joined()): no index"
          + " (\(estimate.undefinedReason ?? "undefined")).")
    }
    return table
  }

  private static func ranksTable(
    _ ranking: BarrierIndex.Ranking, _ spec: StageSpec.Report.Index.RankReplicates
  ) -> PublishedTable {
    var table = PublishedTable(
      name: "index_rank_intervals", title: "Barrier index: country ranks (1 = most barriers) with rank intervals",
      columns: [
        .init("country", .text), .init("mean", .number(decimals: 3)), .init("se", .number(decimals: 3)),
        .init("rank", .number(decimals: 0)), .init("rank_low", .number(decimals: 0)),
        .init("rank_high", .number(decimals: 0)), .init("note", .text),
      ],
      footnotes: [
        "Rank intervals: 2.5% and 97.5% quantiles of the ranks over \(ranking.replicatesUsed) \(spec.method.rawValue)"
          + " replicates of the design (seed \(spec.seed)), widened to whole ranks; each replicate is rescaled to"
          + " carry its share of the design variance. The se column is the replicate SE of the mean (the means"
          + " table gives the linearized one, with the CI)."
      ])
    for row in ranking.rows {
      table.append([
        .text(row.country), row.mean.map(PublishedTable.Cell.number) ?? .empty,
        row.se.map(PublishedTable.Cell.number) ?? .empty, row.rank.map(PublishedTable.Cell.number) ?? .empty,
        row.rankLow.map { .number($0.rounded(.down)) } ?? .empty,
        row.rankHigh.map { .number($0.rounded(.up)) } ?? .empty,
        .text(row.undefinedReason ?? ""),
      ])
    }
    return table
  }

  private static func reliabilityTable(_ reliability: [BarrierIndex.ScaleReliability]) -> PublishedTable {
    var table = PublishedTable(
      name: "index_reliability", title: "Barrier index: Cronbach's alpha overall and by country",
      columns: [
        .init("country", .text), .init("item", .text), .init("alpha", .number(decimals: 3)),
        .init("alpha_if_deleted", .number(decimals: 3)), .init("item_rest_correlation", .number(decimals: 3)),
        .init("respondents", .integer), .init("flag", .text),
      ],
      footnotes: ["Cronbach's alpha below 0.7 is flagged; the item rows give alpha if the item is deleted."])
    for scale in reliability {
      let country = scale.country ?? "all"
      table.append([
        .text(country), .text(""), scale.alpha.alpha.map(PublishedTable.Cell.number) ?? .empty, .empty, .empty,
        .integer(scale.alpha.respondentsUsed),
        .text(scale.isFlagged ? "alpha_below_0.7" : (scale.alpha.undefinedReason ?? "")),
      ])
      for item in scale.alpha.items {
        table.append([
          .text(country), .text(scale.items[item.index]), .empty,
          item.alphaIfDeleted.map(PublishedTable.Cell.number) ?? .empty,
          item.itemRestCorrelation.map(PublishedTable.Cell.number) ?? .empty, .empty, .text(""),
        ])
      }
    }
    return table
  }

  private static func sensitivityTable(_ sensitivity: BarrierIndex.CountrySensitivity) -> PublishedTable {
    let scenarios = sensitivity.scenarios
    var table = PublishedTable(
      name: "index_sensitivity", title: "Barrier index: country ranks under alternative constructions",
      columns: [.init("country", .text)] + scenarios.map { .init("rank: \($0)", .number(decimals: 0)) } + [
        .init("largest_rank_shift", .number(decimals: 0))
      ],
      footnotes: [
        "The first rank column is the index as declared (baseline); the shift is the largest move from it."
          + " Mean shifts over countries (OECD/JRC Handbook, step 7): "
          + zip(scenarios.dropFirst(), sensitivity.meanShift).map { "\($0) \(NumberFormat.significant($1, digits: 3))" }
          .joined(separator: "; ") + "."
      ])
    for (position, country) in sensitivity.countries.enumerated() {
      table.append(
        [.text(country)] + sensitivity.ranks.map { .number($0[position]) }
          + [.number(sensitivity.rankShift[position])])
    }
    return table
  }
}

import SurveyCore

extension BarrierIndex {
  /// Country means and ranks under the baseline index and each alternative.
  public struct CountrySensitivity: Sendable, Equatable {
    /// The countries ranked (those with a mean under the baseline).
    public var countries: [String]
    /// `"baseline"` followed by the scenario names.
    public var scenarios: [String]
    /// `means[s][c]`: the design-weighted mean index of country c under scenario s.
    public var means: [[Double]]
    /// `ranks[s][c]`: its rank, 1 for the most barriers (mid-ranks for ties).
    public var ranks: [[Double]]
    /// Per country, max over alternatives s of |rank_s(c) - rank_baseline(c)|.
    public var rankShift: [Double]
    /// Per alternative, the Handbook's average shift (1/C) sum_c |rank_s(c) - rank_baseline(c)|.
    public var meanShift: [Double]
  }

  /// Country ranks under alternative normalisations, weights and aggregations.
  ///
  /// Each scenario rebuilds the ``CompositeIndex`` with its choices
  /// (``CompositeIndex/Scenario``: `nil` keeps the baseline's), rescoring every
  /// respondent (step 1 of ``BarrierIndex``), and ranks the countries by their
  /// design-weighted mean m_c = sum_{i in c} w_i y_i / sum_{i in c} w_i (the
  /// point estimates of ``estimates(_:design:)``). Rank shifts as in
  /// ``CompositeIndex/sensitivity(_:alternatives:)``: per country the largest
  /// |R_s(c) - R_0(c)|, per scenario the average (OECD/JRC Handbook 2008, step 7,
  /// R-bar_S). Scores on different normalisations are not comparable in level;
  /// only ranks are compared.
  ///
  /// - Throws: ``CompositeIndexError`` naming the scenario whose index fails.
  public func sensitivity(
    _ table: SurveyTable, design: SurveyDesign, alternatives: [CompositeIndex.Scenario]
  ) throws(CompositeIndexError) -> CountrySensitivity {
    var means: [[Double]] = []
    var countries: [String] = []
    for (position, scenario) in ([nil] + alternatives.map { Optional($0) }).enumerated() {
      var variant = BarrierIndex(
        index: index, countryVariable: countryVariable, groupVariables: [], level: level, scoreName: scoreName)
      if let scenario {
        do {
          variant.index = try CompositeIndex(
            dimensions: index.dimensions, normalization: scenario.normalization ?? index.normalization,
            itemWeights: scenario.itemWeights ?? index.itemWeights,
            dimensionWeights: scenario.dimensionWeights ?? index.dimensionWeights,
            aggregation: scenario.aggregation ?? index.aggregation)
        } catch {
          throw CompositeIndexError("scenario '\(scenario.name)': \(error.message)")
        }
      }
      let rows: [Estimate]
      do {
        rows = try variant.estimates(table, design: design)
      } catch {
        throw CompositeIndexError("scenario '\(scenario?.name ?? "baseline")': \(error.message)")
      }
      if position == 0 { countries = rows.filter { $0.mean != nil }.map(\.country) }
      let meanOf = Dictionary(rows.map { ($0.country, $0.mean ?? .nan) }) { first, _ in first }
      means.append(countries.map { meanOf[$0] ?? .nan })
    }
    let ranks = means.map { CompositeIndex.Normalization.midRanks($0.map { -$0 }) }
    let shifts = ranks.dropFirst().map { column in zip(column, ranks[0]).map { abs($0 - $1) } }
    return CountrySensitivity(
      countries: countries, scenarios: ["baseline"] + alternatives.map(\.name), means: means, ranks: ranks,
      rankShift: countries.indices.map { country in shifts.map { $0[country] }.max() ?? 0 },
      meanShift: shifts.map { $0.compensatedSum() / Double(max(countries.count, 1)) })
  }
}

import SurveyCore

extension CompositeIndex {
  /// One alternative set of methodological choices; `nil` keeps the baseline's.
  public struct Scenario: Sendable, Equatable {
    public var name: String
    public var normalization: Normalization?
    public var itemWeights: Weights?
    public var dimensionWeights: Weights?
    public var aggregation: Aggregation?

    public init(
      _ name: String, normalization: Normalization? = nil, itemWeights: Weights? = nil,
      dimensionWeights: Weights? = nil, aggregation: Aggregation? = nil
    ) {
      self.name = name
      self.normalization = normalization
      self.itemWeights = itemWeights
      self.dimensionWeights = dimensionWeights
      self.aggregation = aggregation
    }
  }

  /// The units' ranks under the baseline and each alternative, and how far they move.
  public struct Sensitivity: Sendable, Equatable {
    public var units: [String]
    /// `"baseline"` followed by the scenario names.
    public var scenarios: [String]
    /// `scores[s][u]`: the index of unit `u` under scenario `s`.
    public var scores: [[Double]]
    /// `ranks[s][u]`: the rank of unit `u` under scenario `s`, 1 for the most barriers.
    public var ranks: [[Double]]
    /// Per unit, `max over alternatives s of |rank_s(u) - rank_baseline(u)|` (0 without alternatives).
    public var rankShift: [Double]
    /// Per alternative (not the baseline), the Handbook's average shift in rank
    /// `(1/n) sum over u of |rank_s(u) - rank_baseline(u)|`.
    public var meanShift: [Double]
  }

  /// The index recomputed under each scenario, with each unit's rank and rank shift.
  ///
  /// Ranks are by decreasing index, 1 for the unit with the most barriers; tied
  /// units share the mean of their ranks, so ranks and shifts may be halves.
  /// A unit's rank shift is `max_s |R_s(u) - R_0(u)|` over the alternatives `s`;
  /// each alternative's average shift is `(1/n) sum_u |R_s(u) - R_0(u)|`.
  ///
  /// Reference: OECD/JRC Handbook (2008), step 7 and section 7 (uncertainty and
  /// sensitivity analysis: the average shift in countries' ranks, R-bar_S).
  ///
  /// - Throws: ``CompositeIndexError`` if a scenario's weights do not fit the
  ///   index or any computation fails; the message starts with the scenario name.
  public func sensitivity(_ table: Table, alternatives: [Scenario]) throws(CompositeIndexError) -> Sensitivity {
    var scores = [try self.scores(table).overall]
    for scenario in alternatives {
      do {
        let variant = try CompositeIndex(
          dimensions: dimensions, normalization: scenario.normalization ?? normalization,
          itemWeights: scenario.itemWeights ?? itemWeights,
          dimensionWeights: scenario.dimensionWeights ?? dimensionWeights,
          aggregation: scenario.aggregation ?? aggregation)
        scores.append(try variant.scores(table).overall)
      } catch {
        throw CompositeIndexError("scenario '\(scenario.name)': \(error.message)")
      }
    }
    let ranks = scores.map { column in Normalization.midRanks(column.map { -$0 }) }
    let baseline = ranks[0]
    let shifts = ranks.dropFirst().map { column in zip(column, baseline).map { abs($0 - $1) } }
    return Sensitivity(
      units: table.units, scenarios: ["baseline"] + alternatives.map(\.name), scores: scores, ranks: ranks,
      rankShift: table.units.indices.map { unit in shifts.map { $0[unit] }.max() ?? 0 },
      meanShift: shifts.map { $0.compensatedSum() / Double(table.units.count) })
  }
}

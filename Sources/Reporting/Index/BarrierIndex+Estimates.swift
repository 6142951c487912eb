import Aggregation
import SurveyCore

extension BarrierIndex {
  /// The design-based mean of the index in one country, or one group of it.
  public struct Estimate: Sendable, Equatable {
    public var country: String
    /// The group within the country (e.g. `legal_status` = `refugee`); empty for the country as a whole.
    public var group: [EstimateRow.Group]
    /// The weighted mean of the index; `nil` when no respondent of the domain has a score.
    public var mean: Double?
    public var se: Double?
    public var ciLow: Double?
    public var ciHigh: Double?
    /// Degrees of freedom of the interval (the design's).
    public var df: Int
    /// Respondents of the domain with a score.
    public var n: Int
    /// Respondents of the domain without a score (an item missing).
    public var nMissing: Int
    /// Why `mean` is `nil`.
    public var undefinedReason: String?
  }

  /// The mean index per country, then per country x each of ``groupVariables``.
  ///
  /// The mean of domain d is the ratio m_d = sum_{i in d} w_i y_i / sum_{i in d} w_i
  /// over the respondents with a score; its variance comes from Aggregation's one
  /// engine (``Estimation/run(_:table:design:)``): by linearization with influence
  /// values z_i = w_i (y_i - m_d) / sum_{i in d} w_i inside the domain and 0
  /// outside (Lumley 2010, 2.3 and 3.4; R's `svyby(~index, ~country, design,
  /// svymean, na.rm = TRUE)`), or from the design's replicate weights when it
  /// has them (R's `svrVar`). The interval is m_d -/+ t(df, 1 - (1 - level)/2) se,
  /// with df the design's degrees of freedom, as R's `confint(..., df = degf(design))`.
  ///
  /// A country (or group) where no respondent has every item answered has no
  /// mean: its row has `mean == nil` and a reason, not a zero.
  ///
  /// - Throws: ``CompositeIndexError`` when the index cannot be scored or a
  ///   column is missing.
  public func estimates(_ table: SurveyTable, design: SurveyDesign) throws(CompositeIndexError) -> [Estimate] {
    let scores = try self.scores(table)
    return try estimates(scored: try scoredTable(table, scores: scores.overall), design: design)
  }

  /// ``estimates(_:design:)`` on a table that already has the score column.
  func estimates(scored table: SurveyTable, design: SurveyDesign) throws(CompositeIndexError) -> [Estimate] {
    var results: [Estimate] = []
    for groups in [[countryVariable]] + groupVariables.map({ [countryVariable, $0] }) {
      let request = EstimationRequest(statistics: [.mean(scoreName)], groups: groups, level: level)
      let rows: [EstimateRow]
      do {
        rows = try Estimation.run(request, table: table, design: design)
      } catch {
        throw CompositeIndexError("estimating the index by \(groups.joined(separator: " x ")): \(error.message)")
      }
      results += rows.map { row in
        let country = row.domain.first?.value ?? ""
        let group = Array(row.domain.dropFirst())
        guard row.n > 0, row.estimate.isFinite else {
          let place = ([country] + group.map { "\($0.variable) = \($0.value)" }).joined(separator: ", ")
          return Estimate(
            country: country, group: group, mean: nil, se: nil, ciLow: nil, ciHigh: nil, df: row.df, n: row.n,
            nMissing: row.nMissing,
            undefinedReason: "no respondent in \(place) has every index item answered (\(row.nMissing) without a score)"
          )
        }
        return Estimate(
          country: country, group: group, mean: row.estimate, se: row.se, ciLow: row.ciLow, ciHigh: row.ciHigh,
          df: row.df, n: row.n, nMissing: row.nMissing, undefinedReason: nil)
      }
    }
    return results
  }
}

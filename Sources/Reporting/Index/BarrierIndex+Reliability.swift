import SurveyCore

extension BarrierIndex {
  /// Cronbach's alpha of the index items in one scope.
  public struct ScaleReliability: Sendable, Equatable {
    /// The country, or `nil` for all respondents together.
    public var country: String?
    /// Item names, in the order of `alpha.items`.
    public var items: [String]
    /// Alpha, alpha if item deleted, item-rest correlations, respondents used.
    public var alpha: Reliability.ScaleAlpha
    /// Whether alpha is defined and below ``BarrierIndex/alphaThreshold``.
    public var isFlagged: Bool { alpha.isBelowThreshold }
  }

  /// Cronbach's alpha of all index items, over all respondents and per country.
  ///
  /// ``Reliability/cronbachAlpha(items:weights:threshold:)`` (Cronbach 1951):
  /// alpha = k / (k - 1) (1 - trace(S) / sum(S)) over the k items' covariance
  /// matrix S, with listwise deletion. Items of negative polarity enter as
  /// -x, so that every item counts in the direction of more barriers (the
  /// reverse-keying alpha assumes; a sign flip leaves variances unchanged).
  /// Raw item values are used, not normalised ones: alpha depends on the items'
  /// variances, which a per-item rescaling would change. Values below
  /// ``alphaThreshold`` are flagged (Nunnally's 0.7, the OECD/JRC Handbook's
  /// rule of thumb, step 4).
  ///
  /// - Parameter weights: one weight per row (e.g. `design.weights`), giving
  ///   the weighted covariance of R's `cov.wt`; `nil` for unweighted alpha.
  /// - Returns: the overall row first, then one row per country in UTF-8 order.
  public func reliability(_ table: SurveyTable, weights: [Double]? = nil) throws(CompositeIndexError)
    -> [ScaleReliability]
  {
    let values = try itemValues(table)
    let countries = try self.countries(table)
    let names = index.items.map(\.name)
    let signed = index.items.map { item in
      (values[item.name] ?? []).map { value in value.map { item.polarity == .positive ? $0 : -$0 } }
    }
    var results = [
      ScaleReliability(
        country: nil, items: names,
        alpha: Reliability.cronbachAlpha(items: signed, weights: weights, threshold: alphaThreshold))
    ]
    let labels = Set(countries.compactMap { $0 }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    for country in labels {
      let rows = countries.indices.filter { countries[$0] == country }
      let alpha = Reliability.cronbachAlpha(
        items: signed.map { column in rows.map { column[$0] } }, weights: weights.map { w in rows.map { w[$0] } },
        threshold: alphaThreshold)
      results.append(ScaleReliability(country: country, items: names, alpha: alpha))
    }
    return results
  }
}

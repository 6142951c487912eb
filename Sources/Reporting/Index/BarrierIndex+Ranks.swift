import Aggregation
import SurveyCore

extension BarrierIndex {
  /// One country's rank by mean index, with its rank interval.
  public struct Rank: Sendable, Equatable {
    public var country: String
    public var mean: Double?
    public var se: Double?
    /// The rank of the full-sample mean, 1 for the most barriers; tied countries
    /// share the mean of their ranks. `nil` for a country that is not ranked.
    public var rank: Double?
    /// The lower end of the rank interval (the `rankInterval.lower` quantile of
    /// the replicate ranks); `nil` without replicate weights.
    public var rankLow: Double?
    /// The upper end of the rank interval.
    public var rankHigh: Double?
    /// Why the country is not ranked, or has no rank interval.
    public var undefinedReason: String?
  }

  /// Country ranks and how they were made.
  public struct Ranking: Sendable, Equatable {
    /// One row per country of the data, in the order of ``Estimation``'s domains.
    public var rows: [Rank]
    /// Replicates of the design (0 without replicate weights).
    public var replicates: Int
    /// Replicates used: those in which every ranked country has a mean.
    public var replicatesUsed: Int
  }

  /// Countries ranked by their mean index, with rank intervals from the design's
  /// replicate weights.
  ///
  /// The rank of country c is the rank of its full-sample mean m_c among the
  /// ranked countries, 1 for the highest mean (most barriers), mid-ranks for ties.
  ///
  /// Rank interval: country means are recomputed under every replicate r
  /// (m_cr, with replicate weights w_ir; Aggregation's replicates: JK1, JKn,
  /// BRR, bootstrap, subbootstrap or supplied), brought to the spread of the
  /// design's variance estimator,
  ///
  ///     m~_cr = m_c + sqrt(K * scale * rscale_r) * (m_cr - mbar_c),
  ///
  /// with K the replicates used and mbar_c the mean of the replicate estimates
  /// whose rscale is positive (m_c with `mse`), so that
  /// (1/K) sum_r (m~_cr - m_c)^2 = scale * sum_r rscale_r (m_cr - mbar_c)^2, the
  /// replicate variance of m_c (R's `svrVar`), and the covariances between
  /// countries are kept. The countries are ranked within each replicate, and the
  /// interval is the `rankInterval.lower` and `.upper` quantiles (R's `quantile`,
  /// type 7) of each country's K replicate ranks.
  ///
  /// For bootstrap replicates (scale 1 / (K - 1)) the factor is sqrt(K / (K - 1))
  /// and this is the percentile bootstrap of ranks (Goldstein and Spiegelhalter
  /// 1996, section 2.4; Hall and Miller 2009); for BRR (scale 1 / K) the half
  /// samples are used as they are. Jackknife replicates sit much closer to the
  /// full sample than sampling variation does (a JK1 replicate differs by
  /// 1 / sqrt(K - 1) of an SE), so without the rescaling their ranks would
  /// barely move; rescaled, each replicate carries its share of the variance,
  /// but a jackknife has few, unevenly spread replicates, so its intervals are
  /// coarse: prefer a bootstrap (`design.replicated(.bootstrap(...))`) for
  /// published rank intervals, with 500 or more replicates for 2.5% tails.
  ///
  /// A replicate in which some ranked country has no mean (all its respondents
  /// dropped) is left out, as R's `svrVar` leaves out NaN replicates. A country
  /// where no respondent has a score is not ranked and says so; ranks run over
  /// the other countries.
  ///
  /// References: Goldstein, H. and Spiegelhalter, D. J. (1996). League tables
  /// and their limitations. JRSS A 159(3), 385-443. Hall, P. and Miller, H.
  /// (2009). Using the bootstrap to quantify the authority of an empirical
  /// ranking. Annals of Statistics 37(6B), 3929-3959. Lumley (2010), 2.4.
  ///
  /// - Throws: ``CompositeIndexError`` when the index cannot be scored or estimated.
  public func ranks(_ table: SurveyTable, design: SurveyDesign) throws(CompositeIndexError) -> Ranking {
    let scored = try scoredTable(table, scores: try scores(table).overall)
    let countryRows = try BarrierIndex(
      index: index, countryVariable: countryVariable, groupVariables: [], level: level, scoreName: scoreName
    ).estimates(scored: scored, design: design)
    let ranked = countryRows.indices.filter { countryRows[$0].mean != nil }
    let means = ranked.map { countryRows[$0].mean ?? .nan }
    let fullRanks = CompositeIndex.Normalization.midRanks(means.map { -$0 })
    var rows = countryRows.map { row in
      Rank(
        country: row.country, mean: row.mean, se: row.se, rank: nil, rankLow: nil, rankHigh: nil,
        undefinedReason: row.undefinedReason.map { "not ranked: " + $0 })
    }
    for (position, row) in ranked.enumerated() { rows[row].rank = fullRanks[position] }
    guard let replicates = design.replicates else {
      for row in ranked {
        rows[row].undefinedReason =
          "no rank interval: the design has no replicate weights (make them with SurveyDesign.replicated)"
      }
      return Ranking(rows: rows, replicates: 0, replicatesUsed: 0)
    }
    let perCountry = try replicateMeans(scored, design: design)
    let series = ranked.map { perCountry[countryRows[$0].country] ?? [] }
    let kept = replicates.weights.indices.filter { r in series.allSatisfy { r < $0.count && !$0[r].isNaN } }
    guard !kept.isEmpty else {
      for row in ranked { rows[row].undefinedReason = "no rank interval: no replicate has a mean for every country" }
      return Ranking(rows: rows, replicates: replicates.weights.count, replicatesUsed: 0)
    }
    let rescaled = zip(series, means).map { estimates, full in
      Self.varianceMatched(estimates, full: full, kept: kept, replicates: replicates)
    }
    var replicateRanks = [[Double]](repeating: [], count: ranked.count)
    for position in kept.indices {
      let ranks = CompositeIndex.Normalization.midRanks(rescaled.map { -$0[position] })
      for country in ranked.indices { replicateRanks[country].append(ranks[country]) }
    }
    for (position, row) in ranked.enumerated() {
      let sorted = replicateRanks[position].sorted()
      rows[row].rankLow = Self.quantile(sorted, rankInterval.lower)
      rows[row].rankHigh = Self.quantile(sorted, rankInterval.upper)
    }
    return Ranking(rows: rows, replicates: replicates.weights.count, replicatesUsed: kept.count)
  }

  /// Country to its mean under each replicate.
  private func replicateMeans(_ scored: SurveyTable, design: SurveyDesign) throws(CompositeIndexError)
    -> [String: [Double]]
  {
    let request = EstimationRequest(statistics: [.mean(scoreName)], groups: [countryVariable])
    do {
      let domains = try Estimation.replicateEstimates(request, table: scored, design: design)
      return Dictionary(domains.map { ($0.domain.first?.value ?? "", $0.replicates) }) { first, _ in first }
    } catch {
      throw CompositeIndexError("replicate means of the index: \(error.message)")
    }
  }

  /// m_c + sqrt(K scale rscale_r) (m_cr - mbar_c) for the kept replicates (see ``ranks(_:design:)``).
  static func varianceMatched(
    _ estimates: [Double], full: Double, kept: [Int], replicates: ReplicateWeights
  ) -> [Double] {
    let weighted = kept.filter { replicates.rscales[$0] > 0 }
    let centre =
      replicates.mse || weighted.isEmpty
      ? full : weighted.map { estimates[$0] }.compensatedSum() / Double(weighted.count)
    let k = Double(kept.count)
    return kept.map { r in
      full + (k * replicates.scale * replicates.rscales[r]).squareRoot() * (estimates[r] - centre)
    }
  }

  /// R's `quantile(x, p, type = 7)` of sorted values: x[h] + (h - floor h)(x[h+1] - x[h]),
  /// h = (n - 1) p (0-based).
  static func quantile(_ sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty, "quantile of no values")
    let h = Double(sorted.count - 1) * p
    let low = Int(h.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
  }
}

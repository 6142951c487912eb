import SurveyCore

extension Reliability {
  /// Cronbach's alpha of a scale, with the diagnostics of each item.
  public struct ScaleAlpha: Sendable, Equatable {
    /// What one item contributes to the scale.
    public struct Item: Sendable, Equatable {
      /// The item's position in the `items` argument.
      public var index: Int
      /// Alpha of the other k - 1 items; `nil` when it is undefined (k = 2, or the other
      /// items' total is constant).
      public var alphaIfDeleted: Double?
      /// Corrected item-rest correlation: the item against the sum of the other items;
      /// `nil` when the item or the rest is constant.
      public var itemRestCorrelation: Double?
    }

    /// Cronbach's alpha; `nil` when it is undefined, with the reason in `undefinedReason`.
    public var alpha: Double?
    /// Why `alpha` is `nil`, as a sentence for a footnote; `nil` when alpha is defined.
    public var undefinedReason: String?
    /// The number of items, k.
    public var itemCount: Int
    /// Respondents with a finite value on every item (the complete cases used).
    public var respondentsUsed: Int
    /// Respondents left out by listwise deletion.
    public var respondentsDropped: Int
    /// The value under which the scale is flagged.
    public var threshold: Double
    /// One entry per item, in input order.
    public var items: [Item]

    /// Whether alpha is defined and below `threshold`; an undefined alpha is reported
    /// through `undefinedReason`, not through this flag.
    public var isBelowThreshold: Bool { alpha.map { $0 < threshold } ?? false }
  }

  /// Cronbach's alpha of k items over n respondents, with alpha if item deleted and
  /// corrected item-rest correlations.
  ///
  /// With S the k x k covariance matrix of the items,
  ///
  ///     alpha = k / (k - 1) * (1 - trace(S) / sum(S))
  ///
  /// where sum(S), the sum of all entries, is the variance of the total score. Alpha if
  /// item j is deleted is the same formula on S without row and column j. The corrected
  /// item-rest correlation of item j is the correlation of item j with the total of the
  /// other items:
  ///
  ///     r(j, rest) = (R_j - S_jj) / sqrt(S_jj * (sum(S) - 2 R_j + S_jj)),   R_j = sum_l S_jl
  ///
  /// Weights: with weights w_i, S_jl = sum_i w_i (x_ij - m_j)(x_il - m_l) / sum_i w_i with
  /// weighted means m_j, i.e. the weighted covariance of `cov.wt` in R. Every statistic here
  /// is a ratio of entries of S, so the divisor (sum w, n, or n - 1) cancels and unweighted
  /// results equal those computed from R's `cov`. Weights are treated as frequency-like
  /// point weights; no design-based standard error is given.
  ///
  /// Assumptions: the items are scored in the same direction (reverse-keyed items are
  /// recoded beforehand) and summed into the scale score. Alpha is a lower bound of
  /// reliability only under essential tau-equivalence and uncorrelated errors.
  ///
  /// Missing values: `nil` and non-finite values are missing, and a respondent with any
  /// missing item is dropped (listwise deletion); `respondentsUsed` and
  /// `respondentsDropped` report the count, so pairwise covariances on different
  /// subsets never mix.
  ///
  /// Edge cases:
  /// - fewer than two items, fewer than two complete respondents, a zero total weight, or
  ///   a constant total score: alpha is `nil` with a reason;
  /// - a constant item keeps alpha defined (it adds zero variance) but its item-rest
  ///   correlation is `nil`;
  /// - alpha can be negative when items covary negatively on average; it is returned as is.
  ///
  /// Reference: Cronbach, L. J. (1951). Coefficient alpha and the internal structure of
  /// tests. Psychometrika 16(3), 297-334.
  ///
  /// - Parameters:
  ///   - items: k columns, one per item, each with one value per respondent (same length n).
  ///   - weights: one finite, non-negative weight per respondent; `nil` for equal weights.
  ///   - threshold: alpha below this is flagged (default 0.7).
  public static func cronbachAlpha(
    items: [[Double?]], weights: [Double]? = nil, threshold: Double = 0.7
  ) -> ScaleAlpha {
    let k = items.count
    let n = items.first?.count ?? 0
    precondition(items.allSatisfy { $0.count == n }, "Cronbach's alpha: every item needs one value per respondent")
    if let weights {
      precondition(weights.count == n, "Cronbach's alpha: \(weights.count) weights for \(n) respondents")
      precondition(weights.allSatisfy { $0.isFinite && $0 >= 0 }, "Cronbach's alpha: weights must be finite and >= 0")
    }
    let complete = (0..<n).filter { row in
      items.allSatisfy { item in item[row].map(\.isFinite) ?? false }
    }
    var result = ScaleAlpha(
      alpha: nil, undefinedReason: nil, itemCount: k, respondentsUsed: complete.count,
      respondentsDropped: n - complete.count, threshold: threshold,
      items: (0..<k).map { ScaleAlpha.Item(index: $0, alphaIfDeleted: nil, itemRestCorrelation: nil) })
    if k < 2 {
      result.undefinedReason = "Cronbach's alpha needs at least two items; got \(k)"
      return result
    }
    if complete.count < 2 {
      result.undefinedReason =
        "Cronbach's alpha needs at least two respondents with every item answered; got \(complete.count)"
      return result
    }
    let columns = items.map { item in complete.map { item[$0] ?? .nan } }
    let rowWeights = complete.map { weights?[$0] ?? 1 }
    let totalWeight = rowWeights.compensatedSum()
    guard totalWeight > 0 else {
      result.undefinedReason = "Cronbach's alpha is undefined: the complete cases have a total weight of zero"
      return result
    }
    let covariance = weightedCovariance(columns, weights: rowWeights, totalWeight: totalWeight)
    let trace = (0..<k).map { covariance[$0][$0] }.compensatedSum()
    let rowSums = covariance.map { $0.compensatedSum() }
    let total = rowSums.compensatedSum()
    guard total > 1e-12 * trace, total > 0 else {
      result.undefinedReason = "Cronbach's alpha is undefined: the total score has no variance"
      return result
    }
    let kk = Double(k)
    result.alpha = kk / (kk - 1) * (1 - trace / total)
    for j in 0..<k {
      let own = covariance[j][j]
      let restVariance = total - 2 * rowSums[j] + own
      let restTrace = trace - own
      let restDefined = restVariance > 1e-12 * restTrace && restVariance > 0
      if restDefined && k > 2 {
        result.items[j].alphaIfDeleted = (kk - 1) / (kk - 2) * (1 - restTrace / restVariance)
      }
      if restDefined && own > 0 {
        result.items[j].itemRestCorrelation = (rowSums[j] - own) / (own * restVariance).squareRoot()
      }
    }
    return result
  }

  /// The weighted covariance matrix sum_i w_i (x_ij - m_j)(x_il - m_l) / sum_i w_i, with
  /// compensated sums; a column whose values are all equal gets exactly zero covariances.
  private static func weightedCovariance(
    _ columns: [[Double]], weights: [Double], totalWeight: Double
  ) -> [[Double]] {
    let constant = columns.map { column in column.allSatisfy { $0 == column[0] } }
    let centred = columns.enumerated().map { j, column -> [Double] in
      if constant[j] { return [Double](repeating: 0, count: column.count) }
      let mean = zip(weights, column).map { $0 * $1 }.compensatedSum() / totalWeight
      return column.map { $0 - mean }
    }
    var covariance = [[Double]](repeating: [Double](repeating: 0, count: columns.count), count: columns.count)
    for j in columns.indices {
      for l in j..<columns.count {
        var sum = CompensatedSum()
        for i in weights.indices { sum.add(weights[i] * centred[j][i] * centred[l][i]) }
        covariance[j][l] = sum.value / totalWeight
        covariance[l][j] = covariance[j][l]
      }
    }
    return covariance
  }
}

import SurveyCore

extension Reliability {
  /// Krippendorff's alpha at the nominal level, with the disagreements it is built from.
  public struct KrippendorffAlpha: Sendable, Equatable {
    /// Krippendorff's alpha; `nil` when it is undefined, with the reason in `undefinedReason`.
    public var alpha: Double?
    /// Why `alpha` is `nil`, as a sentence for a footnote; `nil` when alpha is defined.
    public var undefinedReason: String?
    /// Observed disagreement D_o; `nil` when no value is pairable.
    public var observedDisagreement: Double?
    /// Disagreement expected by chance D_e; `nil` when no value is pairable.
    public var expectedDisagreement: Double?
    /// Pairable values n: the values in units that have two or more of them.
    public var pairableValues: Int
    /// Units with two or more values (the units used).
    public var units: Int
    /// Units left out because they have fewer than two values.
    public var unitsDropped: Int
  }

  /// Krippendorff's alpha for nominal data from two or more coders, missing values allowed.
  ///
  /// Coincidence-matrix method (Krippendorff 2011). A unit u with m_u >= 2 values, n_uc of
  /// them in category c, adds n_uc (n_uk - [c = k]) / (m_u - 1) to the coincidence o_ck.
  /// With n_c = sum_k o_ck and n = sum_c n_c the number of pairable values,
  ///
  ///     D_o = (n - sum_c o_cc) / n
  ///     D_e = (n^2 - sum_c n_c^2) / (n (n - 1))
  ///     alpha = 1 - D_o / D_e
  ///
  /// which is the nominal case (difference 0 within a category, 1 between categories) of
  /// alpha = 1 - (n - 1) sum_{c != k} o_ck / sum_{c != k} n_c n_k.
  ///
  /// Assumptions: categories are nominal; coders are interchangeable (chance is estimated
  /// from all coders' values pooled, unlike Cohen's kappa); values are missing at random.
  ///
  /// Missing values: `nil` is a missing value; a unit keeps whichever values it has, and a
  /// unit with fewer than two values cannot be paired and is dropped (`unitsDropped`).
  ///
  /// Edge cases:
  /// - no unit with two or more values: alpha, D_o and D_e are `nil`, with a reason;
  /// - all pairable values in one category: D_e = 0, so alpha is 0 / 0 and `nil` with a
  ///   reason, even though the coders never disagree;
  /// - alpha is 1 for perfect agreement, 0 at chance level and negative below it.
  ///
  /// Reference: Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
  /// Departmental Papers (ASC), University of Pennsylvania, 43.
  ///
  /// - Parameter units: one entry per unit with the value each coder gave it, `nil` when the
  ///   coder did not code it (`units[u][coder]`; rows may have different lengths).
  public static func krippendorffAlpha<Value: Hashable>(units: [[Value?]]) -> KrippendorffAlpha {
    var levels: [Value: Int] = [:]
    var totals: [Int] = []  // n_c
    var agreement = CompensatedSum()  // sum_c o_cc
    var used = 0
    for unit in units {
      var counts: [Int: Int] = [:]
      var m = 0
      for case let value? in unit {
        let level = levels[value] ?? levels.count
        if level == levels.count { levels[value] = level }
        counts[level, default: 0] += 1
        m += 1
      }
      guard m >= 2 else { continue }
      used += 1
      for level in counts.keys.sorted() {
        let count = counts[level] ?? 0
        while totals.count <= level { totals.append(0) }
        totals[level] += count
        agreement.add(Double(count * (count - 1)) / Double(m - 1))
      }
    }
    let n = totals.reduce(0, +)
    var result = KrippendorffAlpha(
      alpha: nil, undefinedReason: nil, observedDisagreement: nil, expectedDisagreement: nil,
      pairableValues: n, units: used, unitsDropped: units.count - used)
    guard n > 0 else {
      result.undefinedReason = "Krippendorff's alpha is undefined: no unit has values from two or more coders"
      return result
    }
    let nn = Double(n)
    let squares = totals.reduce(0) { $0 + $1 * $1 }
    result.observedDisagreement = (nn - agreement.value) / nn
    result.expectedDisagreement = (nn * nn - Double(squares)) / (nn * (nn - 1))
    guard squares != n * n else {
      result.undefinedReason =
        "Krippendorff's alpha is undefined: all \(n) pairable values are in one category, so no disagreement is expected"
      return result
    }
    result.alpha = 1 - (nn - 1) * (nn - agreement.value) / (nn * nn - Double(squares))
    return result
  }
}

extension Reliability {
  /// Cohen's kappa of two coders, with the agreement it is built from.
  public struct Kappa: Sendable, Equatable {
    /// Cohen's kappa; `nil` when it is undefined, with the reason in `undefinedReason`.
    public var kappa: Double?
    /// Why `kappa` is `nil`, as a sentence for a footnote; `nil` when kappa is defined.
    public var undefinedReason: String?
    /// Observed agreement p_o, the share of units both coders put in the same category;
    /// `nil` when no unit was coded by both.
    public var observedAgreement: Double?
    /// Chance agreement p_e from the two coders' marginal distributions; `nil` when no
    /// unit was coded by both.
    public var chanceAgreement: Double?
    /// Units coded by both coders (the units used).
    public var units: Int
    /// Units left out because one coder or both did not code them.
    public var unitsDropped: Int
  }

  /// The agreement of two coders on one code, seen as presence or absence per segment.
  public struct CodeKappa<Code: Hashable & Comparable & Sendable>: Sendable, Equatable {
    /// The code.
    public var code: Code
    /// Cohen's kappa of "the segment has this code" between the two coders.
    public var kappa: Kappa
  }

  /// Cohen's kappa for two coders who put the same units into nominal categories.
  ///
  /// With n units coded by both, p_o the share on which they agree, and a_c and b_c the
  /// numbers of units the first and the second coder put in category c,
  ///
  ///     p_e = sum_c (a_c / n) (b_c / n),    kappa = (p_o - p_e) / (1 - p_e)
  ///
  /// Assumptions: categories are nominal (unordered; no partial credit, so this is not the
  /// weighted kappa), units are independent, and each coder's own marginal distribution
  /// defines chance agreement (Cohen's, not Scott's, chance model).
  ///
  /// Missing values: a unit with `nil` from either coder is dropped; `units` and
  /// `unitsDropped` report the count.
  ///
  /// Edge cases:
  /// - no unit coded by both: kappa, p_o and p_e are `nil`, with a reason;
  /// - p_e = 1, which happens exactly when both coders put every unit in one and the same
  ///   category: kappa is 0 / 0 and is `nil` with a reason, even though p_o = 1;
  /// - kappa is 1 for perfect agreement, 0 at chance level and negative below it.
  ///
  /// Reference: Cohen, J. (1960). A coefficient of agreement for nominal scales.
  /// Educational and Psychological Measurement 20(1), 37-46.
  ///
  /// - Parameters:
  ///   - first: the first coder's category for each unit (`nil` when not coded).
  ///   - second: the second coder's category for the same units, in the same order.
  public static func cohenKappa<Category: Hashable>(_ first: [Category?], _ second: [Category?]) -> Kappa {
    precondition(first.count == second.count, "Cohen's kappa: \(first.count) and \(second.count) units differ")
    var levels: [Category: Int] = [:]
    var firstCounts: [Int] = []
    var secondCounts: [Int] = []
    var agreements = 0
    var units = 0
    for case (let a?, let b?) in zip(first, second) {
      units += 1
      for value in [a, b] where levels[value] == nil {
        levels[value] = levels.count
        firstCounts.append(0)
        secondCounts.append(0)
      }
      firstCounts[levels[a] ?? 0] += 1
      secondCounts[levels[b] ?? 0] += 1
      if a == b { agreements += 1 }
    }
    var result = Kappa(
      kappa: nil, undefinedReason: nil, observedAgreement: nil, chanceAgreement: nil, units: units,
      unitsDropped: first.count - units)
    guard units > 0 else {
      result.undefinedReason = "Cohen's kappa is undefined: no unit was coded by both coders"
      return result
    }
    let chanceProducts = zip(firstCounts, secondCounts).reduce(0) { $0 + $1.0 * $1.1 }
    let squared = Double(units) * Double(units)
    result.observedAgreement = Double(agreements) / Double(units)
    result.chanceAgreement = Double(chanceProducts) / squared
    guard chanceProducts != units * units else {
      result.undefinedReason =
        "Cohen's kappa is undefined: chance agreement is 1 because both coders put all \(units) units in one category"
      return result
    }
    result.kappa = (Double(agreements) * Double(units) - Double(chanceProducts)) / (squared - Double(chanceProducts))
    return result
  }

  /// Cohen's kappa per code, each code taken as presence or absence over the segments.
  ///
  /// For every code that either coder applied to a segment coded by both, the segments
  /// become a yes/no unit ("has this code") and ``cohenKappa(_:_:)`` is applied; see it for
  /// the formula, assumptions and edge cases. A code both coders applied to every segment
  /// has chance agreement 1, so its kappa is `nil` with a reason.
  ///
  /// Missing values: a segment is used when both coders coded it (both sets non-`nil`); an
  /// empty set means "coded, no code applies" and counts as absence of every code.
  ///
  /// Reference: Cohen (1960), as for ``cohenKappa(_:_:)``.
  ///
  /// - Parameters:
  ///   - first: the first coder's codes for each segment (`nil` when not coded).
  ///   - second: the second coder's codes for the same segments, in the same order.
  /// - Returns: one entry per code, in ascending order of the code.
  public static func cohenKappaPerCode<Code: Hashable & Comparable & Sendable>(
    _ first: [Set<Code>?], _ second: [Set<Code>?]
  ) -> [CodeKappa<Code>] {
    precondition(first.count == second.count, "Cohen's kappa: \(first.count) and \(second.count) segments differ")
    let both = zip(first, second).filter { $0.0 != nil && $0.1 != nil }
    let codes = Set(both.flatMap { ($0.0 ?? []).union($0.1 ?? []) }).sorted()
    return codes.map { code in
      let presence = zip(first, second).map { a, b -> (Bool?, Bool?) in
        guard let a, let b else { return (nil, nil) }
        return (a.contains(code), b.contains(code))
      }
      return CodeKappa(code: code, kappa: cohenKappa(presence.map(\.0), presence.map(\.1)))
    }
  }
}

import SurveyCore

/// The rules that derive new variables from several items.
extension Cleaner {
  /// The reason a derived value is missing when too few items are answered: the
  /// items' common reason when none is answered and all share one (a screener refused
  /// as a whole stays refused), else ``MissingReason/invalid``.
  static func missingReason(of items: [Column], at row: Int, answered: Int) -> MissingReason {
    guard answered == 0, let first = items.first?.missing[row] else { return .invalid }
    return items.allSatisfy { $0.missing[row] == first } ? first : .invalid
  }

  /// The number of items equal to `spec.value`, among rows with at least
  /// `spec.minAnswered` items answered; unanswered items are not counted (no imputation).
  mutating func deriveCount(_ spec: CleanRules.DeriveCount) {
    let items = spec.items.map { column($0) }
    let matches = items.map { $0.matcher(for: spec.value) }
    var values: [Double?] = []
    var reasons: [MissingReason?] = []
    values.reserveCapacity(rowsIn)
    reasons.reserveCapacity(rowsIn)
    for row in 0..<rowsIn {
      var answered = 0
      var count = 0
      for (item, matches) in zip(items, matches) where item.missing[row] == nil {
        answered += 1
        if matches(row) { count += 1 }
      }
      if answered >= spec.minAnswered {
        values.append(Double(count))
        reasons.append(nil)
      } else {
        values.append(nil)
        reasons.append(Self.missingReason(of: items, at: row, answered: answered))
      }
    }
    store(.numeric(name: spec.into, values: values, reasons: reasons))
  }

  /// A scale score over the answered items of rows with at least `spec.minAnswered`:
  ///
  ///     sum  = sum of x_i over the answered items
  ///     mean = sum / answered
  ///
  /// where a reversed item scores `low + high - x_i` (`item_range: [low, high]`). The sum
  /// is not prorated for unanswered items. The cut-off variable is 1 where
  /// `score >= at`, 0 below, and missing with the score's reason where the score is missing.
  mutating func scaleScore(_ spec: CleanRules.ScaleScore) throws(Diagnostics) {
    let items = spec.items.map { column($0) }
    for (name, item) in zip(spec.items, items) where !item.isNumberLike {
      throw failure("item '\(name)' must be numeric or have numeric levels")
    }
    let reversed = spec.items.map { spec.reverse.contains($0) }
    var scores: [Double?] = []
    var reasons: [MissingReason?] = []
    for row in 0..<rowsIn {
      var sum = CompensatedSum()
      var answered = 0
      for (index, item) in items.enumerated() {
        guard let value = item.number(at: row) else { continue }
        answered += 1
        if reversed[index], let range = spec.itemRange {
          sum.add(range.lowerBound + range.upperBound - value)
        } else {
          sum.add(value)
        }
      }
      if answered >= spec.minAnswered {
        scores.append(spec.method == .sum ? sum.value : sum.value / Double(answered))
        reasons.append(nil)
      } else {
        scores.append(nil)
        reasons.append(Self.missingReason(of: items, at: row, answered: answered))
      }
    }
    store(.numeric(name: spec.into, values: scores, reasons: reasons))
    if let cutoff = spec.cutoff {
      let flags = scores.map { score in score.map { $0 >= cutoff.at ? "1" : "0" } }
      store(.categorical(name: cutoff.into, type: .binary, values: flags, reasons: reasons, order: ["0", "1"]))
    }
  }
}

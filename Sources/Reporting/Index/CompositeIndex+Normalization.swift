import SurveyCore

extension CompositeIndex {
  /// How raw item values are brought to a common scale, across the units of the
  /// table (countries or respondents, whichever the rows are), with the item's
  /// polarity applied so that a higher normalised value always means more barriers.
  ///
  /// For item values `x_1 ... x_n` over the `n` units, with `s = +1` for a
  /// positive item and `s = -1` for a negative one:
  ///
  /// - ``minMax(to:)``: `I_u = a + (b - a) (x_u - min x) / (max x - min x)` for a
  ///   positive item and `a + (b - a) (max x - x_u) / (max x - min x)` for a
  ///   negative one, onto the range `a...b` (default `0...1`). Undefined when the
  ///   item is constant (max = min): that throws, naming the item.
  /// - ``zScore``: `I_u = s (x_u - mean x) / sd x`, with the sample standard
  ///   deviation (divisor `n - 1`, as R's `sd` and COINr). Mean 0, sd 1.
  ///   Undefined for a constant item or a single unit: that throws.
  /// - ``rank``: `I_u` = the rank of `s x_u` among the units, 1 for the fewest
  ///   barriers up to `n`; tied values share the mean of their ranks. Defined for
  ///   every item, including a constant one (every unit gets `(n + 1) / 2`).
  ///
  /// Min-max output contains 0 for the unit with the fewest barriers on each
  /// item, so geometric aggregation needs a positive target range such as
  /// `.minMax(to: 1...100)` (COINr's choice for geometric means) or ranks;
  /// z-scores are negative for half the units and suit arithmetic aggregation only.
  ///
  /// Reference: OECD/JRC Handbook (2008), section 5 (normalisation), table 3.
  public enum Normalization: Sendable, Equatable {
    case minMax(to: ClosedRange<Double> = 0...1)
    case zScore
    case rank

    func apply(_ values: [Double], polarity: Polarity, item: String) throws(CompositeIndexError) -> [Double] {
      let sign = polarity == .positive ? 1.0 : -1.0
      switch self {
      case .minMax(let range):
        guard let low = values.min(), let high = values.max(), high > low else {
          throw CompositeIndexError(
            "min-max normalisation is undefined for item '\(item)': every unit has the value "
              + "\(NumberFormat.shortest(values.first ?? .nan)) (max = min)")
        }
        let span = range.upperBound - range.lowerBound
        return values.map { value in
          let share = polarity == .positive ? (value - low) / (high - low) : (high - value) / (high - low)
          return range.lowerBound + span * share
        }
      case .zScore:
        let n = Double(values.count)
        let mean = values.compensatedSum() / n
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.compensatedSum() / (n - 1)).squareRoot()
        guard values.count > 1, sd > 0 else {
          throw CompositeIndexError(
            "z-score normalisation is undefined for item '\(item)': its values do not vary across units (sd = 0)")
        }
        return values.map { sign * ($0 - mean) / sd }
      case .rank:
        return Self.midRanks(values.map { sign * $0 })
      }
    }

    /// Ranks 1...n in increasing order of `values`; ties share their mean rank.
    static func midRanks(_ values: [Double]) -> [Double] {
      let order = values.indices.sorted { values[$0] < values[$1] }
      var ranks = [Double](repeating: 0, count: values.count)
      var start = 0
      while start < order.count {
        var end = start
        while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
        let shared = Double(start + end + 2) / 2
        for position in start...end { ranks[order[position]] = shared }
        start = end + 1
      }
      return ranks
    }
  }
}

public import Aggregation

/// What a chart shows for one estimate (a share between 0 and 1), after disclosure control.
public enum ChartValue: Sendable, Equatable {
  /// A published estimate with its confidence interval; `unreliable` when flagged.
  case estimate(Double, low: Double, high: Double, unreliable: Bool)
  /// Withheld by disclosure control: drawn as a hatched placeholder with `note`, never as 0.
  case suppressed(note: String)
  /// No estimate (the domain is empty or the item was not asked).
  case missing

  /// The chart value of `row` under `rules`.
  public init(_ row: EstimateRow, rules: DisclosureRules) {
    switch rules.assess(row) {
    case .publish: self = .estimate(row.estimate, low: row.ciLow, high: row.ciHigh, unreliable: false)
    case .unreliable: self = .estimate(row.estimate, low: row.ciLow, high: row.ciHigh, unreliable: true)
    case .suppress(let reason): self = .suppressed(note: reason.chartNote)
    }
  }
}

extension SuppressionReason {
  /// The short note a chart shows in place of a withheld value.
  var chartNote: String {
    switch self {
    case .smallCount(_, let minimum): "suppressed: n < \(minimum)"
    case .highRelativeError: "suppressed: imprecise (high RSE)"
    case .undefinedRelativeError: "suppressed: RSE undefined"
    case .complementary: "suppressed: complement"
    }
  }
}

/// The statistical disclosure and reliability rules for published estimates.
///
/// For an estimate with unweighted count n, estimate e and standard error se, in this order:
/// 1. n < `minimumCount`: suppressed (`suppressed_small_n`); small cells can identify people
///    and their estimates are unstable.
/// 2. The relative standard error RSE = se / |e| (the coefficient of variation):
///    - e = 0 and se = 0 (nobody in the domain has the attribute, or everybody has the
///      value 0): RSE is taken as 0 and the estimate is published as 0. The count rule
///      has already withheld it when n is small, so a published 0 rests on at least
///      `minimumCount` respondents.
///    - e = 0 and se > 0, or e or se not finite: RSE is undefined; suppressed
///      (`suppressed_undefined_rse`), never divided by zero.
///    - RSE > `suppressionRSE`: suppressed (`suppressed_high_rse`).
///    - RSE > `unreliableRSE`: published and flagged `unreliable`.
///
/// The thresholds are strict inequalities: n = 10 passes a minimum of 10, an RSE of
/// exactly 0.3 is not flagged. The defaults follow common national-statistics practice
/// (e.g. NCHS and Eurostat publish RSE above 30% with a caution and withhold above 50%).
/// Suppressed cells are never written as zero: estimate, SE and CI all become the marker.
public struct DisclosureRules: Sendable, Equatable {
  /// The smallest unweighted count that may be published.
  public var minimumCount: Int
  /// Above this RSE an estimate is flagged unreliable.
  public var unreliableRSE: Double
  /// Above this RSE an estimate is suppressed.
  public var suppressionRSE: Double
  /// Whether free-text quotes (focus-group segment texts, open answers) may be published.
  /// Off unless the pipeline asks for quotes explicitly.
  public var publishQuotes: Bool
  /// Cells withheld by secondary suppression (``withComplements(estimates:crosstabs:)``).
  public var complements: Set<CellKey> = []

  public init(
    minimumCount: Int = 10, unreliableRSE: Double = 0.3, suppressionRSE: Double = 0.5, publishQuotes: Bool = false
  ) {
    precondition(minimumCount >= 0, "a minimum count of at least 0")
    precondition(unreliableRSE <= suppressionRSE, "the unreliable threshold at most the suppression threshold")
    self.minimumCount = minimumCount
    self.unreliableRSE = unreliableRSE
    self.suppressionRSE = suppressionRSE
    self.publishQuotes = publishQuotes
  }

  /// What the rules make of one estimate.
  public enum Verdict: Sendable, Equatable {
    case publish
    case unreliable(rse: Double)
    case suppress(SuppressionReason)

    /// The value of the flag column: empty, `unreliable` or the suppression flag.
    public var flag: String {
      switch self {
      case .publish: ""
      case .unreliable: DisclosureRules.unreliableFlag
      case .suppress(let reason): reason.flag
      }
    }
  }

  public static let unreliableFlag = "unreliable"

  /// The verdict for an estimate with unweighted count `n`.
  public func assess(n: Int, estimate: Double, se: Double) -> Verdict {
    if n < minimumCount { return .suppress(.smallCount(n: n, minimum: minimumCount)) }
    guard estimate.isFinite, se.isFinite else { return .suppress(.undefinedRelativeError) }
    let rse: Double
    if estimate == 0 {
      guard se == 0 else { return .suppress(.undefinedRelativeError) }
      rse = 0
    } else {
      rse = se / abs(estimate)
    }
    if rse > suppressionRSE { return .suppress(.highRelativeError(rse: rse, maximum: suppressionRSE)) }
    if rse > unreliableRSE { return .unreliable(rse: rse) }
    return .publish
  }

  /// The footnote for the `unreliable` flag.
  public var unreliableFootnote: String {
    "unreliable: relative standard error above \(Self.percent(unreliableRSE)); interpret with caution."
  }

  /// `0.3` as `30%` (to one decimal when needed: `12.5%`).
  static func percent(_ share: Double) -> String {
    let value = (share * 1000).rounded() / 10
    return value == value.rounded() ? "\(Int(value))%" : "\(value)%"
  }
}

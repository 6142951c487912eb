/// Why a cell holds no value.
///
/// Survey analysis must tell these apart: a "don't know" is an answer about the
/// respondent, an empty cell is a gap in the export, "not applicable" follows from
/// skip logic. Estimators exclude every reason alike (`na.rm = TRUE`), but the
/// counts by reason are reported.
public enum MissingReason: UInt8, Sendable, CaseIterable, Hashable, Codable {
  /// An empty cell (`a,,b` or `""`) or a generic NA token (`NA`, `.`).
  case empty = 1
  /// The respondent did not know (e.g. code 98).
  case dontKnow
  /// The respondent refused to answer (e.g. code 99).
  case refused
  /// The question did not apply (skip logic, e.g. code 97).
  case notApplicable
  /// A value that was present but set aside by a cleaning rule.
  case invalid
  /// The file had no column for this variable (one country's form lacked it).
  case absent

  /// The name used in codebooks and logs (`dont_know`, `refused`, ...).
  public var name: String {
    switch self {
    case .empty: "empty"
    case .dontKnow: "dont_know"
    case .refused: "refused"
    case .notApplicable: "not_applicable"
    case .invalid: "invalid"
    case .absent: "absent"
    }
  }

  /// The token that stands for this reason in the tables mighealth writes, so that a
  /// written table reads back with its reasons (Stata's extended missing values
  /// `.a`, `.b` play the same part). An empty cell stays empty.
  public var token: String {
    switch self {
    case .empty: ""
    case .dontKnow: ".dont_know"
    case .refused: ".refused"
    case .notApplicable: ".not_applicable"
    case .invalid: ".invalid"
    case .absent: ".absent"
    }
  }

  /// The reason named `name` in a codebook (`dont_know`, `refused`, ...).
  public init?(name: String) {
    guard let reason = MissingReason.allCases.first(where: { $0.name == name }) else { return nil }
    self = reason
  }

  /// The reason written as `token` in a mighealth table (`.refused`), if any.
  public init?(token: String) {
    guard !token.isEmpty, let reason = MissingReason.allCases.first(where: { $0.token == token }) else {
      return nil
    }
    self = reason
  }
}

/// The kind of a survey variable, as declared in a codebook.
public enum VariableType: String, Sendable, CaseIterable, Hashable, Codable {
  /// A respondent or record identifier: kept as text, never analysed.
  case id
  /// Unordered categories (legal status, country).
  case categorical
  /// Ordered categories (self-rated health 1-5); level order is the codebook's.
  case ordinal
  /// Two levels, conventionally no/yes coded 0/1.
  case binary
  /// A number (age, years in country, a weight).
  case numeric
  /// Several of a fixed set of options in one cell, separated (chronic conditions).
  case multiSelect = "multi-select"
  /// Free text (comments, segment texts).
  case text
  /// A calendar date, read as `YYYY-MM-DD` or in the codebook's `format`.
  case date

  /// Whether values are stored as level codes.
  public var isCategorical: Bool {
    self == .categorical || self == .ordinal || self == .binary
  }
}

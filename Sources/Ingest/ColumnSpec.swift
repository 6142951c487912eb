import SurveyCore

/// How one output column is read: its kind, missing codes, range and whether its
/// type was inferred (and so may still change from numeric to categorical to text).
struct ColumnSpec: Sendable {
  enum Kind: Sendable, Equatable {
    /// A number; `storage` is `nil` when inferred (narrowest exact type).
    case numeric(storage: Codebook.Storage?)
    /// Levels from the codebook, or `nil` for an open level set learned from data.
    case categorical(levels: [Codebook.Level]?, ordered: Bool)
    case multiSelect(options: [Codebook.Level], separator: String)
    case text
    case date(DateFormat)
  }

  var name: String
  var type: VariableType
  var label: String?
  var kind: Kind
  var missingCodes: [Codebook.MissingCode]
  var range: ClosedRange<Double>?
  var required: Bool
  /// Whether the type was inferred from the data rather than declared.
  var inferred: Bool

  /// A column declared by the codebook.
  init(variable: Codebook.Variable, codebook: Codebook) {
    name = variable.name
    type = variable.type
    label = variable.label
    // The codebook's default missing codes are for coded answers: ids and free text
    // only take codes declared on the variable itself (respondent 98 is a respondent).
    missingCodes =
      variable.type == .id || variable.type == .text
      ? (variable.missingCodes ?? []) : codebook.missingCodes(of: variable)
    range = variable.range
    required = variable.required
    inferred = false
    switch variable.type {
    case .numeric: kind = .numeric(storage: variable.storage)
    case .categorical, .ordinal, .binary:
      let levels = variable.type == .binary && variable.levels.isEmpty ? Self.binaryLevels(variable) : variable.levels
      kind = .categorical(levels: levels.isEmpty ? nil : levels, ordered: variable.type == .ordinal)
    case .multiSelect: kind = .multiSelect(options: variable.levels, separator: variable.separator)
    case .id, .text: kind = .text
    case .date: kind = .date(DateFormat(codebookName: variable.format ?? "YYYY-MM-DD") ?? .iso)
    }
  }

  /// A column whose type is inferred: numeric until a value says otherwise.
  init(inferredName name: String) {
    self.name = name
    type = .numeric
    label = nil
    kind = .numeric(storage: nil)
    missingCodes = []
    range = nil
    required = false
    inferred = true
  }

  /// The next kind an inferred column moves to when a value does not fit (and
  /// text for a declared open categorical column with too many values).
  var widenedKind: Kind? {
    // A declared categorical without levels and more than 65,536 distinct values
    // (more than level codes hold) is kept as text.
    if !inferred, case .categorical(nil, _) = kind { return .text }
    guard inferred else { return nil }
    switch kind {
    case .numeric: return .categorical(levels: nil, ordered: false)
    case .categorical: return .text
    default: return nil
    }
  }

  mutating func setKind(_ kind: Kind) {
    self.kind = kind
    switch kind {
    case .numeric: type = .numeric
    case .categorical: type = .categorical
    case .text: type = .text
    case .multiSelect: type = .multiSelect
    case .date: type = .date
    }
  }

  private static func binaryLevels(_ variable: Codebook.Variable) -> [Codebook.Level] {
    [
      Codebook.Level(value: "0", label: "No", location: variable.location),
      Codebook.Level(value: "1", label: "Yes", location: variable.location),
    ]
  }
}

/// The date layouts a codebook may declare.
enum DateFormat: String, Sendable, Equatable {
  case iso = "YYYY-MM-DD"
  case dayMonthYear = "DD/MM/YYYY"
  case monthDayYear = "MM/DD/YYYY"
  case dayMonthYearDots = "DD.MM.YYYY"

  init?(codebookName: String) {
    self.init(rawValue: codebookName)
  }

  /// Days since 1970-01-01 of a date written in this layout, if valid.
  func days(_ field: UnsafeRawBufferPointer) -> Int32? {
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let digit = field[index] &- 0x30
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
      }
      return value
    }
    guard field.count == 10 else { return nil }
    let parts: (year: Range<Int>, month: Range<Int>, day: Range<Int>, separators: [Int], separator: UInt8)
    switch self {
    case .iso: parts = (0..<4, 5..<7, 8..<10, [4, 7], UInt8(ascii: "-"))
    case .dayMonthYear: parts = (6..<10, 3..<5, 0..<2, [2, 5], UInt8(ascii: "/"))
    case .monthDayYear: parts = (6..<10, 0..<2, 3..<5, [2, 5], UInt8(ascii: "/"))
    case .dayMonthYearDots: parts = (6..<10, 3..<5, 0..<2, [2, 5], UInt8(ascii: "."))
    }
    guard parts.separators.allSatisfy({ field[$0] == parts.separator }),
      let year = number(parts.year), let month = number(parts.month), let day = number(parts.day),
      let date = CivilDate(year: year, month: month, day: day)
    else { return nil }
    return Int32(date.daysSinceEpoch)
  }
}

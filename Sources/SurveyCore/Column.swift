/// One variable of a survey table: its values in typed contiguous storage and the
/// missing reason of every cell.
public struct Column: Sendable, Equatable {
  /// The storage of a column, by kind of variable.
  public enum Values: Sendable, Equatable {
    case numeric(NumericValues)
    case categorical(CategoricalValues)
    case multiSelect(MultiSelectValues)
    /// Text and id columns.
    case text(TextValues)
    /// Days since 1970-01-01.
    case date([Int32])

    public var count: Int {
      switch self {
      case .numeric(let values): values.count
      case .categorical(let values): values.count
      case .multiSelect(let values): values.count
      case .text(let values): values.count
      case .date(let values): values.count
      }
    }
  }

  public var name: String
  public var type: VariableType
  public var label: String?
  public var values: Values
  public var missing: MissingMask

  public init(name: String, type: VariableType, label: String? = nil, values: Values, missing: MissingMask? = nil) {
    precondition(missing == nil || missing?.count == values.count, "column '\(name)': mask and values differ in length")
    self.name = name
    self.type = type
    self.label = label
    self.values = values
    self.missing = missing ?? MissingMask(count: values.count)
  }

  public var count: Int { values.count }

  /// The cell at `row` as text, as mighealth writes it: the number, the level's
  /// canonical value, the chosen options joined by a space, the ISO date, or the
  /// missing reason's token (`.refused`; empty for an empty cell).
  public func text(at row: Int) -> String {
    if let reason = missing[row] { return reason.token }
    switch values {
    case .numeric(let values):
      return NumberFormat.shortest(values[row])
    case .categorical(let values):
      return values[row]
    case .multiSelect(let values):
      return values[row].joined(separator: " ")
    case .text(let values):
      return values[row]
    case .date(let days):
      return CivilDate(daysSinceEpoch: Int(days[row])).description
    }
  }
}

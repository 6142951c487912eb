import SurveyCore

extension Column {
  /// The value at `row` as text, or `nil` where the cell is missing.
  func value(at row: Int) -> String? {
    missing[row] == nil ? text(at: row) : nil
  }

  /// Whether the (present) value at a row is `value` as text, as `value(at:) == value`
  /// says, without making a string per row: a number is compared with `value` read as a
  /// number when that is how the number is written, a level by its code.
  func matcher(for value: String) -> (Int) -> Bool {
    switch values {
    case .numeric(let numbers):
      guard let number = Double(value), NumberFormat.shortest(number) == value else { return { _ in false } }
      return { numbers[$0] == number && numbers[$0].sign == number.sign }
    case .categorical(let levels):
      guard let code = levels.code(of: value) else { return { _ in false } }
      return { levels.codes[$0] == code }
    default:
      return { self.text(at: $0) == value }
    }
  }

  /// The value at `row` as a number, or `nil` where the cell is missing or not a number
  /// (categorical levels such as `"3"` read as numbers).
  func number(at row: Int) -> Double? {
    guard missing[row] == nil else { return nil }
    switch values {
    case .numeric(let values): return values[row]
    case .categorical(let values): return Double(values[row])
    case .text(let values): return Double(values[row])
    case .multiSelect, .date: return nil
    }
  }

  /// Whether every value reads as a number: numeric columns, and categorical columns
  /// whose levels are all numbers.
  var isNumberLike: Bool {
    switch values {
    case .numeric: true
    case .categorical(let values): values.levels.allSatisfy { Double($0) != nil }
    default: false
    }
  }

  /// Whether the column holds category or text values that rules can rewrite.
  var isTextLike: Bool {
    switch values {
    case .categorical, .text: true
    default: false
    }
  }

  /// A categorical column of `values` (`nil` where missing, for the reason in
  /// `reasons`, else `.empty`); levels are `order` first, then the other values in UTF-8 order.
  static func categorical(
    name: String, type: VariableType, label: String? = nil, values: [String?], reasons: [MissingReason?],
    order: [String], isOrdered: Bool = false
  ) -> Column {
    var levels: [String] = []
    var code: [String: Int] = [:]
    for level in order where code[level] == nil {
      code[level] = levels.count
      levels.append(level)
    }
    for value in Set(values.compactMap { $0 }).sorted(by: { Array($0.utf8).lexicographicallyPrecedes($1.utf8) })
    where code[value] == nil {
      code[value] = levels.count
      levels.append(value)
    }
    let indices = values.map { $0.flatMap { code[$0] } ?? 0 }
    let codes: CategoricalValues.Codes =
      levels.count <= 256 ? .uint8(indices.map { UInt8($0) }) : .uint16(indices.map { UInt16($0) })
    var mask = MissingMask(count: values.count)
    for (row, value) in values.enumerated() where value == nil {
      mask.set(reasons[row] ?? .empty, at: row)
    }
    return Column(
      name: name, type: type, label: label,
      values: .categorical(CategoricalValues(levels: levels, isOrdered: isOrdered, codes: codes)), missing: mask)
  }

  /// A float64 numeric column of `values` (`nil` where missing, for the reason in `reasons`).
  static func numeric(name: String, values: [Double?], reasons: [MissingReason?]) -> Column {
    var mask = MissingMask(count: values.count)
    for (row, value) in values.enumerated() where value == nil {
      mask.set(reasons[row] ?? .empty, at: row)
    }
    return Column(name: name, type: .numeric, values: .numeric(.float64(values.map { $0 ?? 0 })), missing: mask)
  }
}

import SurveyCore

/// The cells of the less common kinds: multi-select options, text and dates
/// (numbers are in ColumnState+Numbers.swift, categories with the common path).
/// Kept out of line, so that the per-cell switch stays small.
extension ColumnState {
  @inline(never)
  mutating func appendOptions(_ field: UnsafeRawBufferPointer, lineBreaks: inout Int) -> CellOutcome {
    var mask: UInt64 = 0
    var start = 0
    var index = 0
    let width = separator.count
    while index <= field.count {
      let atSeparator =
        index + width <= field.count && width > 0
        && (0..<width).allSatisfy { field[index + $0] == separator[$0] }
      if atSeparator || index == field.count {
        if index > start {
          let token = UnsafeRawBufferPointer(rebasing: field[start..<index])
          guard let found = levels.index(of: token) else { return reject(.notAnOption(token: start..<index)) }
          mask |= 1 << UInt64(levels.code(at: found))
        }
        index += atSeparator ? width : 1
        start = index
      } else {
        index += 1
      }
    }
    lineBreaks += ByteScan.lineBreaks(in: field, from: 0, to: field.count)
    masks.append(mask)
    return stored()
  }

  @inline(never)
  mutating func appendText(_ field: UnsafeRawBufferPointer, lineBreaks: inout Int) -> CellOutcome {
    bytes.append(contentsOf: field)
    ends.append(bytes.count)
    if field.contains(where: { $0 == ByteScan.lf || $0 == ByteScan.cr }) {
      lineBreaks += ByteScan.lineBreaks(in: field, from: 0, to: field.count)
    }
    return stored()
  }

  @inline(never)
  mutating func appendDate(_ field: UnsafeRawBufferPointer) -> CellOutcome {
    guard let value = dateFormat.days(field) else { return reject(.notADate) }
    days.append(value)
    return stored()
  }

  /// The text values read so far.
  func textValues() -> TextValues {
    TextValues(bytes: bytes.array(), offsets: [0] + ends.array())
  }
}

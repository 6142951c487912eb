import SurveyCore

/// Why a cell rejects its row; turned into a message by ``RejectCause/message(spec:value:)``.
enum RejectCause: Equatable {
  case notANumber
  case outOfRange
  case notWhole(Codebook.Storage)
  case doesNotFit(Codebook.Storage)
  case notALevel
  case notAnOption(token: Range<Int>)
  case notADate
  case required(MissingReason)
  case fieldCount(found: Int, expected: Int)

  /// Whether the row has the wrong number of fields (no one column is at fault).
  var isFieldCount: Bool {
    if case .fieldCount = self { return true }
    return false
  }
}

/// What happened to one cell (one byte, so it comes back in a register).
enum CellOutcome: UInt8 {
  case stored
  /// The row is rejected; the cause is in ``ColumnState/rejectCause``.
  case rejected
  /// An inferred column needs a wider kind (numeric to categorical to text): the
  /// chunk is read again with the column widened.
  case needsWiderKind
}

/// The state of one column of one chunk while it is read, cell by cell.
///
/// Plain values and manually managed buffers only, reached through a pointer by
/// the libcsv callbacks: the per-cell path has no reference counting and no
/// dynamic exclusivity checks. ``release()`` frees the buffers.
struct ColumnState {
  enum Kind: UInt8 {
    case numeric, categorical, multiSelect, text, date
  }

  let kind: Kind
  let required: Bool
  let inferred: Bool
  /// `NA` and `.` read as empty cells (numbers and dates).
  let readsNATokens: Bool
  /// A quoted empty field (`""`) is an empty string rather than a missing cell (text).
  let keepsQuotedEmpty: Bool
  /// Whether values other than text need their surrounding spaces trimmed here
  /// (when the parser keeps them; libcsv trims them otherwise).
  let trimsValues: Bool
  /// Whether a cell of one or two digits can be stored at once: a number column
  /// with no range to check, no trimming to do and no missing code of that length.
  let readsSmallWholeNumbers: Bool
  /// Why the last cell was rejected (valid after a `.rejected` outcome).
  private(set) var rejectCause = RejectCause.notANumber
  private(set) var count = 0
  private(set) var hasMissing = false
  /// The number of missing cells so far.
  private(set) var missingCount = 0
  private(set) var missing = GrowableBuffer<UInt8>()
  private var missingCodes = LevelTable()
  /// Bit n set when some missing code is n bytes long (n < 64).
  private let missingLengths: UInt64
  /// Bit b set when some missing code starts with byte b (a 256-bit set).
  private let missingFirstBytes: (UInt64, UInt64, UInt64, UInt64)

  // Numbers.
  let parser: NumberParser
  let declaredStorage: Codebook.Storage?
  var storage: Codebook.Storage
  let low: Double
  let high: Double
  let hasRange: Bool
  var int8 = GrowableBuffer<Int8>()
  var int16 = GrowableBuffer<Int16>()
  var int32 = GrowableBuffer<Int32>()
  var float64 = GrowableBuffer<Double>()

  // Categories and multi-select options.
  private(set) var levels = LevelTable()
  private let openLevels: Bool
  private(set) var codes = GrowableBuffer<UInt16>()
  var masks = GrowableBuffer<UInt64>()
  var separator = GrowableBuffer<UInt8>()

  // Text.
  var bytes = GrowableBuffer<UInt8>()
  var ends = GrowableBuffer<Int>()

  // Dates.
  let dateFormat: DateFormat
  var days = GrowableBuffer<Int32>()

  /// The rows to reserve room for in each buffer that grows with the rows.
  let expectedRows: Int

  init(spec: ColumnSpec, decimalSeparator: UInt8, trimsValues: Bool = false, expectedRows: Int = 0) {
    self.trimsValues = trimsValues
    self.expectedRows = expectedRows
    required = spec.required
    inferred = spec.inferred
    parser = NumberParser(decimalSeparator: decimalSeparator)
    var lengths: UInt64 = 0
    var firstBytes: [UInt64] = [0, 0, 0, 0]
    let codes =
      spec.missingCodes.map { ($0.value, $0.reason) }
      + MissingReason.allCases.filter { $0 != .empty }.map { ($0.token, $0) }
    for (value, reason) in codes where !value.isEmpty {
      missingCodes.insert(value, code: Int32(reason.rawValue))
      lengths |= 1 << UInt64(min(value.utf8.count, 63))
      let first = Int(value.utf8.first ?? 0)
      firstBytes[first >> 6] |= 1 << UInt64(first & 63)
    }
    missingLengths = lengths
    missingFirstBytes = (firstBytes[0], firstBytes[1], firstBytes[2], firstBytes[3])
    hasRange = spec.range != nil
    low = spec.range?.lowerBound ?? -.infinity
    high = spec.range?.upperBound ?? .infinity
    var declaredStorage: Codebook.Storage?
    var openLevels = false
    var dateFormat = DateFormat.iso
    switch spec.kind {
    case .numeric(let storage):
      kind = .numeric
      declaredStorage = storage
    case .categorical(let declared, _):
      kind = .categorical
      openLevels = declared == nil
      for (code, level) in (declared ?? []).enumerated() {
        for spelling in level.spellings { levels.insert(spelling, code: Int32(code)) }
      }
    case .multiSelect(let options, let separator):
      kind = .multiSelect
      for (bit, option) in options.enumerated() {
        for spelling in option.spellings { levels.insert(spelling, code: Int32(bit)) }
      }
      for byte in separator.utf8 { self.separator.append(byte) }
    case .text:
      kind = .text
    case .date(let format):
      kind = .date
      dateFormat = format
    }
    self.declaredStorage = declaredStorage
    self.storage = declaredStorage ?? .int8
    self.openLevels = openLevels
    self.dateFormat = dateFormat
    readsNATokens = kind == .numeric || kind == .date
    keepsQuotedEmpty = kind == .text
    readsSmallWholeNumbers = kind == .numeric && !trimsValues && !hasRange && lengths & 0b110 == 0
    switch kind {
    case .numeric:
      switch storage {
      case .int8: int8.reserve(expectedRows)
      case .int16: int16.reserve(expectedRows)
      case .int32: int32.reserve(expectedRows)
      case .float64: float64.reserve(expectedRows)
      }
    case .categorical: self.codes.reserve(expectedRows)
    case .multiSelect: masks.reserve(expectedRows)
    case .text: ends.reserve(expectedRows)
    case .date: days.reserve(expectedRows)
    }
  }

  /// Reads one cell; `lineBreaks` grows by the line breaks inside a stored value.
  ///
  /// When the parser keeps spaces, text keeps them and other kinds ignore spaces
  /// and tabs around the value (a cell of only spaces is empty).
  @inline(__always)
  mutating func append(_ field: UnsafeRawBufferPointer, isUnquotedEmpty: Bool, lineBreaks: inout Int) -> CellOutcome {
    if field.isEmpty { return appendEmpty(isUnquotedEmpty: isUnquotedEmpty, lineBreaks: &lineBreaks) }
    if readsSmallWholeNumbers, field.count <= 2 {
      // 0 to 99: what the general path stores for them, without its steps (every
      // storage holds them, and no missing code or NA token is one or two digits).
      let first = field[0] &- 0x30
      if first < 10 {
        if field.count == 1 { return appendSmallWholeNumber(first) }
        let second = field[1] &- 0x30
        if second < 10 { return appendSmallWholeNumber(first &* 10 &+ second) }
      }
    }
    let value = trimsValues && kind != .text ? Self.trimmed(field) : field
    if value.isEmpty { return appendMissing(.empty) }
    if missingLengths & (1 << UInt64(min(value.count, 63))) != 0, mayStartMissingCode(value[0]),
      let reason = Self.missingReason(of: value, codes: missingCodes)
    {
      return appendMissing(reason)
    }
    if readsNATokens, value.count <= 2, Self.isNAToken(value) {
      return appendMissing(.empty)
    }
    switch kind {
    case .numeric: return appendNumber(value)
    case .categorical: return appendLevel(value, lineBreaks: &lineBreaks)
    case .multiSelect: return appendOptions(value, lineBreaks: &lineBreaks)
    case .text: return appendText(value, lineBreaks: &lineBreaks)
    case .date: return appendDate(value)
    }
  }

  /// An empty field: missing, or an empty string in a text column when quoted.
  private mutating func appendEmpty(isUnquotedEmpty: Bool, lineBreaks: inout Int) -> CellOutcome {
    if !isUnquotedEmpty, keepsQuotedEmpty {
      return required
        ? reject(.required(.empty)) : appendText(UnsafeRawBufferPointer(start: nil, count: 0), lineBreaks: &lineBreaks)
    }
    return appendMissing(.empty)
  }

  /// The missing reason a value stands for, if it is a missing code or a reason's
  /// token (static, so that the column state is not copied for the call).
  @inline(never)
  private static func missingReason(of value: UnsafeRawBufferPointer, codes: LevelTable) -> MissingReason? {
    guard let index = codes.index(of: value) else { return nil }
    return MissingReason(rawValue: UInt8(codes.code(at: index))) ?? .empty
  }

  /// `field` without spaces and tabs at either end.
  @inline(__always)
  static func trimmed(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    var start = 0
    var end = field.count
    while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
    while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
    if start == 0, end == field.count { return field }
    return UnsafeRawBufferPointer(rebasing: field[start..<end])
  }

  @inline(__always)
  private func mayStartMissingCode(_ byte: UInt8) -> Bool {
    let word: UInt64
    switch byte >> 6 {
    case 0: word = missingFirstBytes.0
    case 1: word = missingFirstBytes.1
    case 2: word = missingFirstBytes.2
    default: word = missingFirstBytes.3
    }
    return word & (1 << UInt64(byte & 63)) != 0
  }

  /// Drops the rows from `newCount` on (the cells of a rejected row).
  mutating func truncate(to newCount: Int) {
    guard newCount < count else { return }
    if hasMissing {
      for row in newCount..<count where missing[row] != 0 { missingCount -= 1 }
      missing.truncate(to: newCount)
    }
    count = newCount
    switch kind {
    case .numeric:
      switch storage {
      case .int8: int8.truncate(to: newCount)
      case .int16: int16.truncate(to: newCount)
      case .int32: int32.truncate(to: newCount)
      case .float64: float64.truncate(to: newCount)
      }
    case .categorical: codes.truncate(to: newCount)
    case .multiSelect: masks.truncate(to: newCount)
    case .text:
      ends.truncate(to: newCount)
      bytes.truncate(to: newCount == 0 ? 0 : ends[newCount - 1])
    case .date: days.truncate(to: newCount)
    }
  }

  /// The number of levels of the column's table (declared and learned).
  var levelCount: Int { levels.keyCount }

  /// The levels learned by an open categorical column, indexed by chunk code.
  func chunkLevels() -> [String] {
    (0..<levels.keyCount).map { levels.key($0) }
  }

  mutating func release() {
    missing.release()
    missingCodes.release()
    levels.release()
    separator.release()
    releaseValues()
  }

  /// Frees the value buffers once they have been copied into the table.
  mutating func releaseValues() {
    int8.release()
    int16.release()
    int32.release()
    float64.release()
    codes.release()
    masks.release()
    bytes.release()
    ends.release()
    days.release()
  }

  // MARK: Cells of each kind

  private mutating func appendMissing(_ reason: MissingReason) -> CellOutcome {
    if required { return reject(.required(reason)) }
    if !hasMissing {
      hasMissing = true
      missing.reserve(expectedRows)
      missing.append(0, repeating: count)
    }
    missing.append(reason.rawValue)
    missingCount += 1
    switch kind {
    case .numeric:
      switch storage {
      case .int8: int8.append(0)
      case .int16: int16.append(0)
      case .int32: int32.append(0)
      case .float64: float64.append(0)
      }
    case .categorical: codes.append(0)
    case .multiSelect: masks.append(0)
    case .text: ends.append(bytes.count)
    case .date: days.append(0)
    }
    count += 1
    return .stored
  }

  mutating func reject(_ cause: RejectCause) -> CellOutcome {
    rejectCause = cause
    return .rejected
  }

  @inline(__always)
  mutating func stored() -> CellOutcome {
    if hasMissing { missing.append(0) }
    // Wrapping: the count is that of the value buffer, which an allocation bounds.
    count &+= 1
    return .stored
  }

  @inline(__always)
  private mutating func appendLevel(_ field: UnsafeRawBufferPointer, lineBreaks: inout Int) -> CellOutcome {
    if let found = levels.entry(of: field) {
      lineBreaks += Int(found.lineBreaks)
      codes.append(UInt16(truncatingIfNeeded: found.code))
      return stored()
    }
    guard openLevels else { return reject(.notALevel) }
    if levels.keyCount > Int(UInt16.max) { return .needsWiderKind }
    let index = levels.insert(field, code: Int32(levels.keyCount))
    lineBreaks += levels.lineBreaks(at: index)
    codes.append(UInt16(truncatingIfNeeded: levels.code(at: index)))
    return stored()
  }

  @inline(__always)
  private static func isNAToken(_ field: UnsafeRawBufferPointer) -> Bool {
    (field.count == 2 && field[0] == UInt8(ascii: "N") && field[1] == UInt8(ascii: "A"))
      || (field.count == 1 && field[0] == UInt8(ascii: "."))
  }
}

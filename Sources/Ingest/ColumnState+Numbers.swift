import SurveyCore

/// Numbers: read into the narrowest storage that holds them exactly (inferred
/// columns widen int8, int16, int32, float64 as values require; a declared
/// storage is fixed and a value that does not fit rejects the row).
extension ColumnState {
  @inline(__always)
  mutating func appendNumber(_ field: UnsafeRawBufferPointer) -> CellOutcome {
    if let integer = NumberParser.parseInteger(field) {
      return appendInteger(integer)
    }
    guard let value = parser.parse(field) else {
      return inferred ? .needsWiderKind : reject(.notANumber)
    }
    if value < low || value > high { return reject(.outOfRange) }
    // float64 holds every value: only narrower storage needs the width test.
    if storage != .float64, case let needed = Self.storage(for: value), Self.rank(needed) > Self.rank(storage) {
      if let declaredStorage {
        return reject(value.rounded() != value ? .notWhole(declaredStorage) : .doesNotFit(declaredStorage))
      }
      widen(to: needed)
    }
    switch storage {
    case .int8: int8.append(Int8(value))
    case .int16: int16.append(Int16(value))
    case .int32: int32.append(Int32(value))
    case .float64: float64.append(value)
    }
    return stored()
  }

  /// Stores a whole number from 0 to 99 in the current storage (which holds it).
  @inline(__always)
  mutating func appendSmallWholeNumber(_ value: UInt8) -> CellOutcome {
    // int8 first, as a plain test: most columns of small numbers are int8, and a
    // well-predicted branch is cheaper than the switch's indirect jump.
    if storage == .int8 {
      int8.append(Int8(truncatingIfNeeded: value))
      return stored()
    }
    switch storage {
    case .int8: int8.append(Int8(truncatingIfNeeded: value))
    case .int16: int16.append(Int16(value))
    case .int32: int32.append(Int32(value))
    case .float64: float64.append(Double(value))
    }
    return stored()
  }

  /// The integer path of ``appendNumber(_:)``: no floating point unless the
  /// column is stored as float64.
  @inline(__always)
  mutating func appendInteger(_ integer: Int64) -> CellOutcome {
    if hasRange {
      let value = Double(integer)
      if value < low || value > high { return reject(.outOfRange) }
    }
    let needed: Codebook.Storage =
      integer >= -128 && integer <= 127
      ? .int8
      : integer >= -32768 && integer <= 32767
        ? .int16 : integer >= -2_147_483_648 && integer <= 2_147_483_647 ? .int32 : .float64
    if Self.rank(needed) > Self.rank(storage) {
      if let declaredStorage { return reject(.doesNotFit(declaredStorage)) }
      widen(to: needed)
    }
    switch storage {
    case .int8: int8.append(Int8(truncatingIfNeeded: integer))
    case .int16: int16.append(Int16(truncatingIfNeeded: integer))
    case .int32: int32.append(Int32(truncatingIfNeeded: integer))
    case .float64: float64.append(Double(integer))
    }
    return stored()
  }

  private mutating func widen(to target: Codebook.Storage) {
    var values: [Double] = []
    switch storage {
    case .int8: values = int8.array().map(Double.init)
    case .int16: values = int16.array().map(Double.init)
    case .int32: values = int32.array().map(Double.init)
    case .float64: preconditionFailure("float64 is the widest storage")
    }
    int8.release()
    int16.release()
    int32.release()
    storage = target
    switch target {
    case .int8: int8.reserve(expectedRows)
    case .int16: int16.reserve(expectedRows)
    case .int32: int32.reserve(expectedRows)
    case .float64: float64.reserve(expectedRows)
    }
    for value in values {
      switch target {
      case .int8: int8.append(Int8(value))
      case .int16: int16.append(Int16(value))
      case .int32: int32.append(Int32(value))
      case .float64: float64.append(value)
      }
    }
  }

  /// The numeric values read so far, in their storage.
  func numericValues() -> NumericValues {
    switch storage {
    case .int8: .int8(int8.array())
    case .int16: .int16(int16.array())
    case .int32: .int32(int32.array())
    case .float64: .float64(float64.array())
    }
  }

  /// The value of `row` as a double (exact for every storage).
  func number(at row: Int) -> Double {
    switch storage {
    case .int8: Double(int8[row])
    case .int16: Double(int16[row])
    case .int32: Double(int32[row])
    case .float64: float64[row]
    }
  }

  /// The narrowest storage that holds `value` exactly.
  @inline(__always)
  static func storage(for value: Double) -> Codebook.Storage {
    guard value.rounded(.towardZero) == value else { return .float64 }
    if value >= -128, value <= 127 { return .int8 }
    if value >= -32768, value <= 32767 { return .int16 }
    if value >= -2_147_483_648, value <= 2_147_483_647 { return .int32 }
    return .float64
  }

  @inline(__always)
  static func rank(_ storage: Codebook.Storage) -> Int {
    switch storage {
    case .int8: 0
    case .int16: 1
    case .int32: 2
    case .float64: 3
    }
  }
}

/// The values of a numeric column, in contiguous storage of the narrowest declared type.
///
/// Without a codebook, ingest picks the narrowest type that holds every value
/// exactly (small integer codes such as 0/1 items take one byte per row);
/// a codebook's `storage:` fixes the type.
public enum NumericValues: Sendable, Equatable {
  case float64([Double])
  case int32([Int32])
  case int16([Int16])
  case int8([Int8])

  /// The number of rows.
  public var count: Int {
    switch self {
    case .float64(let values): values.count
    case .int32(let values): values.count
    case .int16(let values): values.count
    case .int8(let values): values.count
    }
  }

  /// The storage kind, as a codebook names it.
  public var storage: Codebook.Storage {
    switch self {
    case .float64: .float64
    case .int32: .int32
    case .int16: .int16
    case .int8: .int8
    }
  }

  /// The value at `row` as a `Double` (meaningless where the cell is missing).
  @inlinable
  public subscript(row: Int) -> Double {
    switch self {
    case .float64(let values): values[row]
    case .int32(let values): Double(values[row])
    case .int16(let values): Double(values[row])
    case .int8(let values): Double(values[row])
    }
  }

  /// All values as `Double`s, for estimators that work in floating point.
  public func doubles() -> [Double] {
    switch self {
    case .float64(let values): values
    case .int32(let values): Self.doubles(values)
    case .int16(let values): Self.doubles(values)
    case .int8(let values): Self.doubles(values)
    }
  }

  /// `values` as doubles, in a plain loop that the compiler vectorises (`map`
  /// converts one element per step).
  private static func doubles<Integer: BinaryInteger>(_ values: [Integer]) -> [Double] {
    values.withUnsafeBufferPointer { source in
      [Double](unsafeUninitializedCapacity: source.count) { target, initialized in
        prefault(target)
        for index in 0..<source.count { target[index] = Double(source[index]) }
        initialized = source.count
      }
    }
  }

  /// Appends `other`, widening the storage when `other` is wider.
  package mutating func append(_ other: NumericValues) {
    switch (self, other) {
    case (.float64(var a), .float64(let b)):
      a.append(contentsOf: b)
      self = .float64(a)
    case (.int32(var a), .int32(let b)):
      a.append(contentsOf: b)
      self = .int32(a)
    case (.int16(var a), .int16(let b)):
      a.append(contentsOf: b)
      self = .int16(a)
    case (.int8(var a), .int8(let b)):
      a.append(contentsOf: b)
      self = .int8(a)
    default:
      var widened = self.widened(to: NumericValues.wider(self.storage, other.storage))
      widened.append(other.widened(to: widened.storage))
      self = widened
    }
  }

  /// The same values in `storage`, which must be at least as wide.
  package func widened(to storage: Codebook.Storage) -> NumericValues {
    if storage == self.storage { return self }
    switch storage {
    case .float64: return .float64(doubles())
    case .int32: return .int32((0..<count).map { Int32(self[$0]) })
    case .int16: return .int16((0..<count).map { Int16(self[$0]) })
    case .int8: preconditionFailure("int8 is the narrowest storage")
    }
  }

  /// The narrower-or-equal of two storages' common supertype.
  package static func wider(_ a: Codebook.Storage, _ b: Codebook.Storage) -> Codebook.Storage {
    let order: [Codebook.Storage] = [.int8, .int16, .int32, .float64]
    return order[max(order.firstIndex(of: a) ?? 3, order.firstIndex(of: b) ?? 3)]
  }
}

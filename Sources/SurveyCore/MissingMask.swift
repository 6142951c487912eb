/// The missing reason of every cell of one column, kept apart from the values.
///
/// Stored as one byte per row, allocated only once a column has a missing cell, so
/// a complete column costs nothing. The value stored at a missing cell is
/// meaningless (zero) and must not be read.
public struct MissingMask: Sendable, Equatable {
  /// Zero for a present value, else a `MissingReason` raw value; empty while no cell is missing.
  private var reasons: [UInt8]
  public private(set) var count: Int
  /// The number of missing cells.
  public private(set) var missingCount: Int

  /// A mask of `count` present cells.
  public init(count: Int) {
    self.reasons = []
    self.count = count
    self.missingCount = 0
  }

  /// Builds a mask from one byte per row (0 = present, else a `MissingReason` raw value).
  package init(rawReasons: [UInt8]) {
    // Counted branch-free (a conditional would compile to a branch per row).
    let missing = rawReasons.withUnsafeBufferPointer { reasons in
      var present = 0
      for reason in reasons { present &+= Int(unsafeBitCast(reason == 0, to: UInt8.self)) }
      return reasons.count - present
    }
    self.reasons = missing == 0 ? [] : rawReasons
    self.count = rawReasons.count
    self.missingCount = missing
  }

  /// Whether any cell is missing.
  public var hasMissing: Bool { missingCount > 0 }

  /// Builds a mask from one byte per row whose non-zero bytes the caller has
  /// counted (`missingCount`), without counting them again.
  package init(rawReasons: [UInt8], missingCount: Int) {
    self.reasons = missingCount == 0 ? [] : rawReasons
    self.count = rawReasons.count
    self.missingCount = missingCount
  }

  /// Every row's reason as its raw value, or empty when no cell is missing (the
  /// mask's own storage, not a copy).
  package var storedReasons: [UInt8] { reasons }

  /// Every row's reason as its raw value (0 for present), as `init(rawReasons:)` takes them.
  package var rawReasons: [UInt8] { reasons.isEmpty ? Array(repeating: 0, count: count) : reasons }

  /// The reason the cell at `row` is missing, or `nil` when it holds a value.
  @inlinable
  public subscript(row: Int) -> MissingReason? {
    reason(at: row)
  }

  @usableFromInline
  func reason(at row: Int) -> MissingReason? {
    precondition(row >= 0 && row < count, "row \(row) out of range 0..<\(count)")
    guard !reasons.isEmpty else { return nil }
    return MissingReason(rawValue: reasons[row])
  }

  /// Marks the cell at `row` missing for `reason`, or present when `reason` is `nil`.
  public mutating func set(_ reason: MissingReason?, at row: Int) {
    precondition(row >= 0 && row < count, "row \(row) out of range 0..<\(count)")
    let old = reasons.isEmpty ? 0 : reasons[row]
    let new = reason?.rawValue ?? 0
    if old == new { return }
    if reasons.isEmpty { reasons = Array(repeating: 0, count: count) }
    reasons[row] = new
    missingCount += (new == 0 ? 0 : 1) - (old == 0 ? 0 : 1)
  }

  /// Whether each cell is missing, as one flag per row.
  public func flags() -> [Bool] {
    guard !reasons.isEmpty else { return Array(repeating: false, count: count) }
    // A plain loop that the compiler vectorises (`map` tests one element per step).
    return reasons.withUnsafeBufferPointer { source in
      [Bool](unsafeUninitializedCapacity: source.count) { target, initialized in
        for index in 0..<source.count { target[index] = source[index] != 0 }
        initialized = source.count
      }
    }
  }

  /// The number of missing cells for each reason.
  public func counts() -> [MissingReason: Int] {
    var tally = [Int](repeating: 0, count: 256)
    for raw in reasons where raw != 0 { tally[Int(raw)] += 1 }
    var result: [MissingReason: Int] = [:]
    for reason in MissingReason.allCases where tally[Int(reason.rawValue)] > 0 {
      result[reason] = tally[Int(reason.rawValue)]
    }
    return result
  }

  /// Appends the reasons of `other` after this mask's.
  package mutating func append(_ other: MissingMask) {
    if other.hasMissing {
      if reasons.isEmpty { reasons = Array(repeating: 0, count: count) }
      reasons.append(contentsOf: other.reasons)
    } else if !reasons.isEmpty {
      reasons.append(contentsOf: repeatElement(0, count: other.count))
    }
    count += other.count
    missingCount += other.missingCount
  }

  /// Makes room for `capacity` rows in all, to append without reallocating.
  package mutating func reserveCapacity(_ capacity: Int) {
    if !reasons.isEmpty { reasons.reserveCapacity(capacity) }
  }
}

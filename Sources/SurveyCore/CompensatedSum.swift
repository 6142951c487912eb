/// A running sum with Neumaier's compensation (Kahan-Babuska), so that the error
/// stays near one rounding of the result rather than growing with the number of
/// terms (Neumaier 1974; Higham 2002, section 4.3).
///
/// Each step adds the exact rounding error of `sum + value` to the compensation.
/// Neumaier finds it with a comparison and Fast2Sum; Knuth's TwoSum (Knuth 1969,
/// TAOCP 2, 4.2.2; Higham 2002, algorithm 4.4) finds the same error for any
/// magnitudes without one, so the sum has no data-dependent branch.
public struct CompensatedSum: Sendable {
  public private(set) var sum = 0.0
  private var compensation = 0.0

  public init() {}

  @inline(__always)
  public mutating func add(_ value: Double) {
    let total = sum + value
    let valuePart = total - sum
    let error = (sum - (total - valuePart)) + (value - valuePart)
    compensation += error
    sum = total
  }

  /// The compensated total.
  public var value: Double { sum + compensation }
}

extension Sequence where Element == Double {
  /// The compensated sum of the elements (see ``CompensatedSum``).
  public func compensatedSum() -> Double {
    var total = CompensatedSum()
    for value in self { total.add(value) }
    return total.value
  }
}

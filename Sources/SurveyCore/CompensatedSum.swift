/// A running sum with Neumaier's compensation (Kahan-Babuska), so that the error
/// stays near one rounding of the result rather than growing with the number of
/// terms (Neumaier 1974; Higham 2002, section 4.3).
public struct CompensatedSum: Sendable {
  public private(set) var sum = 0.0
  private var compensation = 0.0

  public init() {}

  @inline(__always)
  public mutating func add(_ value: Double) {
    let total = sum + value
    if abs(sum) >= abs(value) {
      compensation += (sum - total) + value
    } else {
      compensation += (value - total) + sum
    }
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

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How mighealth writes numbers: the shortest text that reads back to the same
/// `Double`, with integral values written without a fraction (`3`, not `3.0`).
package enum NumberFormat {
  package static func shortest(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 {
      return String(Int64(value))
    }
    return value.description
  }

  /// `value` rounded to `digits` significant digits, for people to read.
  package static func significant(_ value: Double, digits: Int) -> String {
    guard value != 0, value.isFinite else { return shortest(value) }
    let magnitude = Int((log10(abs(value))).rounded(.down))
    let decimals = max(0, digits - 1 - magnitude)
    if decimals == 0 { return shortest(value.rounded()) }
    let scale = pow(10.0, Double(decimals))
    let rounded = (value * scale).rounded() / scale
    return rounded.description.count > digits + 8 ? shortest(rounded) : rounded.description
  }
}

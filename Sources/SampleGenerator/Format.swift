/// Number formatting for the generated files: integer arithmetic only, so the text
/// never depends on a locale or on how a platform prints a `Double`.
enum Format {
  /// `value` in decimal with at least `width` digits, zero-padded (`7` -> `"07"`).
  static func padded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }

  /// A non-negative or negative number of ten-thousandths as a decimal with four
  /// places: `123456` -> `"12.3456"` (or `"12,3456"` with a decimal comma).
  static func fourDecimals(_ units: Int64, decimalComma: Bool) -> String {
    let sign = units < 0 ? "-" : ""
    let magnitude = units.magnitude
    let whole = String(magnitude / 10_000)
    let fraction = padded(Int(magnitude % 10_000), width: 4)
    return sign + whole + (decimalComma ? "," : ".") + fraction
  }

  /// A number of tenths as a decimal with one place: `35` -> `"3.5"` (or `"3,5"`).
  static func oneDecimal(_ tenths: Int, decimalComma: Bool) -> String {
    String(tenths / 10) + (decimalComma ? "," : ".") + String(tenths % 10)
  }

  /// `value` rounded to the nearest ten-thousandth (ties away from zero).
  static func tenThousandths(_ value: Double) -> Int64 {
    Int64((value * 10_000).rounded())
  }
}

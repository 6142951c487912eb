#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads decimal numbers from field bytes, with a point or a comma as decimal separator.
///
/// Accepts an optional sign, digits with an optional fraction, and an optional
/// exponent (`-1.5`, `.5`, `2e3`, `1,5` in decimal-comma files); surrounding
/// spaces are ignored. Rejects everything else, including thousands separators,
/// `inf` and `nan`.
///
/// The fast path is exact: a mantissa below 2^53 scaled by a power of ten up to
/// 10^22 (both exact in binary64) takes one correctly rounded multiply or divide
/// (Clinger 1990). Longer numbers go to `strtod`, which rounds correctly too.
struct NumberParser {
  let decimalSeparator: UInt8

  /// 10^exponent for 0 <= exponent <= 22, all exact in binary64.
  @inline(__always)
  private static func powerOfTen(_ exponent: Int) -> Double {
    switch exponent {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
  }

  /// A whole number written as optional sign and at most 18 digits (no spaces,
  /// point or exponent): the common case of codes and counts, read without
  /// floating point.
  @inline(__always)
  static func parseInteger(_ field: UnsafeRawBufferPointer) -> Int64? {
    let count = field.count
    guard count > 0, count <= 18 else { return nil }
    var index = 0
    var negative = false
    let first = field[0]
    if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      guard count > 1 else { return nil }
      negative = first == UInt8(ascii: "-")
      index = 1
    }
    var value: Int64 = 0
    while index < count {
      let digit = field[index] &- 0x30
      guard digit < 10 else { return nil }
      value = value &* 10 &+ Int64(digit)
      index += 1
    }
    return negative ? -value : value
  }

  @inline(__always)
  func parse(_ field: UnsafeRawBufferPointer) -> Double? {
    var start = 0
    var end = field.count
    while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
    while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
    guard start < end else { return nil }
    var index = start
    var negative = false
    if field[index] == UInt8(ascii: "-") || field[index] == UInt8(ascii: "+") {
      negative = field[index] == UInt8(ascii: "-")
      index += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var significant = 0
    var scale = 0
    while index < end, field[index] &- 0x30 < 10 {
      if significant > 0 || field[index] != 0x30 { significant += 1 }
      if significant <= 19 {
        mantissa = mantissa &* 10 &+ UInt64(field[index] &- 0x30)
      } else {
        scale += 1
      }
      digits += 1
      index += 1
    }
    if index < end, field[index] == decimalSeparator {
      index += 1
      while index < end, field[index] &- 0x30 < 10 {
        if significant > 0 || field[index] != 0x30 { significant += 1 }
        if significant <= 19 {
          mantissa = mantissa &* 10 &+ UInt64(field[index] &- 0x30)
          scale -= 1
        }
        digits += 1
        index += 1
      }
    }
    guard digits > 0 else { return nil }
    var exponent = 0
    if index < end, field[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      var exponentNegative = false
      if index < end, field[index] == UInt8(ascii: "-") || field[index] == UInt8(ascii: "+") {
        exponentNegative = field[index] == UInt8(ascii: "-")
        index += 1
      }
      var exponentDigits = 0
      while index < end, field[index] &- 0x30 < 10 {
        if exponent < 100_000 { exponent = exponent * 10 + Int(field[index] &- 0x30) }
        exponentDigits += 1
        index += 1
      }
      guard exponentDigits > 0 else { return nil }
      if exponentNegative { exponent = -exponent }
    }
    guard index == end else { return nil }
    let power = scale + exponent
    if significant <= 19, mantissa < 1 << 53, abs(power) <= 22 {
      let value = Double(mantissa)
      let scaled = power >= 0 ? value * Self.powerOfTen(power) : value / Self.powerOfTen(-power)
      return negative ? -scaled : scaled
    }
    return slowParse(UnsafeRawBufferPointer(rebasing: field[start..<end]))
  }

  /// `strtod` on a NUL-terminated copy with the decimal separator made a point.
  private func slowParse(_ field: UnsafeRawBufferPointer) -> Double? {
    var copy = [CChar](repeating: 0, count: field.count + 1)
    for (index, byte) in field.enumerated() {
      copy[index] = CChar(bitPattern: byte == decimalSeparator ? UInt8(ascii: ".") : byte)
    }
    let length = field.count
    return copy.withUnsafeBufferPointer { buffer -> Double? in
      guard let base = buffer.baseAddress else { return nil }
      var end: UnsafeMutablePointer<CChar>? = nil
      let value: Double = strtod(base, &end)
      guard let end else { return nil }
      let consumed: Int = UnsafePointer(end) - base
      guard consumed == length, value.isFinite else { return nil }
      return value
    }
  }
}

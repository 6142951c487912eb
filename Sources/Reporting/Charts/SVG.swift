/// Small helpers for the SVG the tool draws itself: XML escaping and fixed number formatting.
///
/// Numbers are written with a fixed count of decimals by integer arithmetic (no locale,
/// no exponent, no `-0`), so a chart is byte-identical from run to run and machine to machine.
enum SVG {
  /// `text` escaped for XML character data and attribute values.
  static func escape(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.append(character)
      }
    }
    return output
  }

  /// `value` with `decimals` decimals (0 to 6), rounded half away from zero: `12.345` -> `12.35`.
  static func fixed(_ value: Double, _ decimals: Int = 1) -> String {
    precondition((0...6).contains(decimals), "0 to 6 decimals")
    guard value.isFinite else { return "0" }
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = Int64((abs(value) * Double(scale)).rounded())
    let sign = value < 0 && scaled != 0 ? "-" : ""
    let whole = scaled / scale
    guard decimals > 0 else { return "\(sign)\(whole)" }
    let fraction = String(scaled % scale)
    return "\(sign)\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
  }

  /// A share (0.123) as a percentage for people (`12%`, or `12.3%` with one decimal).
  static func percent(_ share: Double, decimals: Int = 0) -> String {
    fixed(share * 100, decimals) + "%"
  }

  /// A chart id safe inside an XML id: letters, digits, `-` and `_`; others become `_`.
  static func identifier(_ text: String) -> String {
    let safe = text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" }
    return "chart-" + String(safe)
  }

  /// The opening `<svg>` tag with its title (for screen readers and tooltips).
  static func open(id: String, width: Double, height: Double, title: String) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" id="\(id)" width="\(fixed(width, 0))" height="\(fixed(height, 0))" \
    viewBox="0 0 \(fixed(width, 0)) \(fixed(height, 0))" role="img" aria-labelledby="\(id)-title" \
    font-family="Helvetica, Arial, sans-serif" font-size="12">
    <title id="\(id)-title">\(escape(title))</title>

    """
  }

  /// A diagonal hatch pattern `<id>-hatch` for suppressed cells and bars.
  static func hatch(id: String) -> String {
    """
    <defs><pattern id="\(id)-hatch" width="6" height="6" patternUnits="userSpaceOnUse" \
    patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>\
    <line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/></pattern></defs>

    """
  }

  /// A `<text>` element; `anchor` is `start`, `middle` or `end`.
  static func text(
    _ content: String, x: Double, y: Double, anchor: String = "start", extra: String = ""
  ) -> String {
    let attributes = extra.isEmpty ? "" : " " + extra
    return
      "<text x=\"\(fixed(x))\" y=\"\(fixed(y))\" text-anchor=\"\(anchor)\"\(attributes)>\(escape(content))</text>\n"
  }
}

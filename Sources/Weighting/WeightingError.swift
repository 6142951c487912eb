import SurveyCore

/// Why weights could not be made: a margins file that does not fit the data, a
/// raking that does not converge, bounds that cannot be met, weights that are not
/// positive. Every message names the margin, variable, level or group, and
/// `location` points at the offending line of the margins file or of the data.
public struct WeightingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The margins-file line or data row at fault, when there is one.
  public var location: SourceLocation?
  public var message: String

  public init(at location: SourceLocation? = nil, _ message: String) {
    self.location = location
    self.message = message
  }

  /// `file:line: error: message`, or `error: message` without a location.
  public var description: String {
    location.map { "\($0): error: \(message)" } ?? "error: \(message)"
  }

  /// The error as a diagnostic, placed at `fallback` when it has no location.
  public func diagnostic(fallback: SourceLocation) -> Diagnostic {
    Diagnostic(at: location ?? fallback, message)
  }
}

extension SurveyTable {
  /// Where row `row` came from, or a stand-in naming the row.
  func place(ofRow row: Int) -> SourceLocation {
    location(ofRow: row) ?? SourceLocation(file: "row \(row + 1)")
  }

  /// The file the table came from, for errors about the whole table.
  var fileLocation: SourceLocation {
    SourceLocation(file: sources.first?.file ?? "data")
  }
}

/// Checks shared by the weighting methods.
enum WeightCheck {
  /// Every weight must be positive and finite before calibrating.
  static func positive(_ weights: [Double], table: SurveyTable, method: String) throws(WeightingError) {
    precondition(weights.count == table.rowCount, "one weight per table row")
    for (row, weight) in weights.enumerated() where !(weight.isFinite && weight > 0) {
      throw WeightingError(
        at: table.place(ofRow: row),
        "weight \(NumberFormat.shortest(weight)) is not a positive finite number; \(method) needs positive weights"
          + " (leave out rows that should not be weighted)")
    }
  }

  /// Every new weight must be positive and finite: never a silent wrong weight.
  static func result(
    _ weights: [Double], base: [Double], table: SurveyTable, method: String, advice: String
  ) throws(WeightingError) {
    for (row, weight) in weights.enumerated() where !(weight.isFinite && weight > 0) {
      let ratio = weight / base[row]
      throw WeightingError(
        at: table.place(ofRow: row),
        "\(method) gives this row the weight \(Format.number(weight)) (\(Format.number(ratio)) times its base"
          + " weight); \(advice)")
    }
  }
}

/// Numbers in messages: six significant digits, integers in full.
enum Format {
  static func number(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return NumberFormat.shortest(value) }
    return NumberFormat.significant(value, digits: 6)
  }

  /// `a, b and c`.
  static func list(_ items: [String]) -> String {
    guard items.count > 1, let last = items.last else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + last
  }
}

/// A problem found in an input, located at the offending text.
///
/// Rendered like a compiler diagnostic so that editors and CI logs link to it:
/// `SampleData/survey_DE.csv:214:7: error: column 'age': cannot read '1O5' as a number`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable {
    case error, warning, note
  }

  public var location: SourceLocation
  public var severity: Severity
  public var message: String

  public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String) {
    self.location = location
    self.severity = severity
    self.message = message
  }

  public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Several diagnostics reported together, e.g. every error of one codebook.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
  public var items: [Diagnostic]

  public init(_ items: [Diagnostic]) {
    self.items = items
  }

  public var description: String { items.map(\.description).joined(separator: "\n") }
}

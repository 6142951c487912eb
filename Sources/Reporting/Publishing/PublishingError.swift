/// A published output that could not be made: names the file (and the line of a template),
/// says what went wrong, in the `file:line: error: message` shape of every mighealth error.
public struct PublishingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file being written or the template being read.
  public var path: String
  /// The line in a template, when known.
  public var line: Int?
  /// The column in a template, when known.
  public var column: Int?
  public var message: String

  public init(path: String, line: Int? = nil, column: Int? = nil, _ message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    var place = path
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): error: \(message)"
  }
}

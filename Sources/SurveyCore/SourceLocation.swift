/// A place in an input file: a CSV cell, a YAML node, or a whole file.
///
/// Lines are physical lines of the file (1-based), counted as a text editor does:
/// a quoted line break inside a CSV field starts a new line, CRLF counts once.
/// For CSV, `column` is the 1-based field number; for YAML, the 1-based character column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var column: Int?

  public init(file: String, line: Int? = nil, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, `file:line` or `file`, the form compilers and editors understand.
  public var description: String {
    switch (line, column) {
    case (let line?, let column?): "\(file):\(line):\(column)"
    case (let line?, nil): "\(file):\(line)"
    default: file
    }
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line ?? 0, lhs.column ?? 0) < (rhs.file, rhs.line ?? 0, rhs.column ?? 0)
  }
}

/// A survey data set in columnar form: one ``Column`` per variable, all of the same
/// length, and where each row came from.
///
/// A value type (copy-on-write through its arrays) and `Sendable`, so stages can
/// hand tables to each other across threads.
public struct SurveyTable: Sendable {
  /// Where a block of rows came from: one input file.
  public struct Source: Sendable, Equatable {
    /// The file, as given on the command line or in the pipeline.
    public var file: String
    /// The table rows that came from this file.
    public var rows: Range<Int>
    /// The physical line of each of those rows' first line, in row order.
    public var lines: [Int32]

    public init(file: String, rows: Range<Int>, lines: [Int32]) {
      precondition(lines.count == rows.count, "one line per row")
      self.file = file
      self.rows = rows
      self.lines = lines
    }
  }

  public private(set) var columns: [Column]
  public private(set) var rowCount: Int
  /// The files the rows came from, in row order (empty for a table built in memory).
  public private(set) var sources: [Source]
  private var index: [String: Int]

  /// A table of `columns`, which must all have the same length and distinct names.
  public init(columns: [Column], sources: [Source] = []) {
    let count = columns.first?.count ?? 0
    var index: [String: Int] = [:]
    for (position, column) in columns.enumerated() {
      precondition(column.count == count, "column '\(column.name)' has \(column.count) rows, expected \(count)")
      precondition(index.updateValue(position, forKey: column.name) == nil, "duplicate column '\(column.name)'")
    }
    self.columns = columns
    self.rowCount = count
    self.sources = sources
    self.index = index
  }

  /// The column named `name`, if any.
  public subscript(name: String) -> Column? {
    index[name].map { columns[$0] }
  }

  public var columnNames: [String] { columns.map(\.name) }

  /// Where row `row` came from: its file and physical line.
  public func location(ofRow row: Int) -> SourceLocation? {
    guard let source = sources.first(where: { $0.rows.contains(row) }) else { return nil }
    return SourceLocation(file: source.file, line: Int(source.lines[row - source.rows.lowerBound]))
  }

  /// Replaces the column of the same name, or appends `column`.
  public mutating func setColumn(_ column: Column) {
    precondition(column.count == rowCount || columns.isEmpty, "column '\(column.name)' has the wrong length")
    if let position = index[column.name] {
      columns[position] = column
    } else {
      index[column.name] = columns.count
      columns.append(column)
      if columns.count == 1 { rowCount = column.count }
    }
  }
}

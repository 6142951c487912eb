import CSVCodec
import SurveyCore

/// Writes a published table as tidy CSV through CSVCodec's atomic ``CSVWriter``: a
/// header of column names, then one record per row.
///
/// Numbers are written in full (the shortest text that reads back to the same value),
/// integers as integers, non-finite numbers as `NA`, empty cells as empty fields, suppressed cells as
/// ``PublishedTable/Cell/suppressedMarker`` (the table's flag column says why), and text
/// through ``SpreadsheetText/neutralized(_:)``. Footnotes are not part of a tidy table:
/// ``ProfilePublisher`` writes them to `footnotes.csv`.
public enum TableCSVWriter {
  /// Writes `table` to `path`; nothing appears at `path` unless the whole file is written.
  public static func write(_ table: PublishedTable, to path: String) throws(PublishingError) {
    do {
      let writer = try CSVWriter(path: path)
      writer.writeRow(table.columns.map { SpreadsheetText.neutralized($0.name) })
      for row in table.rows { writer.writeRow(row.map(field)) }
      try writer.finish()
    } catch {
      throw PublishingError(path: path, "cannot write: \(error.reason)")
    }
  }

  /// The CSV text of `table`, as ``write(_:to:)`` writes it.
  public static func text(_ table: PublishedTable) -> String {
    var text = CSVWriter.line(table.columns.map { SpreadsheetText.neutralized($0.name) })
    for row in table.rows { text += CSVWriter.line(row.map(field)) }
    return text
  }

  static func field(_ cell: PublishedTable.Cell) -> String {
    switch cell {
    case .text(let text): SpreadsheetText.neutralized(text)
    case .number(let value) where value.isFinite: NumberFormat.shortest(value)
    case .number: PublishedTable.Cell.notAvailableMarker
    case .integer(let value): String(value)
    case .empty: ""
    case .suppressed: PublishedTable.Cell.suppressedMarker
    }
  }
}

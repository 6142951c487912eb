/// Writes published tables as one XLSX workbook, a sheet per table (through ``XLSXWorkbook``,
/// the one layer over libxlsxwriter).
///
/// Each sheet has the header row (bold, frozen), then the rows: numbers and integers
/// stored as numbers (shown with the column's decimals, stored in full), text through
/// ``SpreadsheetText/neutralized(_:)``, suppressed cells as the text
/// ``PublishedTable/Cell/suppressedMarker`` beside the table's flag column, non-finite
/// numbers as `NA`. Under the table, after a blank row: the title, then the footnotes.
/// The workbook appears at `path` only when completely written.
public enum WorkbookWriter {
  public static func write(_ tables: [PublishedTable], to path: String) throws(PublishingError) {
    let workbook = try XLSXWorkbook(path: path)
    let header = try workbook.addFormat(bold: true)
    let note = try workbook.addFormat(italic: true)
    var numberFormats: [Int: XLSXWorkbook.Format] = [:]
    for (table, name) in zip(tables, sheetNames(tables.map(\.name))) {
      let sheet = try workbook.addSheet(name)
      for (column, spec) in table.columns.enumerated() {
        try workbook.write(SpreadsheetText.neutralized(spec.name), row: 0, column: column, in: sheet, format: header)
        try workbook.setWidth(max(10, Double(spec.name.count) + 2), column: column, in: sheet)
      }
      workbook.freeze(rows: 1, in: sheet)
      for (index, row) in table.rows.enumerated() {
        for (column, cell) in row.enumerated() {
          var format: XLSXWorkbook.Format?
          if case .number(let decimals) = table.columns[column].kind {
            if numberFormats[decimals] == nil {
              let pattern = decimals > 0 ? "0." + String(repeating: "0", count: decimals) : "0"
              numberFormats[decimals] = try workbook.addFormat(numberFormat: pattern)
            }
            format = numberFormats[decimals]
          }
          try write(cell, row: index + 1, column: column, sheet: sheet, workbook: workbook, format: format)
        }
      }
      var line = table.rows.count + 2
      for text in [table.title] + table.footnotes {
        try workbook.write(SpreadsheetText.neutralized(text), row: line, column: 0, in: sheet, format: note)
        line += 1
      }
    }
    try workbook.close()
  }

  private static func write(
    _ cell: PublishedTable.Cell, row: Int, column: Int, sheet: XLSXWorkbook.Sheet, workbook: XLSXWorkbook,
    format: XLSXWorkbook.Format?
  ) throws(PublishingError) {
    switch cell {
    case .text(let text):
      try workbook.write(SpreadsheetText.neutralized(text), row: row, column: column, in: sheet)
    case .number(let value) where value.isFinite:
      try workbook.write(value, row: row, column: column, in: sheet, format: format)
    case .number:
      try workbook.write(PublishedTable.Cell.notAvailableMarker, row: row, column: column, in: sheet)
    case .integer(let value):
      try workbook.write(Double(value), row: row, column: column, in: sheet)
    case .empty:
      break
    case .suppressed:
      try workbook.write(PublishedTable.Cell.suppressedMarker, row: row, column: column, in: sheet)
    }
  }

  /// The longest sheet name Excel accepts.
  public static let maximumSheetNameLength = 31

  /// Valid, unique sheet names for tables named `names`, in order: the characters
  /// `[]:*?/\` become `_`, leading and trailing apostrophes go, an empty name becomes
  /// `Sheet`, names are cut to 31 characters, and a name equal (ignoring case, as Excel
  /// compares them) to an earlier one gets `~2`, `~3`... within the 31 characters.
  public static func sheetNames(_ names: [String]) -> [String] {
    let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
    var used: Set<String> = []
    return names.map { name in
      var base = String(name.map { forbidden.contains($0) ? "_" : $0 })
      while base.hasPrefix("'") { base.removeFirst() }
      while base.hasSuffix("'") { base.removeLast() }
      if base.isEmpty { base = "Sheet" }
      var candidate = String(base.prefix(maximumSheetNameLength))
      var counter = 2
      while used.contains(candidate.lowercased()) {
        let suffix = "~\(counter)"
        candidate = String(base.prefix(maximumSheetNameLength - suffix.count)) + suffix
        counter += 1
      }
      used.insert(candidate.lowercased())
      return candidate
    }
  }
}

import Foundation

/// Writes every published output of a study's profiles into one folder:
///
///     <folder>/profile_<country>.md, profile_<country>.html   one per country
///     <folder>/comparison.md, comparison.html
///     <folder>/tables/<table>.csv                             tidy CSV, one per table
///     <folder>/tables/footnotes.csv                           table, footnote
///     <folder>/tables.xlsx                                     a sheet per table
///
/// Each file is written atomically (to a temporary file, then renamed), so a reader never
/// sees half a file; everything is rendered before the first file is written, so a
/// template or data problem leaves the folder as it was.
public enum ProfilePublisher {
  /// Writes the outputs and returns the paths written, in order; `tables` (the study's
  /// other published tables) join the profiles' tables in `tables/` and the workbook.
  @discardableResult
  public static func write(
    _ profiles: [ProfileInput], tables extra: [PublishedTable] = [], renderer: ProfileRenderer, to folder: String
  ) throws(PublishingError) -> [String] {
    var documents: [(name: String, document: ProfileRenderer.Document)] = profiles.map { profile in
      ("profile_" + fileSafe(profile.country), renderer.profile(profile))
    }
    documents.append(("comparison", renderer.comparison(profiles)))
    let tables =
      profiles.flatMap { $0.tables(renderer.settings) } + ProfileInput.comparisonTables(profiles, renderer.settings)
      + extra
    var seen: Set<String> = []
    if let repeated = tables.map(\.name).first(where: { !seen.insert($0).inserted }) {
      throw PublishingError(path: folder, "two tables are named '\(repeated)'; each table needs its own file name")
    }

    try createFolder("\(folder)/tables")
    var written: [String] = []
    for (name, document) in documents {
      for (text, ext) in [(document.markdown, "md"), (document.html, "html")] {
        let path = "\(folder)/\(name).\(ext)"
        try writeText(text, to: path)
        written.append(path)
      }
    }
    for table in tables {
      let path = "\(folder)/tables/\(table.name).csv"
      try TableCSVWriter.write(table, to: path)
      written.append(path)
    }
    try writeFootnotes(tables, to: "\(folder)/tables/footnotes.csv")
    written.append("\(folder)/tables/footnotes.csv")
    try WorkbookWriter.write(tables, to: "\(folder)/tables.xlsx")
    written.append("\(folder)/tables.xlsx")
    return written
  }

  /// Writes tables alone: `tables/<table>.csv`, `tables/footnotes.csv` and `tables.xlsx`.
  @discardableResult
  public static func writeTables(_ tables: [PublishedTable], to folder: String) throws(PublishingError) -> [String] {
    try createFolder("\(folder)/tables")
    var written: [String] = []
    for table in tables {
      let path = "\(folder)/tables/\(table.name).csv"
      try TableCSVWriter.write(table, to: path)
      written.append(path)
    }
    try writeFootnotes(tables, to: "\(folder)/tables/footnotes.csv")
    try WorkbookWriter.write(tables, to: "\(folder)/tables.xlsx")
    return written + ["\(folder)/tables/footnotes.csv", "\(folder)/tables.xlsx"]
  }

  static func writeFootnotes(_ tables: [PublishedTable], to path: String) throws(PublishingError) {
    var notes = PublishedTable(
      name: "footnotes", title: "Footnotes",
      columns: [PublishedTable.Column("table", .text), PublishedTable.Column("footnote", .text)])
    for table in tables {
      for footnote in table.footnotes { notes.append([.text(table.name), .text(footnote)]) }
    }
    try TableCSVWriter.write(notes, to: path)
  }

  static func createFolder(_ path: String) throws(PublishingError) {
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw PublishingError(path: path, "cannot create the folder: \(error.localizedDescription)")
    }
  }

  /// Writes `text` as UTF-8 to `path` atomically.
  static func writeText(_ text: String, to path: String) throws(PublishingError) {
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw PublishingError(path: path, "cannot write: \(error.localizedDescription)")
    }
  }
}

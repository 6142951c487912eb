import CSVCodec
import SurveyCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes the ingest stage's outputs: the accepted table, the rejects and the
/// accounting, each atomically (temporary file, then rename).
public enum IngestOutput {
  /// Writes `table.csv`, `rejects.csv` and `accounting.csv` into `directory`
  /// (created when missing).
  public static func write(_ result: IngestStage.Result, to directory: String) throws(Diagnostic) {
    try makeDirectory(directory)
    try writeTable(result.table, to: "\(directory)/table.csv")
    try writeRejects(result.rejects, to: "\(directory)/rejects.csv")
    try writeAccounting(result.accounts, to: "\(directory)/accounting.csv")
  }

  /// Writes `table` as CSV: a header of column names, then each row's cells as
  /// ``Column/text(at:)`` gives them (missing cells as their reason's token).
  public static func writeTable(_ table: SurveyTable, to path: String) throws(Diagnostic) {
    try writing(path) { writer in
      writer.writeRow(table.columnNames)
      for row in 0..<table.rowCount {
        for column in table.columns { writer.write(column.text(at: row)) }
        writer.endRow()
      }
    }
  }

  /// Writes the rejects: `file,line,column,variable,value,reason,record`.
  public static func writeRejects(_ rejects: [IngestStage.Reject], to path: String) throws(Diagnostic) {
    try writing(path) { writer in
      writer.writeRow(["file", "line", "column", "variable", "value", "reason", "record"])
      for reject in rejects {
        writer.writeRow([
          reject.location.file, reject.location.line.map(String.init) ?? "",
          reject.location.column.map(String.init) ?? "", reject.variable ?? "", reject.value, reject.reason,
          reject.record,
        ])
      }
    }
  }

  /// Writes the accounting: `file,read,accepted,rejected,blank_lines,balanced`.
  public static func writeAccounting(_ accounts: [IngestStage.FileAccount], to path: String) throws(Diagnostic) {
    try writing(path) { writer in
      writer.writeRow(["file", "read", "accepted", "rejected", "blank_lines", "balanced"])
      for account in accounts {
        writer.writeRow([
          account.file, String(account.read), String(account.accepted), String(account.rejected),
          String(account.blankLines), account.balances ? "yes" : "no",
        ])
      }
    }
  }

  /// Writes the CSV file `path` atomically with `body`; a failure names the file.
  package static func writing(_ path: String, _ body: (CSVWriter) -> Void) throws(Diagnostic) {
    do {
      let writer = try CSVWriter(path: path)
      body(writer)
      try writer.finish()
    } catch {
      throw Diagnostic(at: SourceLocation(file: path), "cannot write: \(error.reason)")
    }
  }

  private static func makeDirectory(_ path: String) throws(Diagnostic) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += component + "/"
      if mkdir(prefix, 0o755) != 0, errno != EEXIST {
        throw Diagnostic(at: SourceLocation(file: path), "cannot create directory: \(String(cString: strerror(errno)))")
      }
    }
  }
}

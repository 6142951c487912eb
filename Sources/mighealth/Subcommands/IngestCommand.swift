import ArgumentParser
import Ingest
import SurveyCore

/// `mighealth ingest`: run the ingest stage alone.
struct IngestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ingest",
    abstract: "Read survey CSV files into one typed table, setting bad rows aside.",
    discussion: """
      Every data row is either accepted or written to rejects.csv with its file, line, \
      column and reason; the row accounting (read = accepted + rejected, per file) is \
      printed. A problem with a whole file (missing, empty, header only, not UTF-8, a NUL \
      byte, an unterminated quote, a missing required column, a duplicate header, a field \
      or line over the limits) stops with file:line:col: error: ... and exit status 1.

      With --out DIR, writes DIR/table.csv (the accepted rows; missing cells as their \
      reason's token: .dont_know, .refused, .not_applicable, .invalid, .absent, or empty), \
      DIR/rejects.csv and DIR/accounting.csv.

      Examples:
        mighealth ingest SampleData/survey_*.csv --codebook SampleData/codebook.yaml --out output/ingest
        mighealth ingest export.csv --delimiter ';' --decimal-comma
      """
  )

  @Argument(help: ArgumentHelp("CSV files to read, one per country team.", valueName: "file"))
  var files: [String]

  @Option(
    help: ArgumentHelp("Codebook YAML declaring the variables (types are inferred without one).", valueName: "file"))
  var codebook: String?

  @Option(
    help: ArgumentHelp("Field delimiter for every file: ',', ';' or 'tab' (default: the codebook's, else sniffed)."))
  var delimiter: Delimiter?

  @Flag(help: "Numbers use a decimal comma (1,5) in every file (default: the codebook's setting).")
  var decimalComma = false

  @Option(help: ArgumentHelp("Directory for table.csv, rejects.csv and accounting.csv.", valueName: "dir"))
  var out: String?

  @Option(help: "Largest field accepted, in bytes.")
  var maxFieldBytes = 16 << 20

  @Option(help: "Largest record accepted, in bytes.")
  var maxLineBytes = 64 << 20

  @Option(help: "Parallel workers (default: the number of cores).")
  var jobs = activeProcessorCount()

  @Flag(help: "Print the wall time of each phase and the peak memory on standard error (one TIMING line).")
  var timing = false

  func run() throws {
    try reportingInputErrors(ingest)
  }

  private func ingest() throws {
    let codebook = try codebook.map { path throws(Diagnostics) in try Codebook.load(path: path) }
    let options = IngestStage.Options(
      delimiter: delimiter?.byte, decimalComma: decimalComma ? true : nil, maxFieldBytes: maxFieldBytes,
      maxLineBytes: maxLineBytes, jobs: jobs)
    let result = try IngestStage.run(files: files, codebook: codebook, options: options)
    if timing {
      let phases = result.phases.map { "\"\($0.name)\": \($0.seconds)" }.joined(separator: ", ")
      let peak = result.phases.map(\.peakBytes).max() ?? 0
      printError("TIMING {\(phases), \"peak_rss_bytes\": \(peak), \"rows\": \(result.table.rowCount)}")
    }
    for warning in result.warnings { printError(warning.description) }
    for reject in result.rejects.prefix(20) { printError("\(reject.location): rejected: \(rejectText(reject))") }
    if result.rejects.count > 20 {
      printError(
        "... and \(result.rejects.count - 20) more rejected rows\(out.map { " (see \($0)/rejects.csv)" } ?? "")")
    }
    print(AccountingReport(result.accounts).text)
    if let out {
      try IngestOutput.write(result, to: out)
      print(
        "wrote \(out)/table.csv (\(result.table.rowCount) rows, \(result.table.columns.count) columns),"
          + " \(out)/rejects.csv, \(out)/accounting.csv")
    }
  }

  private func rejectText(_ reject: IngestStage.Reject) -> String {
    "\(reject.variable.map { "column '\($0)': " } ?? "")\(reject.reason)"
  }
}

/// A field delimiter named on the command line.
enum Delimiter: String, ExpressibleByArgument, CaseIterable {
  case comma = ","
  case semicolon = ";"
  case tab

  init?(argument: String) {
    switch argument {
    case ",", "comma": self = .comma
    case ";", "semicolon": self = .semicolon
    case "tab", "\t", "\\t": self = .tab
    default: return nil
    }
  }

  var byte: UInt8 {
    switch self {
    case .comma: UInt8(ascii: ",")
    case .semicolon: UInt8(ascii: ";")
    case .tab: UInt8(ascii: "\t")
    }
  }
}

import Ingest
import SurveyCore
import TestSupport

/// Ingests `csv` written to a temporary file named `name`; returns the result or the diagnostic.
func ingest(
  _ csv: String, name: String = "data.csv", codebook: Codebook? = nil, options: IngestStage.Options = .init()
) -> (result: IngestStage.Result?, error: Diagnostic?, directory: TemporaryDirectory) {
  let directory = TemporaryDirectory("ingest")
  let path = directory.write(name, csv)
  do {
    return (try IngestStage.run(files: [path], codebook: codebook, options: options), nil, directory)
  } catch {
    return (nil, error, directory)
  }
}

/// Ingests raw bytes.
func ingest(bytes: [UInt8], name: String = "data.csv", options: IngestStage.Options = .init())
  -> (result: IngestStage.Result?, error: Diagnostic?, directory: TemporaryDirectory)
{
  let directory = TemporaryDirectory("ingest")
  let path = directory.write(name, bytes: bytes)
  do {
    return (try IngestStage.run(files: [path], codebook: nil, options: options), nil, directory)
  } catch {
    return (nil, error, directory)
  }
}

/// The error text with the temporary directory replaced by `TMP`.
func errorText(_ outcome: (result: IngestStage.Result?, error: Diagnostic?, directory: TemporaryDirectory)) -> String {
  (outcome.error?.description ?? "no error").replacingOccurrences(of: outcome.directory.path, with: "TMP")
}

extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}

/// All cells of a table as text, row by row.
func cells(_ table: SurveyTable) -> [[String]] {
  (0..<table.rowCount).map { row in table.columns.map { $0.text(at: row) } }
}

/// What one ingest run gave: the result or the diagnostic, and the directory of its files.
typealias IngestOutcome = (result: IngestStage.Result?, error: Diagnostic?, directory: TemporaryDirectory)

/// Ingests several files written to one temporary directory, passed in the order given.
func ingest(
  files: [(name: String, bytes: [UInt8])], codebook: Codebook? = nil, options: IngestStage.Options = .init()
) -> IngestOutcome {
  let directory = TemporaryDirectory("ingest")
  let paths = files.map { directory.write($0.name, bytes: $0.bytes) }
  return ingest(paths: paths, in: directory, codebook: codebook, options: options)
}

/// Runs the stage on `paths` (which need not exist), reporting them relative to `directory`.
func ingest(
  paths: [String], in directory: TemporaryDirectory, codebook: Codebook? = nil,
  options: IngestStage.Options = .init()
) -> IngestOutcome {
  do {
    return (try IngestStage.run(files: paths, codebook: codebook, options: options), nil, directory)
  } catch {
    return (nil, error, directory)
  }
}

/// Ingests `csv` (UTF-8) with `codebook`, as raw bytes so that any byte can be written.
func ingest(bytes: [UInt8], codebook: Codebook?, options: IngestStage.Options = .init()) -> IngestOutcome {
  ingest(files: [("data.csv", bytes)], codebook: codebook, options: options)
}

/// The rejects' descriptions (`file:line:col: column 'x': reason`) with the temporary directory as `TMP`.
func rejectTexts(_ outcome: IngestOutcome) -> [String] {
  (outcome.result?.rejects ?? []).map { $0.description.replacingOccurrences(of: outcome.directory.path, with: "TMP") }
}

/// The missing reason of every cell of `column`, row by row.
func reasons(_ column: Column?) -> [MissingReason?] {
  guard let column else { return [] }
  return (0..<column.count).map { column.missing[$0] }
}

/// Where codebook values built in tests say they come from.
let testCodebookLocation = SourceLocation(file: "codebook.yaml", line: 1, column: 1)

/// A codebook level built in code.
func level(
  _ value: String, _ label: String? = nil, labels: [String: String] = [:], aliases: [String] = []
) -> Codebook.Level {
  Codebook.Level(value: value, label: label, labels: labels, aliases: aliases, location: testCodebookLocation)
}

/// A codebook variable built in code.
func variable(
  _ name: String, _ type: VariableType, levels: [Codebook.Level] = [], missingCodes: [Codebook.MissingCode]? = nil,
  range: ClosedRange<Double>? = nil, required: Bool = false, aliases: [String] = [],
  storage: Codebook.Storage = .float64, separator: String = " ", format: String? = nil
) -> Codebook.Variable {
  Codebook.Variable(
    name: name, type: type, levels: levels, missingCodes: missingCodes, range: range, required: required,
    aliases: aliases, storage: storage, separator: separator, format: format, location: testCodebookLocation)
}

/// A codebook of `variables` with the usual survey missing codes (97, 98, 99).
func codebook(_ variables: [Codebook.Variable]) -> Codebook {
  Codebook(
    path: "codebook.yaml",
    missingCodes: [
      Codebook.MissingCode(value: "97", reason: .notApplicable),
      Codebook.MissingCode(value: "98", reason: .dontKnow),
      Codebook.MissingCode(value: "99", reason: .refused),
    ],
    variables: variables)
}

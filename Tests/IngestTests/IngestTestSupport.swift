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

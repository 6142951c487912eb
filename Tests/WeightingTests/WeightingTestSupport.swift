import Ingest
import SurveyCore
import TestSupport
import Weighting

/// A table read by the ingest stage from inline CSV, so that messages carry the
/// file name and line; the file lives as long as the returned directory.
struct InlineTable {
  let directory = TemporaryDirectory("weighting")
  let table: SurveyTable

  init(_ csv: String, name: String = "data.csv") throws {
    let path = directory.write(name, csv)
    table = try IngestStage.run(files: [path], codebook: nil, options: .init(jobs: 1)).table
  }
}

/// Margins from inline CSV.
struct InlineMargins {
  let source: InlineTable
  let margins: Margins

  init(_ csv: String) throws {
    source = try InlineTable(csv, name: "margins.csv")
    margins = try Margins(table: source.table)
  }
}

/// The error a weighting call throws, as `file:line: message` with the file's
/// folder dropped, or "no error".
func failure(_ body: () throws(WeightingError) -> Void) -> String {
  do {
    try body()
    return "no error"
  } catch {
    let place = error.location.map { String($0.description.split(separator: "/").last ?? "") } ?? "-"
    return "\(place): \(error.message)"
  }
}

/// Whether `value` agrees with `reference` to `tolerance` relative.
func close(_ value: Double, _ reference: Double, _ tolerance: Double = 1e-12) -> Bool {
  if value == reference { return true }
  return abs(value - reference) <= tolerance * max(abs(value), abs(reference))
}

extension InlineTable {
  /// The numeric column `name` as doubles (empty when absent or not numeric).
  func numbers(_ name: String) -> [Double] {
    guard case .numeric(let values)? = table[name]?.values else { return [] }
    return values.doubles()
  }
}

import Aggregation
import Ingest
import SurveyCore
import TestSupport

/// The R reference fixtures (Tests/AggregationTests/Fixtures, made by make_reference.R).
enum Reference {
  static let folder = packageRoot() + "/Tests/AggregationTests/Fixtures"

  static let designs: [String: [String: String]] = {
    guard let fixture = try? CSVFixture(path: folder + "/designs.csv") else { return [:] }
    return Dictionary(uniqueKeysWithValues: fixture.rows.map { ($0["design"] ?? "", $0) })
  }()

  static let estimates: [[String: String]] = (try? CSVFixture(path: folder + "/estimates.csv"))?.rows ?? []

  /// The data table of a design, read by the ingest stage.
  static func table(_ design: [String: String]) throws -> SurveyTable {
    let path = folder + "/" + (design["data"] ?? "")
    return try IngestStage.run(files: [path], codebook: nil, options: .init(jobs: 1)).table
  }

  /// The linearization design described by a row of designs.csv.
  static func design(_ row: [String: String], table: SurveyTable) throws -> SurveyDesign {
    func list(_ key: String) -> [String] {
      (row[key] ?? "").split(separator: ";").map(String.init)
    }
    let columns = SurveyDesign.Columns(
      weights: row["weights"] ?? "", strata: (row["strata"] ?? "").isEmpty ? nil : row["strata"],
      clusters: list("ids"), fpc: list("fpc"), nest: row["nest"] == "TRUE",
      lonelyPSU: SurveyDesign.LonelyPSU(rawValue: row["lonely_psu"] ?? "fail") ?? .fail)
    return try SurveyDesign(table: table, columns: columns)
  }

  /// A number of a fixture cell (see ``RReference/number(_:)``).
  static func number(_ text: String?) -> Double? { RReference.number(text) }

  /// Whether `value` agrees with `reference` to `tolerance` relative (both missing
  /// or both infinite also agree).
  static func agrees(_ value: Double?, _ reference: Double?, tolerance: Double = 1e-8) -> Bool {
    switch (value, reference) {
    case (nil, nil): return true
    case (let value?, nil): return value.isNaN
    case (nil, _): return false
    case (let value?, let reference?):
      if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN }
      if value.isInfinite || reference.isInfinite { return value == reference }
      let scale = max(abs(value), abs(reference))
      return abs(value - reference) <= tolerance * scale || abs(value - reference) < 1e-13
    }
  }

  /// Our row for a reference row: same statistic, variable, level and domain.
  static func row(matching reference: [String: String], in rows: [EstimateRow]) -> EstimateRow? {
    let domain = reference["domain"] ?? ""
    return rows.first { row in
      row.statistic == reference["statistic"] && row.variable == reference["variable"]
        && (row.level ?? "") == (reference["level"] ?? "")
        && row.domain.map { "\($0.variable)=\($0.value)" }.joined(separator: ";") == domain
    }
  }

  /// The fields compared for every estimate: ours and R's (df only when asked).
  static func fields(of row: EstimateRow, against reference: [String: String], df: Bool)
    -> [(name: String, ours: Double?, theirs: Double?)]
  {
    var fields: [(name: String, ours: Double?, theirs: Double?)] = [
      ("estimate", row.estimate, number(reference["estimate"])),
      ("se", row.se, number(reference["se"])),
      ("ci_low", row.ciLow, number(reference["ci_low"])),
      ("ci_high", row.ciHigh, number(reference["ci_high"])),
      ("n", Double(row.n), number(reference["n"])),
      ("n_missing", Double(row.nMissing), number(reference["n_missing"])),
    ]
    if df { fields.append(("df", Double(row.df), number(reference["df"]))) }
    return fields
  }

  /// A disagreement, for the test's message.
  static func mismatch(_ field: String, _ ours: Double?, _ theirs: Double?, reference: [String: String]) -> String {
    "\(reference["case"] ?? "") [\(reference["domain"] ?? "")] \(reference["level"] ?? "") \(reference["ci_method"] ?? ""):"
      + " \(field) \(ours.map { "\($0)" } ?? "nil") vs R \(theirs.map { "\($0)" } ?? "nil")"
  }
}

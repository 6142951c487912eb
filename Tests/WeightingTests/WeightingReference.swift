import Ingest
import SurveyCore
import TestSupport
import Weighting

/// The R reference fixtures of the weighting cases (Tests/AggregationTests/Fixtures,
/// made by make_reference.R; the R calls are in designs.csv and the README there).
enum WeightingReference {
  static let folder = packageRoot() + "/Tests/AggregationTests/Fixtures"

  static func rows(_ file: String) -> [[String: String]] {
    (try? CSVFixture(path: folder + "/" + file))?.rows ?? []
  }

  static let designs: [String: [String: String]] = Dictionary(
    uniqueKeysWithValues: rows("designs.csv").map { ($0["design"] ?? "", $0) })

  /// The table of a data file named in the fixtures (`data/apiclus1.csv`).
  static func table(_ data: String) throws -> SurveyTable {
    try IngestStage.run(files: [folder + "/" + data], codebook: nil, options: .init(jobs: 1)).table
  }

  static func margins(_ file: String) throws -> Margins {
    try Margins(table: try table(file))
  }

  /// The uncalibrated design of a designs.csv row.
  static func design(_ row: [String: String], table: SurveyTable) throws -> SurveyDesign {
    func list(_ key: String) -> [String] { (row[key] ?? "").split(separator: ";").map(String.init) }
    let columns = SurveyDesign.Columns(
      weights: row["weights"] ?? "", strata: (row["strata"] ?? "").isEmpty ? nil : row["strata"],
      clusters: list("ids"), fpc: list("fpc"), nest: row["nest"] == "TRUE",
      lonelyPSU: SurveyDesign.LonelyPSU(rawValue: row["lonely_psu"] ?? "fail") ?? .fail)
    return try SurveyDesign(table: table, columns: columns)
  }

  /// A weights.csv case made with mighealth: the data, the base design and the result.
  static func weigh(_ name: String) throws -> (table: SurveyTable, base: SurveyDesign, result: CalibratedWeights) {
    let baseName = name.hasPrefix("strat") ? "strat" : "clus1"
    let baseRow = designs[baseName] ?? [:]
    let table = try table(baseRow["data"] ?? "")
    let base = try design(baseRow, table: table)
    let exact = Raking.Options(tolerance: 1e-15, maxIterations: 100)
    switch name {
    case "clus1_rake", "strat_rake_by":
      let file = designs[name]?["margins_file"] ?? ""
      return (table, base, try Raking.rake(weights: base.weights, table: table, margins: margins(file), options: exact))
    case "clus1_ps":
      let result = try PostStratification.poststratify(
        weights: base.weights, table: table, margins: margins("data/margins_poststratify.csv"))
      return (table, base, result)
    case "clus1_greg", "clus1_gregb":
      let options =
        name == "clus1_gregb"
        ? LinearCalibration.Options(bounds: 0.5...1.7, tolerance: 1e-12, maxIterations: 100)
        : LinearCalibration.Options()
      let result = try LinearCalibration.calibrate(
        weights: base.weights, table: table, margins: margins("data/margins_calibrate.csv"), options: options)
      return (table, base, result)
    case "clus1_trim", "clus1_trim_strict":
      let raked = try Raking.rake(
        weights: base.weights, table: table, margins: margins("data/margins_rake.csv"), options: exact)
      let options = Trimming.Options(lower: 30, upper: 40, strict: name == "clus1_trim_strict")
      return (table, base, try Trimming.trim(weights: raked.weights, table: table, options: options))
    default:
      return (table, base, CalibratedWeights(weights: base.weights, calibration: nil))
    }
  }

  /// The relative difference of two numbers (0 when both are equal or tiny).
  static func relativeDifference(_ value: Double, _ reference: Double) -> Double {
    if value == reference || abs(value - reference) < 1e-13 { return 0 }
    return abs(value - reference) / max(abs(value), abs(reference))
  }
}

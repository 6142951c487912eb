import Aggregation
import SurveyCore
import TestSupport

/// The replicate designs of the R fixtures (designs.csv rows with `replicates`),
/// rebuilt with mighealth: jackknife and BRR replicates made from the base
/// design, bootstrap and supplied ones read from the exported weights.
enum ReplicateReference {
  static let names = [
    "srs_jk1", "clus1_jk1", "clus1_wr_jk1", "strat_jkn", "strat_clus_jkn", "small_nest_jkn", "small_nest_brr",
    "clus1_boot", "strat_clus_subboot", "clus1_jk1_supplied",
  ]

  /// R's rscales per design (replicate_scales.csv).
  static let rscales: [String: [Double]] = {
    let rows = (try? CSVFixture(path: Reference.folder + "/replicate_scales.csv"))?.rows ?? []
    return Dictionary(grouping: rows) { $0["design"] ?? "" }
      .mapValues { $0.map { Reference.number($0["rscale"]) ?? .nan } }
  }()

  /// The table and replicate design of a fixture design.
  static func design(_ name: String) throws -> (table: SurveyTable, design: SurveyDesign) {
    guard let row = Reference.designs[name] else { throw FixtureProblem(message: "no design \(name)") }
    let table = try Reference.table(row)
    let base = try Reference.design(row, table: table)
    let method: ReplicateMethod
    switch name {
    case "clus1_boot":
      method = .supplied(
        .init(
          columns: try columns(row), form: .multipliers, kind: .bootstrap, scale: Reference.number(row["scale"]),
          rscales: [1]))
    case "strat_clus_subboot":
      method = .supplied(
        .init(
          columns: try columns(row), form: .multipliers, kind: .other, scale: Reference.number(row["scale"]),
          rscales: [1]))
    case "clus1_jk1_supplied":
      // No scale: svrepdesign's guess (R - 1)/R for combined JK1 weights.
      method = .supplied(.init(columns: try columns(row), form: .combined, kind: .jk1))
    default:
      switch row["replicates"] {
      case "JK1": method = .jk1
      case "JKn": method = .jkn
      case "BRR": method = .brr
      default: throw FixtureProblem(message: "unexpected replicates \(row["replicates"] ?? "")")
      }
    }
    return (table, try base.replicated(method))
  }

  /// The replicate columns of the design's exported weights file, in file order.
  static func columns(_ row: [String: String]) throws -> [[Double]] {
    let file = (row["repweights_file"] ?? "").split(separator: " ").first.map(String.init) ?? ""
    let fixture = try CSVFixture(path: Reference.folder + "/" + file)
    return fixture.header.filter { $0 != "row" }.map { column in
      fixture.rows.map { Reference.number($0[column]) ?? .nan }
    }
  }
}

struct FixtureProblem: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

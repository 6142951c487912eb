import Aggregation
import SurveyCore
import TestSupport
import Testing
import Weighting

/// Raking, post-stratification and GREG calibration of a replicate design calibrate every
/// replicate's weights, and the replicate SEs agree with R's `rake()`, `postStratify()`
/// and `calibrate()` of a JK1 `svyrep.design` (Fixtures/make_replicate_calibration.R).
@Suite("Calibrated replicate weights agree with R survey")
struct ReplicateCalibrationTests {
  static let references: [[String: String]] =
    (try? CSVFixture(path: packageRoot() + "/Tests/WeightingTests/Fixtures/replicate_calibration.csv"))?.rows ?? []

  /// The JK1 design of apiclus1 with the full sample and every replicate weighted as `name` says.
  static func design(_ name: String) throws -> (SurveyTable, SurveyDesign) {
    let table = try WeightingReference.table("data/apiclus1.csv")
    let columns = SurveyDesign.Columns(weights: "pw", strata: nil, clusters: ["dnum"], fpc: ["fpc"])
    let base = try SurveyDesign(table: table, columns: columns).replicated(.jk1)
    let replicates = try #require(base.replicates)
    let result: CalibratedWeights
    let calibrated: ReplicateWeights
    if name == "jk1_rake" {
      let margins = try WeightingReference.margins("data/margins_rake.csv")
      let options = Raking.Options(tolerance: 1e-15, maxIterations: 100)
      result = try Raking.rake(weights: base.weights, table: table, margins: margins, options: options)
      calibrated = try ReplicateCalibration.calibrate(
        replicates, table: table, margins: margins, method: .rake(sweeps: result.iterations))
    } else if name == "jk1_greg" || name == "jk1_gregb" {
      let margins = try WeightingReference.margins("data/margins_calibrate.csv")
      let options =
        name == "jk1_gregb"
        ? LinearCalibration.Options(bounds: 0.4...2.5, tolerance: 1e-12, maxIterations: 100)
        : LinearCalibration.Options()
      result = try LinearCalibration.calibrate(weights: base.weights, table: table, margins: margins, options: options)
      calibrated = try ReplicateCalibration.calibrate(
        replicates, table: table, margins: margins, method: .linear(options))
    } else {
      let margins = try WeightingReference.margins("data/margins_poststratify.csv")
      result = try PostStratification.poststratify(weights: base.weights, table: table, margins: margins)
      calibrated = try ReplicateCalibration.calibrate(replicates, table: table, margins: margins, method: .poststratify)
    }
    var design = result.applied(to: base, variance: .fixed)
    design.replicates = calibrated
    return (table, design)
  }

  @Test(
    "estimates and replicate SEs agree with R to 1e-8 relative",
    arguments: ["jk1_rake", "jk1_ps", "jk1_greg", "jk1_gregb"])
  func agrees(design name: String) throws {
    let (table, design) = try Self.design(name)
    let references = Self.references.filter { $0["design"] == name }
    #expect(references.count == 48)
    var mismatches: [String] = []
    for statistic in ["mean", "total"] {
      let variables = ["api00", "enroll", "sch_wide", "awards"]
      let request = EstimationRequest(
        statistics: variables.map { statistic == "mean" ? .mean($0) : .total($0) }, groups: ["stype"],
        includeOverall: true)
      let rows = try Estimation.run(request, table: table, design: design)
      for reference in references where reference["statistic"] == statistic {
        let label = [statistic, reference["variable"], reference["level"], reference["domain"]]
          .map { $0 ?? "" }.joined(separator: " ")
        let match = rows.first { row in
          row.variable == reference["variable"] && (row.level ?? "") == (reference["level"] ?? "")
            && row.domain.map { "\($0.variable)=\($0.value)" }.joined(separator: ";") == reference["domain"]
        }
        guard let row = match, let estimate = Double(reference["estimate"] ?? ""),
          let se = Double(reference["se"] ?? "")
        else {
          mismatches.append("\(label): no such row")
          continue
        }
        // A raked margin's SE is 0 in exact arithmetic: there, both are rounding noise.
        let negligible = 1e-8 * abs(estimate)
        for (field, ours, theirs) in [("estimate", row.estimate, estimate), ("se", row.se, se)]
        where !close(ours, theirs, 1e-8) && abs(ours - theirs) > negligible {
          mismatches.append("\(label) \(field): \(ours) vs R \(theirs)")
        }
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
  }

  @Test("a replicate without weight in a margin cell is an error naming the cell")
  func emptyCell() throws {
    let data = try InlineTable("g,w\na,1\na,1\nb,1\nb,1\n")
    let margins = try InlineMargins("variable,level,total\ng,a,10\ng,b,10\n")
    let replicates = ReplicateWeights(
      kind: .jk1, weights: [[2, 2, 0, 0], [0, 0, 2, 2]], scale: 0.5, rscales: [1, 1], mse: false, degreesOfFreedom: 1)
    let message = failure { () throws(WeightingError) in
      _ = try ReplicateCalibration.calibrate(
        replicates, table: data.table, margins: margins.margins, method: .poststratify)
    }
    #expect(message.hasPrefix("margins.csv:3:"), "\(message)")
    #expect(message.contains("replicate 1 has no weight in"), "\(message)")
  }

  @Test("trims every replicate to the bounds, keeping its total and its dropped PSUs at 0")
  func trimsReplicates() throws {
    let data = try InlineTable("g,w\na,1\na,1\nb,1\nb,1\nc,1\n")
    // Replicate 1 drops row 2 (weight 0); one weight of each replicate is above 10.
    let replicates = ReplicateWeights(
      kind: .jk1, weights: [[20, 0, 4, 4, 4], [2, 2, 2, 2, 16]], scale: 0.5, rscales: [1, 1], mse: false,
      degreesOfFreedom: 1)
    let result = try ReplicateCalibration.trim(
      replicates, table: data.table, options: Trimming.Options(upper: 10, strict: true))
    for (before, after) in zip(replicates.weights, result.weights) {
      #expect(abs(after.reduce(0, +) - before.reduce(0, +)) < 1e-12)
      #expect(after.allSatisfy { $0 <= 10 + 1e-12 })
      #expect(zip(before, after).allSatisfy { $0 == 0 ? $1 == 0 : $1 > 0 })
    }
    // Replicate 1: 20 -> 10, the 10 shared by the three other kept rows (4 + 10/3 each).
    #expect(result.weights[0][0] == 10 && result.weights[0][1] == 0)
    #expect(abs(result.weights[0][2] - (4 + 10.0 / 3)) < 1e-12)
  }

  @Test("post-stratifies every replicate to the population counts")
  func replicateTotals() throws {
    let data = try InlineTable("g,w\na,1\na,3\nb,1\nb,1\n")
    let margins = try InlineMargins("variable,level,total\ng,a,10\ng,b,20\n")
    let replicates = ReplicateWeights(
      kind: .jk1, weights: [[2, 0, 1, 3], [1, 1, 4, 0]], scale: 0.5, rscales: [1, 1], mse: false, degreesOfFreedom: 1)
    let result = try ReplicateCalibration.calibrate(
      replicates, table: data.table, margins: margins.margins, method: .poststratify)
    #expect(result.weights == [[10, 0, 5, 15], [5, 5, 20, 0]])
  }
}

import SurveyCore
import Testing
import Weighting

/// Final weights and their diagnostics agree with R's rake(), postStratify(),
/// calibrate() and trimWeights() (weights.csv, weights_summary.csv).
@Suite("Weights agree with R survey")
struct WeightsReferenceTests {
  static let cases = [
    "clus1_rake", "clus1_ps", "clus1_greg", "clus1_gregb", "strat_rake_by", "clus1_trim", "clus1_trim_strict",
    "clus1_base",
  ]

  @Test("final weights agree row by row to 1e-8 relative", arguments: cases)
  func weights(name: String) throws {
    let (table, _, result) = try WeightingReference.weigh(name)
    let references = WeightingReference.rows("weights.csv").filter { $0["case"] == name }
    #expect(references.count == table.rowCount)
    var worst = 0.0
    for reference in references {
      let row = try #require(Int(reference["row"] ?? "")) - 1
      let expected = try #require(Double(reference["weight"] ?? ""))
      worst = max(worst, WeightingReference.relativeDifference(result.weights[row], expected))
    }
    print("weights \(name): max relative difference \(worst) over \(references.count) rows")
    #expect(worst <= 1e-8)
  }

  @Test("diagnostics agree with weights_summary.csv", arguments: cases)
  func diagnostics(name: String) throws {
    let (_, _, result) = try WeightingReference.weigh(name)
    let reference = try #require(WeightingReference.rows("weights_summary.csv").first { $0["case"] == name })
    let ours = WeightDiagnostics(weights: result.weights)
    let fields: [(String, Double)] = [
      ("n", Double(ours.count)), ("sum", ours.sum), ("min", ours.minimum), ("max", ours.maximum),
      ("mean", ours.mean), ("cv", ours.cv), ("kish_deff", ours.kishDesignEffect), ("n_eff", ours.effectiveSize),
    ]
    var worst = 0.0
    for (field, value) in fields {
      let expected = try #require(Double(reference[field] ?? ""), "\(field) of \(name)")
      let difference = WeightingReference.relativeDifference(value, expected)
      worst = max(worst, difference)
      #expect(difference <= 1e-8, "\(field): \(value) vs R \(expected)")
    }
    print("diagnostics \(name): max relative difference \(worst)")
  }
}

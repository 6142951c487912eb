import Aggregation
import Ingest
import SurveyCore
import TestSupport
import Testing

/// Korn-Graubard intervals of a cross-table's shares agree with R's
/// `svyciprop(method = "beta")` on the subset each share is taken over
/// (Fixtures/make_crosstab_beta.R), as the estimates' intervals do.
@Suite("Cross-table intervals agree with R svyciprop")
struct CrosstabIntervalTests {
  @Test("beta intervals of row and column proportions, to 1e-8 relative")
  func betaIntervals() throws {
    let references = try CSVFixture(path: Reference.folder + "/crosstab_beta.csv").rows
    #expect(references.count == 12)
    let table = try IngestStage.run(
      files: [Reference.folder + "/data/apiclus1.csv"], codebook: nil, options: .init(jobs: 1)
    ).table
    let design = try SurveyDesign(table: table, columns: .init(weights: "pw", strata: nil, clusters: ["dnum"], fpc: []))
    var request = Crosstab.Request(rows: "stype", columns: "awards")
    request.interval = .beta
    let result = try Crosstab.run(request, table: table, design: design)
    for reference in references {
      let cell = try #require(
        result.cells.first {
          $0.statistic.rawValue == reference["statistic"] && $0.rowLevel == reference["row"]
            && $0.columnLevel == reference["col"]
        })
      let low = try #require(Reference.number(reference["ci_low"]))
      let high = try #require(Reference.number(reference["ci_high"]))
      #expect(Reference.agrees(cell.ciLow, low), "\(reference): \(cell.ciLow) vs R \(low)")
      #expect(Reference.agrees(cell.ciHigh, high), "\(reference): \(cell.ciHigh) vs R \(high)")
    }
  }
}

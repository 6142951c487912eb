import SurveyCore
import Testing

@testable import Aggregation

@Suite("The one-pass path")
struct OnePassTests {
  @Test(
    "gives the same numbers as the general path, by domain and overall",
    arguments: ["clus1", "clus1_wr", "small_nest", "small_nest_wr", "lonely_average", "lonely_adjust"])
  func samePaths(design name: String) throws {
    let row = try #require(Reference.designs[name])
    let table = try Reference.table(row)
    let design = try Reference.design(row, table: table)
    #expect(OnePassEstimation.isApplicable(to: design))
    let api = name.hasPrefix("clus") || name.hasPrefix("strat")
    let variables = api ? ("api00", "api99", "stype") : ("y", "x", "agegrp")
    // Coded targets too: small whole numbers (with missing values in `small`), a
    // numeric proportion, the mean and total of a category.
    let coded = api ? ("meals", "ell", "awards") : ("bin", "x", "sex")
    let request = EstimationRequest(
      statistics: [
        .mean(variables.0), .total(variables.1), .ratio(numerator: variables.0, denominator: variables.1),
        .proportion(variables.2), .mean(coded.0), .total(coded.0), .proportion(coded.1), .mean(coded.2),
        .total(coded.2),
      ],
      groups: [name.hasPrefix("clus") || name.hasPrefix("strat") ? "sch_wide" : "region"], interval: .beta,
      includeOverall: true)
    for statistic in request.statistics.suffix(5) {
      let targets = try Target.targets(of: statistic, table: table, coded: true)
      #expect(!targets.isEmpty && targets.allSatisfy { $0.coded != nil && $0.x.isEmpty }, "\(statistic)")
    }
    let fast = try Estimation.run(request, table: table, design: design, allowOnePass: true)
    let general = try Estimation.run(request, table: table, design: design, allowOnePass: false)
    #expect(fast.count == general.count)
    for (a, b) in zip(fast, general) {
      #expect(a.statistic == b.statistic && a.variable == b.variable && a.level == b.level && a.domain == b.domain)
      for (x, y) in [(a.estimate, b.estimate), (a.se, b.se), (a.ciLow, b.ciLow), (a.ciHigh, b.ciHigh)] {
        #expect(Reference.agrees(x, y, tolerance: 1e-12), "\(a.variable) \(a.domain): \(x) vs \(y)")
      }
      #expect(Reference.agrees(a.deff, b.deff, tolerance: 1e-10))
      #expect(a.n == b.n && a.nMissing == b.nMissing && a.df == b.df)
    }
  }
}

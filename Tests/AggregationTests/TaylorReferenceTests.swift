import Aggregation
import SurveyCore
import TestSupport
import Testing

/// Every estimate of the linearization designs agrees with R's survey package.
@Suite("Estimates agree with R survey (linearization)")
struct TaylorReferenceTests {
  static let designs = [
    "srs", "strat", "clus1", "clus2", "clus1_wr", "strat_clus", "small_nest", "small_nest_frac", "small_nest_wr",
    "lonely_remove", "lonely_remove_fpc", "lonely_certainty", "lonely_certainty_fpc", "lonely_adjust",
    "lonely_adjust_fpc", "lonely_average", "lonely_average_fpc",
  ]

  @Test("agrees with R to 1e-8 relative", arguments: designs)
  func agrees(design name: String) throws {
    let designRow = try #require(Reference.designs[name], "design \(name) in designs.csv")
    let table = try Reference.table(designRow)
    let design = try Reference.design(designRow, table: table)
    let references = Reference.estimates.filter { $0["design"] == name && $0["ci_method"] != "logit" }
    #expect(!references.isEmpty)
    var cache: [String: [EstimateRow]] = [:]
    var mismatches: [String] = []
    for reference in references {
      let (request, key) = Self.request(for: reference)
      if cache[key] == nil { cache[key] = try Estimation.run(request, table: table, design: design) }
      let rows = cache[key] ?? []
      let domain = reference["domain"] ?? ""
      guard let row = Reference.row(matching: reference, in: rows) else {
        mismatches.append("\(reference["case"] ?? "") [\(domain)] level \(reference["level"] ?? ""): no such row")
        continue
      }
      var fields = Reference.fields(of: row, against: reference, df: reference["ci_method"] != "beta")
      if reference["ci_method"] == "wald" {
        // A domain with one observation (or a constant variable) has no SRS variance: R
        // reports Inf (its rounding leaves 0 or 1/0 terms), mighealth no design effect (NaN).
        let undefined =
          Reference.number(reference["deff"])?.isInfinite == true && (row.deff.map { !$0.isFinite } ?? true)
        if !undefined {
          fields.append(("deff", row.deff, Reference.number(reference["deff"])))
          fields.append(("deff_replace", row.deffReplace, Reference.number(reference["deff_replace"])))
        }
      }
      for (field, ours, theirs) in fields where !Reference.agrees(ours, theirs) {
        mismatches.append(Reference.mismatch(field, ours, theirs, reference: reference))
      }
    }
    #expect(
      mismatches.isEmpty,
      "\(mismatches.count) of \(references.count) disagree:\n\(mismatches.prefix(25).joined(separator: "\n"))")
  }

  /// The request that makes a reference row (see ``RReference``).
  static func request(for reference: [String: String]) -> (EstimationRequest, String) {
    RReference.request(for: reference)
  }
}

@Suite("Design problems are reported")
struct DesignProblemTests {
  @Test("a stratum with one PSU stops the 'fail' policy, naming the stratum (R: errors.csv)")
  func lonelyFail() throws {
    var row = try #require(Reference.designs["lonely_remove"])
    row["lonely_psu"] = "fail"
    let table = try Reference.table(row)
    let design = try Reference.design(row, table: table)
    #expect(throws: EstimationError.self) {
      try Estimation.run(EstimationRequest(statistics: [.mean("y")]), table: table, design: design)
    }
    do {
      _ = try Estimation.run(EstimationRequest(statistics: [.mean("y")]), table: table, design: design)
    } catch {
      #expect(
        error.message
          == "stratum 'E' has only one PSU; choose a lonely-PSU policy (--lonely-psu remove, certainty, adjust or average)"
      )
    }
  }

  @Test("--by with no complete row is an error, not an empty answer")
  func emptyDomains() throws {
    let row = try #require(Reference.designs["small_nest"])
    let table = try Reference.table(row)
    let design = try Reference.design(row, table: table)
    do {
      _ = try Estimation.run(
        EstimationRequest(statistics: [.mean("y")], groups: ["region"], subset: (variable: "region", level: "east")),
        table: table, design: design)
    } catch {
      Issue.record("unexpected error: \(error.message)")
    }
    do {
      _ = try Estimation.run(
        EstimationRequest(statistics: [.mean("y")], groups: ["region"], subset: (variable: "sex", level: "nobody")),
        table: table, design: design)
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "--subset: no row has sex = 'nobody'")
    }
    // A grouping variable missing in every row.
    var group = MissingMask(count: 3)
    for row in 0..<3 { group.set(.refused, at: row) }
    let small = SurveyTable(columns: [
      Column(name: "y", type: .numeric, values: .numeric(.float64([1, 2, 3]))),
      Column(
        name: "g", type: .categorical,
        values: .categorical(CategoricalValues(levels: ["a"], codes: .uint8([0, 0, 0]))), missing: group),
    ])
    let smallDesign = try SurveyDesign(SurveyDesign.Specification(weights: [1, 1, 1]))
    do {
      _ = try Estimation.run(
        EstimationRequest(statistics: [.mean("y")], groups: ["g"]), table: small, design: smallDesign)
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "--by g: no row has a value of every grouping variable")
    }
  }
}

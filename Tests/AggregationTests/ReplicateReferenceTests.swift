import SurveyCore
import Testing

@testable import Aggregation

/// Every estimate of the replicate designs agrees with R's survey package
/// (fixtures from make_reference.R; see Fixtures/README.md, "Replicate weights").
@Suite("Estimates agree with R survey (replicate weights)")
struct ReplicateReferenceTests {
  @Test("agrees with R to 1e-8 relative (beta intervals apart)", arguments: ReplicateReference.names)
  func agrees(design name: String) throws {
    try compare(design: name, betaIntervals: false)
  }

  /// Korn-Graubard intervals use R's degf of the domain's design, for a replicate
  /// design the rank of the domain's replicate weights less one
  /// (`ReplicateRank.degreesOfFreedom(_:rows:)`), which
  /// `Domains.rowsAndDegreesOfFreedom` must use when the design has replicates.
  @Test("beta intervals agree with R to 1e-8 relative", arguments: ReplicateReference.names)
  func betaIntervals(design name: String) throws {
    try compare(design: name, betaIntervals: true)
  }

  /// Compares every row but beta intervals, or only the beta intervals.
  private func compare(design name: String, betaIntervals: Bool) throws {
    let (table, design) = try ReplicateReference.design(name)
    let references = Reference.estimates.filter {
      $0["design"] == name && betaIntervals == ($0["ci_method"] == "beta")
    }
    #expect(!references.isEmpty)
    var cache: [String: [EstimateRow]] = [:]
    var mismatches: [String] = []
    for reference in references {
      let (request, key) = TaylorReferenceTests.request(for: reference)
      if cache[key] == nil { cache[key] = try Estimation.run(request, table: table, design: design) }
      let domain = reference["domain"] ?? ""
      guard let row = Reference.row(matching: reference, in: cache[key] ?? []) else {
        mismatches.append("\(reference["case"] ?? "") [\(domain)] level \(reference["level"] ?? ""): no such row")
        continue
      }
      // A beta row's df column is R's degf of the domain's design (see domainDegreesOfFreedom).
      if betaIntervals {
        for (field, ours, theirs) in [
          ("ci_low", row.ciLow, Reference.number(reference["ci_low"])),
          ("ci_high", row.ciHigh, Reference.number(reference["ci_high"])),
        ] where !Reference.agrees(ours, theirs) {
          mismatches.append("\(reference["case"] ?? "") [\(domain)] beta: \(field) \(ours) vs R \(theirs ?? .nan)")
        }
        continue
      }
      var fields = Reference.fields(of: row, against: reference, df: true)
      // R gives no design effect for ratios of replicate designs, quantiles and svyciprop rows.
      if let deff = Reference.number(reference["deff"]), !(deff.isInfinite && !(row.deff?.isFinite ?? false)) {
        fields.append(("deff", row.deff, deff))
        fields.append(("deff_replace", row.deffReplace, Reference.number(reference["deff_replace"])))
      }
      for (field, ours, theirs) in fields where !Reference.agrees(ours, theirs) {
        mismatches.append(Reference.mismatch(field, ours, theirs, reference: reference))
      }
    }
    #expect(
      mismatches.isEmpty,
      "\(mismatches.count) disagreements in \(references.count) rows:\n\(mismatches.prefix(25).joined(separator: "\n"))"
    )
  }

  @Test("scale, rscales and degrees of freedom are R's", arguments: ReplicateReference.names)
  func constants(design name: String) throws {
    let row = try #require(Reference.designs[name])
    let replicates = try #require(try ReplicateReference.design(name).design.replicates)
    let rscales = try #require(ReplicateReference.rscales[name])
    #expect(Reference.agrees(replicates.scale, Reference.number(row["scale"]), tolerance: 1e-15))
    #expect(replicates.rscales.count == rscales.count)
    #expect(zip(replicates.rscales, rscales).allSatisfy { Reference.agrees($0, $1, tolerance: 1e-15) })
    #expect(Double(replicates.degreesOfFreedom) == Reference.number(row["degf"]))
  }

  @Test("domain degrees of freedom are R's degf of the domain's design", arguments: ReplicateReference.names)
  func domainDegreesOfFreedom(design name: String) throws {
    let (table, design) = try ReplicateReference.design(name)
    let replicates = try #require(design.replicates)
    let betaRows = Reference.estimates.filter { $0["design"] == name && $0["ci_method"] == "beta" }
    #expect(!betaRows.isEmpty)
    for reference in betaRows {
      var rows = [Bool](repeating: true, count: table.rowCount)
      for condition in (reference["domain"] ?? "").split(separator: ";") {
        let parts = condition.split(separator: "=", maxSplits: 1).map(String.init)
        let column = try #require(table[parts[0]])
        for row in rows.indices where column.missing[row] != nil || column.text(at: row) != parts[1] {
          rows[row] = false
        }
      }
      let df = ReplicateRank.degreesOfFreedom(replicates, rows: rows)
      #expect(
        Double(df) == Reference.number(reference["df"]), "\(reference["case"] ?? "") [\(reference["domain"] ?? "")]")
    }
  }

  @Test("JKn and BRR multipliers are the ones R exported", arguments: ["small_nest_jkn", "small_nest_brr"])
  func exportedMultipliers(design name: String) throws {
    let row = try #require(Reference.designs[name])
    let exported = try ReplicateReference.columns(row)
    let design = try ReplicateReference.design(name).design
    let replicates = try #require(design.replicates)
    #expect(replicates.weights.count == exported.count)
    for (ours, theirs) in zip(replicates.weights, exported) {
      let multipliers = zip(ours, design.weights).map { $0 / $1 }
      #expect(zip(multipliers, theirs).allSatisfy { Reference.agrees($0, $1, tolerance: 1e-15) })
    }
  }
}

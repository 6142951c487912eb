import Aggregation
import SurveyCore
import TestSupport
import Testing
import Weighting

/// Estimates from designs weighted by this module agree with R: calibration-aware
/// SEs for the calibrated designs, and the `*_fixed` twins (the final weights
/// taken as fixed design weights).
@Suite("Estimates of calibrated designs agree with R survey")
struct CalibratedEstimateReferenceTests {
  static let designs = [
    "clus1_rake", "clus1_ps", "clus1_greg", "clus1_gregb", "strat_rake_by", "clus1_rake_fixed", "clus1_ps_fixed",
    "clus1_greg_fixed", "clus1_gregb_fixed", "strat_rake_by_fixed",
  ]

  @Test("agrees with R to 1e-8 relative", arguments: designs)
  func agrees(design name: String) throws {
    let fixed = name.hasSuffix("_fixed")
    let calibrated = fixed ? String(name.dropLast("_fixed".count)) : name
    let (table, base, result) = try WeightingReference.weigh(calibrated)
    let design = result.applied(to: base, variance: fixed ? .fixed : .calibrated)
    let references = WeightingReference.rows("estimates.csv").filter {
      $0["design"] == name && $0["ci_method"] != "logit"
    }
    #expect(!references.isEmpty)
    var cache: [String: [EstimateRow]] = [:]
    var mismatches: [String] = []
    var worst: [String: Double] = [:]
    var domainBeta: [String] = []
    for reference in references {
      let (request, key) = Self.request(for: reference)
      if cache[key] == nil { cache[key] = try Estimation.run(request, table: table, design: design) }
      let domain = reference["domain"] ?? ""
      let match = cache[key]?.first { row in
        row.statistic == reference["statistic"] && row.variable == reference["variable"]
          && (row.level ?? "") == (reference["level"] ?? "")
          && row.domain.map { "\($0.variable)=\($0.value)" }.joined(separator: ";") == domain
      }
      guard let row = match else {
        mismatches.append("\(reference["case"] ?? "") [\(domain)] \(reference["level"] ?? ""): no such row")
        continue
      }
      var fields: [(String, Double?, Double?)] = [
        ("estimate", row.estimate, number(reference["estimate"])), ("se", row.se, number(reference["se"])),
        ("ci_low", row.ciLow, number(reference["ci_low"])), ("ci_high", row.ciHigh, number(reference["ci_high"])),
        ("n", Double(row.n), number(reference["n"])),
        ("n_missing", Double(row.nMissing), number(reference["n_missing"])),
      ]
      if reference["ci_method"] != "beta" { fields.append(("df", Double(row.df), number(reference["df"]))) }
      if reference["ci_method"] == "wald", number(reference["deff"])?.isFinite ?? false {
        fields.append(("deff", row.deff, number(reference["deff"])))
        fields.append(("deff_replace", row.deffReplace, number(reference["deff_replace"])))
      }
      for (field, ours, theirs) in fields {
        guard var difference = Self.difference(ours, theirs) else {
          mismatches.append("\(reference["case"] ?? "") [\(domain)] \(field): \(String(describing: ours)) vs R nil")
          continue
        }
        // The SE of a calibrated margin's total is 0 in exact arithmetic; both engines
        // leave rounding noise (R about 1e-12 for a total of 4421).
        if field == "se", let ours, let theirs, max(ours, theirs) <= 1e-10 * abs(row.estimate) { difference = 0 }
        let text =
          "\(reference["case"] ?? "") [\(domain)] \(reference["level"] ?? "") \(reference["ci_method"] ?? ""):"
          + " \(field) \(ours.map { "\($0)" } ?? "nil") vs R \(theirs.map { "\($0)" } ?? "nil")"
        if Self.isDomainBeta(reference, calibrated: !fixed), field.hasPrefix("ci_") {
          if difference > 1e-8 { domainBeta.append(text) }
          continue
        }
        worst[field] = max(worst[field] ?? 0, difference)
        if difference > 1e-8 { mismatches.append(text) }
      }
    }
    let summary = worst.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    print("estimates \(name): \(references.count) rows; max relative difference: \(summary)")
    #expect(
      mismatches.isEmpty,
      "\(mismatches.count) of \(references.count) disagree:\n\(mismatches.prefix(25).joined(separator: "\n"))")
    // Korn-Graubard intervals of domains of calibrated designs: R's subset keeps every
    // row (nrow = all rows, degf over the domain's non-zero weights).
    #expect(domainBeta.isEmpty, "\(domainBeta.joined(separator: "\n"))")
  }

  /// A Korn-Graubard (beta) interval for a domain of a calibrated design.
  static func isDomainBeta(_ reference: [String: String], calibrated: Bool) -> Bool {
    calibrated && reference["ci_method"] == "beta" && !(reference["domain"] ?? "").isEmpty
  }

  /// The relative difference, 0 when both are missing or equal; `nil` when only one is.
  static func difference(_ value: Double?, _ reference: Double?) -> Double? {
    switch (value, reference) {
    case (nil, nil): return 0
    case (let value?, nil): return value.isNaN ? 0 : nil
    case (nil, _): return nil
    case (let value?, let reference?):
      if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN ? 0 : .infinity }
      if value.isInfinite || reference.isInfinite { return value == reference ? 0 : .infinity }
      return WeightingReference.relativeDifference(value, reference)
    }
  }

  /// The request that makes a reference row (see ``RReference``).
  static func request(for reference: [String: String]) -> (EstimationRequest, String) {
    RReference.request(for: reference)
  }
}

private func number(_ text: String?) -> Double? { RReference.number(text) }

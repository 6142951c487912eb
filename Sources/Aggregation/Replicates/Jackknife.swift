import SurveyCore

/// Delete-one-PSU jackknife replicates (Quenouille 1956; Wolter 2007, ch. 4), as
/// R's `jk1weights` and `jknweights` make them; formulas in ``ReplicateMethod``.
enum Jackknife {
  /// JK1: replicate j drops PSU j; the others get n / (n - 1).
  static func jk1(_ layout: PSUReplicates.Layout) throws(VarianceError) -> PSUReplicates {
    guard layout.unitsOfStratum.count == 1 else {
      let names = layout.unitsOfStratum.indices.prefix(3).map(layout.name).joined(separator: ", ")
      throw VarianceError(
        message: "jk1 is for unstratified designs, but this one has \(layout.unitsOfStratum.count) strata"
          + " (\(names)\(layout.unitsOfStratum.count > 3 ? ", ..." : "")); use jkn")
    }
    let n = layout.unitCount
    guard n >= 2 else { throw VarianceError(message: "jk1 needs at least 2 PSUs; the design has \(n)") }
    let correction = layout.correction(0)
    guard correction > 0 else {
      throw VarianceError(
        message: "jk1: every PSU of the population is in the sample (the population correction equals the"
          + " \(n) sampled), so there is no sampling variance to replicate")
    }
    let others = Double(n) / Double(n - 1)
    let multipliers = (0..<n).map { dropped in
      (0..<n).map { unit in unit == dropped ? 0 : others }
    }
    return PSUReplicates(
      kind: .jk1, multipliers: multipliers, scale: correction * Double(n - 1) / Double(n),
      rscales: Array(repeating: 1, count: n))
  }

  /// JKn: one replicate per PSU of each stratum with two or more PSUs, and
  /// lonely PSUs as the design's policy says.
  static func jkn(_ layout: PSUReplicates.Layout, lonelyPSU: SurveyDesign.LonelyPSU) throws(VarianceError)
    -> PSUReplicates
  {
    let strataCount = layout.unitsOfStratum.count
    var multipliers: [[Double]] = []
    var rscales: [Double] = []
    for (stratum, units) in layout.unitsOfStratum.enumerated() {
      let correction = layout.correction(stratum)
      // A completely sampled stratum has no sampling variance (R drops its replicates).
      guard correction > 0 else { continue }
      guard units.count == 1 else {
        let others = Double(units.count) / Double(units.count - 1)
        for dropped in units {
          var multiplier = [Double](repeating: 1, count: layout.unitCount)
          for unit in units { multiplier[unit] = unit == dropped ? 0 : others }
          multipliers.append(multiplier)
          rscales.append(correction * Double(units.count - 1) / Double(units.count))
        }
        continue
      }
      switch lonelyPSU {
      case .fail:
        throw VarianceError(
          message: "jkn: stratum \(layout.name(stratum)) has only one PSU; choose a lonely-PSU policy"
            + " (--lonely-psu remove, certainty, adjust or average)")
      case .remove, .certainty, .average:
        continue
      case .adjust:
        guard strataCount > 1 else {
          throw VarianceError(message: "jkn: the design has a single stratum with a single PSU")
        }
        let others = Double(strataCount) / Double(strataCount - 1)
        multipliers.append(layout.stratumOfUnit.map { $0 == stratum ? 0 : others })
        rscales.append(Double(strataCount - 1) / Double(strataCount))
      }
    }
    guard !multipliers.isEmpty else {
      throw VarianceError(
        message: "jkn: no stratum has sampling variance to replicate (each is sampled completely or has one PSU)")
    }
    // R's `jknweights` scales by PSUs / replicates when `average` has left some out.
    var scale = 1.0
    if lonelyPSU == .average, multipliers.count < layout.unitCount {
      scale = Double(layout.unitCount) / Double(multipliers.count)
    }
    return PSUReplicates(kind: .jkn, multipliers: multipliers, scale: scale, rscales: rscales)
  }
}

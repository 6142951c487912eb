import SurveyCore

/// Balanced repeated replication (McCarthy 1969; Wolter 2007, ch. 3) as R's
/// `brrweights` makes it for strata of exactly two PSUs; see ``ReplicateMethod/brr``.
enum BalancedRepeatedReplication {
  static func replicates(_ layout: PSUReplicates.Layout) throws(VarianceError) -> PSUReplicates {
    for (stratum, units) in layout.unitsOfStratum.enumerated() where units.count != 2 {
      throw VarianceError(
        message: "brr needs exactly 2 PSUs in every stratum; stratum \(layout.name(stratum)) has \(units.count)")
    }
    // Strata in the byte order of their labels (R: order() in the C locale).
    let order = layout.strataLabels.indices.sorted {
      layout.strataLabels[$0].utf8.lexicographicallyPrecedes(layout.strataLabels[$1].utf8)
    }
    let hadamard = Hadamard.matrix(atLeast: order.count)
    let replicateCount = hadamard[0].count
    var multipliers = [[Double]](
      repeating: [Double](repeating: 0, count: layout.unitCount), count: replicateCount)
    for (position, stratum) in order.enumerated() {
      let units = layout.unitsOfStratum[stratum]
      for replicate in 0..<replicateCount {
        let firstKept = hadamard[position + 1][replicate]
        multipliers[replicate][units[0]] = firstKept ? 2 : 0
        multipliers[replicate][units[1]] = firstKept ? 0 : 2
      }
    }
    return PSUReplicates(
      kind: .brr, multipliers: multipliers, scale: 1 / Double(replicateCount),
      rscales: Array(repeating: 1, count: replicateCount))
  }
}

import SurveyCore

/// Bootstrap replicates of PSUs within strata, drawn with ``SplitMix64``; formulas
/// in ``ReplicateMethod/bootstrap(replicates:seed:)`` and
/// ``ReplicateMethod/subbootstrap(replicates:seed:)``.
///
/// The draws are made replicate by replicate, and within a replicate stratum by
/// stratum in order of first appearance; each draw picks a position among the
/// stratum's PSUs in order of first appearance.
enum Bootstrap {
  /// Canty and Davison's bootstrap (R's `bootweights`): multipliers are counts of
  /// n_h draws per stratum.
  static func cantyDavison(_ layout: PSUReplicates.Layout, replicates: Int, seed: UInt64) throws(VarianceError)
    -> PSUReplicates
  {
    try check(replicates, method: "bootstrap")
    // The harmonic mean of the PSUs per stratum.
    let inverses = layout.unitsOfStratum.map { 1 / Double($0.count) }
    let harmonic = Double(inverses.count) / inverses.reduce(0, +)
    guard harmonic > 1 else {
      throw VarianceError(message: "bootstrap needs strata with at least 2 PSUs; every stratum has 1")
    }
    var generator = SplitMix64(seed: seed)
    var multipliers: [[Double]] = []
    for _ in 0..<replicates {
      var counts = [Double](repeating: 0, count: layout.unitCount)
      for (stratum, units) in layout.unitsOfStratum.enumerated() {
        if let population = layout.population?[stratum] {
          // n_h draws without replacement from the N_h-long list that repeats the
          // stratum's PSUs (R: sample(rep(psu, length = N_h), n_h)).
          let length = max(Int(population.rounded(.down)), units.count)
          var swapped: [Int: Int] = [:]
          for draw in 0..<units.count {
            let pick = draw + generator.below(length - draw)
            let position = swapped[pick] ?? pick
            swapped[pick] = swapped[draw] ?? draw
            counts[units[position % units.count]] += 1
          }
        } else {
          for _ in units { counts[units[generator.below(units.count)]] += 1 }
        }
      }
      multipliers.append(counts)
    }
    return PSUReplicates(
      kind: .bootstrap, multipliers: multipliers, scale: harmonic / ((harmonic - 1) * Double(replicates - 1)),
      rscales: Array(repeating: 1, count: replicates))
  }

  /// Rao and Wu's rescaling bootstrap (R's `subbootweights`): multipliers are
  /// counts of n_h - 1 draws per stratum times n_h / (n_h - 1).
  static func raoWu(_ layout: PSUReplicates.Layout, replicates: Int, seed: UInt64) throws(VarianceError)
    -> PSUReplicates
  {
    try check(replicates, method: "subbootstrap")
    for (stratum, units) in layout.unitsOfStratum.enumerated() where units.count < 2 {
      throw VarianceError(
        message: "subbootstrap needs at least 2 PSUs in every stratum; stratum \(layout.name(stratum)) has 1")
    }
    var generator = SplitMix64(seed: seed)
    var multipliers: [[Double]] = []
    for _ in 0..<replicates {
      var counts = [Double](repeating: 0, count: layout.unitCount)
      for units in layout.unitsOfStratum {
        for _ in 1..<units.count { counts[units[generator.below(units.count)]] += 1 }
        let rescale = Double(units.count) / Double(units.count - 1)
        for unit in units { counts[unit] *= rescale }
      }
      multipliers.append(counts)
    }
    return PSUReplicates(
      kind: .subbootstrap, multipliers: multipliers, scale: 1 / Double(replicates - 1),
      rscales: Array(repeating: 1, count: replicates))
  }

  private static func check(_ replicates: Int, method: String) throws(VarianceError) {
    guard replicates >= 2 else {
      throw VarianceError(message: "\(method) needs at least 2 replicates; got \(replicates)")
    }
  }
}

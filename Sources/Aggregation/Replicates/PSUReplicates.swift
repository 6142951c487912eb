import SurveyCore

/// Replicates made from a design: one multiplier per first-stage PSU and
/// replicate, with the constants of the variance (see ``ReplicateMethod``).
struct PSUReplicates {
  var kind: ReplicateWeights.Kind
  /// One array per replicate, one multiplier per PSU (in ``Layout`` order).
  var multipliers: [[Double]]
  var scale: Double
  var rscales: [Double]

  /// The first-stage strata and PSUs of a design, both in order of first
  /// appearance in the rows (R's `unique()`).
  struct Layout {
    var unitOfRow: [Int32]
    var unitCount: Int
    var stratumOfUnit: [Int]
    /// The PSUs of each stratum, in order of first appearance.
    var unitsOfStratum: [[Int]]
    var strataLabels: [String]
    /// N_h, the PSUs in the population of each stratum, when the design has a
    /// first-stage population correction.
    var population: [Double]?

    init(_ design: SurveyDesign) {
      let stage = design.stages[0]
      unitOfRow = stage.units
      unitCount = stage.unitCount
      stratumOfUnit = stage.unitStrata.map(Int.init)
      var unitsOfStratum = [[Int]](repeating: [], count: stage.strataCount)
      // Units are numbered in order of first appearance, so each stratum's list is too.
      for (unit, stratum) in stratumOfUnit.enumerated() { unitsOfStratum[stratum].append(unit) }
      self.unitsOfStratum = unitsOfStratum
      strataLabels = stage.strataLabels
      population = stage.populationUnits
    }

    /// The stratum's label quoted for messages.
    func name(_ stratum: Int) -> String { "'\(strataLabels[stratum])'" }

    /// 1 - f_h = (N_h - n_h) / N_h, or 1 without a population correction.
    func correction(_ stratum: Int) -> Double {
      guard let population else { return 1 }
      let sampled = Double(unitsOfStratum[stratum].count)
      return (population[stratum] - sampled) / population[stratum]
    }
  }

  /// Row weights of each replicate: the design weight times the PSU's multiplier.
  func rowWeights(_ weights: [Double], layout: Layout) -> [[Double]] {
    multipliers.map { multiplier in
      zip(weights, layout.unitOfRow).map { weight, unit in weight * multiplier[Int(unit)] }
    }
  }

  /// Degrees of freedom as R's `degf()`: the rank of the matrix of replicate row
  /// weights, less one, computed on PSUs (see ``ReplicateRank``).
  func degreesOfFreedom(_ weights: [Double], layout: Layout) -> Int {
    var squares = [Double](repeating: 0, count: layout.unitCount)
    for (weight, unit) in zip(weights, layout.unitOfRow) { squares[Int(unit)] += weight * weight }
    // One row per PSU: its multipliers times the root of its rows' squared weights.
    let rows = squares.indices.filter { squares[$0] > 0 }.map { unit in
      multipliers.map { $0[unit] * squares[unit].squareRoot() }
    }
    return ReplicateRank.rank(rows: rows, columnCount: multipliers.count) - 1
  }
}

import SurveyCore

extension Crosstab.Tabulation {
  /// The variances of a table's estimates, by statistic and cell, and the full
  /// covariance of the cell proportions (for the tests).
  struct Variances {
    var variance: [Crosstab.Statistic: [Double]]
    var cellCovariance: [[Double]]
  }

  /// Variances from the design's engine: replicate weights, or linearization of
  /// the influence values (see ``Crosstab``), through PSU totals when the variance
  /// comes from the first stage alone and no calibration applies, else through
  /// ``Linearization/covariance(of:design:)`` of influence values row by row.
  func variances(design: SurveyDesign) throws(Crosstab.Error) -> Variances {
    if let replicates = design.replicates { return replicateVariances(replicates) }
    do {
      if design.calibrations.isEmpty, design.stages.count == 1 || design.stages[0].populationUnits == nil {
        return try firstStageVariances(design)
      }
      return try design.lonelyPSU == .average ? rowByRowVariances(design) : countCovarianceVariances(design)
    } catch {
      throw Crosstab.Error(error.message)
    }
  }

  /// The influence of a complete row of cell k with weight w on `statistic` of
  /// `cell` is w (I(k = cell) - centre) / scale when the row is in the statistic's
  /// subset (`inSubset`), else 0: a total has centre 0 and scale 1, a proportion
  /// its estimate and its base (W, T_i+ or T_+j).
  private func linear(_ statistic: Crosstab.Statistic, cell: Int, estimates: [Crosstab.Statistic: [Double]])
    -> (centre: Double, scale: Double)
  {
    let estimate = estimates[statistic]?[cell] ?? .nan
    switch statistic {
    case .count: return (0, 1)
    case .cellProportion: return (estimate, totals.compensatedSum())
    case .rowProportion: return (estimate, rowTotal(cell % r, totals))
    case .columnProportion: return (estimate, columnTotal(cell / r, totals))
    }
  }

  /// Whether a complete row of cell `k` is in the subset of `statistic` for `cell`.
  private func inSubset(_ statistic: Crosstab.Statistic, cell: Int, row k: Int) -> Bool {
    switch statistic {
    case .count, .cellProportion: true
    case .rowProportion: k % r == cell % r
    case .columnProportion: k / r == cell / r
    }
  }

  /// Linearization through PSU totals: with U_uk the total of the weights of cell
  /// k in PSU u, a statistic's PSU total of influence values is
  /// (U_u,cell - centre * (sum of U_uk over its subset's cells)) / scale; their
  /// covariance is the engine's (``Linearization/stratifiedCovariance``), as
  /// R's `onestage` computes it. Only the PSUs with complete rows are listed: the
  /// engine counts a stratum's other sampled PSUs as zero totals.
  private func firstStageVariances(_ design: SurveyDesign) throws(VarianceError) -> Variances {
    let stage = design.stages[0]
    let p = r * c
    // Local numbers for the PSUs and strata of the complete rows, in order of appearance.
    var localUnit = [Int](repeating: -1, count: stage.unitCount)
    var localStratum = [Int](repeating: -1, count: stage.strataCount)
    var strataCodes: [Int] = []
    var unitsOfStratum: [[Int]] = []
    var unitCells: [CompensatedSum] = []
    var cellInStratum: [[Bool]] = []
    for (index, row) in complete.enumerated() {
      let unit = Int(stage.units[row])
      let stratum = Int(stage.strata[row])
      if localStratum[stratum] < 0 {
        localStratum[stratum] = strataCodes.count
        strataCodes.append(stratum)
        unitsOfStratum.append([])
        cellInStratum.append([Bool](repeating: false, count: p))
      }
      if localUnit[unit] < 0 {
        localUnit[unit] = unitCells.count / p
        unitsOfStratum[localStratum[stratum]].append(localUnit[unit])
        unitCells += [CompensatedSum](repeating: CompensatedSum(), count: p)
      }
      unitCells[localUnit[unit] * p + cellOf[index]].add(design.weights[row])
      cellInStratum[localStratum[stratum]][cellOf[index]] = true
    }
    let unitCount = unitCells.count / p
    // The weights of each PSU by row level, by column level and in all.
    let cells = unitCells.map(\.value)
    var unitRows = [Double](repeating: 0, count: unitCount * r)
    var unitColumns = [Double](repeating: 0, count: unitCount * c)
    var unitAll = [Double](repeating: 0, count: unitCount)
    for unit in 0..<unitCount {
      let slice = Array(cells[(unit * p)..<((unit + 1) * p)])
      for a in 0..<r { unitRows[unit * r + a] = rowTotal(a, slice) }
      for b in 0..<c { unitColumns[unit * c + b] = columnTotal(b, slice) }
      unitAll[unit] = slice.compensatedSum()
    }
    // The strata each subset reaches (for the lonely-PSU policies).
    let strata = strataCodes.indices
    let presentRows = (0..<r).map { a in strata.map { s in (0..<c).contains { cellInStratum[s][a + r * $0] } } }
    let presentColumns = (0..<c).map { b in strata.map { s in (0..<r).contains { cellInStratum[s][$0 + r * b] } } }
    let presentAll = strata.map { s in cellInStratum[s].contains(true) }
    let estimates = estimates(totals)
    func covariance(_ statistic: Crosstab.Statistic, diagonalOnly: Bool) throws(VarianceError) -> [[Double]] {
      let forms = (0..<p).map { linear(statistic, cell: $0, estimates: estimates) }
      func base(_ unit: Int, _ cell: Int) -> Double {
        switch statistic {
        case .count, .cellProportion: unitAll[unit]
        case .rowProportion: unitRows[unit * r + cell % r]
        case .columnProportion: unitColumns[unit * c + cell / r]
        }
      }
      let unitTotals = (0..<unitCount).map { unit in
        (0..<p).map { cell in (cells[unit * p + cell] - forms[cell].centre * base(unit, cell)) / forms[cell].scale }
      }
      let present = (0..<p).map { cell in
        switch statistic {
        case .count, .cellProportion: presentAll
        case .rowProportion: presentRows[cell % r]
        case .columnProportion: presentColumns[cell / r]
        }
      }
      let units = Linearization.UnitTotals(
        strata: strataCodes, unitsOfStratum: unitsOfStratum, totals: unitTotals,
        stratumPresent: present)
      return try Linearization.stratifiedCovariance(units, stage: 0, design: design, diagonalOnly: diagonalOnly)
    }
    let cellCovariance = try covariance(.cellProportion, diagonalOnly: false)
    var variance: [Crosstab.Statistic: [Double]] = [.cellProportion: (0..<p).map { cellCovariance[$0][$0] }]
    for statistic in [Crosstab.Statistic.count, .rowProportion, .columnProportion] {
      let matrix = try covariance(statistic, diagonalOnly: true)
      variance[statistic] = (0..<p).map { matrix[$0][$0] }
    }
    return Variances(variance: variance, cellCovariance: cellCovariance)
  }

  /// The influence values of `statistic` for `cells`, one per row of the design.
  private func influences(
    _ statistic: Crosstab.Statistic, cells: Range<Int>, design: SurveyDesign,
    estimates: [Crosstab.Statistic: [Double]]
  ) -> [Influence] {
    cells.map { cell in
      let form = linear(statistic, cell: cell, estimates: estimates)
      var values = [Double](repeating: 0, count: design.rowCount)
      var present = [Bool](repeating: false, count: design.rowCount)
      for (index, row) in complete.enumerated() where inSubset(statistic, cell: cell, row: cellOf[index]) {
        let indicator = cellOf[index] == cell ? 1.0 : 0.0
        values[row] = design.weights[row] * (indicator - form.centre) / form.scale
        present[row] = true
      }
      return Influence(values: values, present: present)
    }
  }

  /// Linearization through the covariance V_T of the counts, for calibrated
  /// designs (residuals of the calibration) and multistage variances: every
  /// statistic's influence values are a linear combination of the cells' w I_k,
  /// with coefficients a_k = (I(k = cell) - centre) / scale over its subset, and
  /// the engine is linear in them, so its variance is a' V_T a (the delta method
  /// on the totals). Exact for every lonely-PSU policy but `average`, whose
  /// scaling depends on each statistic's own subset.
  private func countCovarianceVariances(_ design: SurveyDesign) throws(VarianceError) -> Variances {
    let p = r * c
    let estimates = estimates(totals)
    let counts = try Linearization.covariance(
      of: influences(.count, cells: 0..<p, design: design, estimates: estimates), design: design)
    func coefficients(_ statistic: Crosstab.Statistic) -> [[Double]] {
      (0..<p).map { cell in
        let form = linear(statistic, cell: cell, estimates: estimates)
        return (0..<p).map { k in
          inSubset(statistic, cell: cell, row: k) ? ((k == cell ? 1 : 0) - form.centre) / form.scale : 0
        }
      }
    }
    // A V_T A' for the cell proportions, a' V_T a for the others.
    let shares = coefficients(.cellProportion)
    let product = (0..<p).map { i in
      (0..<p).map { j in (0..<p).map { counts[i][$0] * shares[j][$0] }.compensatedSum() }
    }
    let cellCovariance = (0..<p).map { i in
      (0..<p).map { j in (0..<p).map { shares[i][$0] * product[$0][j] }.compensatedSum() }
    }
    var variance: [Crosstab.Statistic: [Double]] = [
      .count: (0..<p).map { counts[$0][$0] }, .cellProportion: (0..<p).map { cellCovariance[$0][$0] },
    ]
    for statistic in [Crosstab.Statistic.rowProportion, .columnProportion] {
      variance[statistic] = coefficients(statistic).map { a in
        (0..<p).flatMap { i in (0..<p).map { a[i] * counts[i][$0] * a[$0] } }.compensatedSum()
      }
    }
    return Variances(variance: variance, cellCovariance: cellCovariance)
  }

  /// Linearization with each statistic's influence values row by row, for the
  /// `average` lonely-PSU policy on calibrated or multistage designs. Columns go to
  /// the engine a few at a time to bound memory.
  private func rowByRowVariances(_ design: SurveyDesign) throws(VarianceError) -> Variances {
    let p = r * c
    let estimates = estimates(totals)
    let cellCovariance = try Linearization.covariance(
      of: influences(.cellProportion, cells: 0..<p, design: design, estimates: estimates), design: design)
    var variance: [Crosstab.Statistic: [Double]] = [.cellProportion: (0..<p).map { cellCovariance[$0][$0] }]
    let batch = 8
    for statistic in [Crosstab.Statistic.count, .rowProportion, .columnProportion] {
      var diagonal: [Double] = []
      for start in stride(from: 0, to: p, by: batch) {
        let cells = start..<min(p, start + batch)
        let matrix = try Linearization.covariance(
          of: influences(statistic, cells: cells, design: design, estimates: estimates), design: design)
        diagonal += matrix.indices.map { matrix[$0][$0] }
      }
      variance[statistic] = diagonal
    }
    return Variances(variance: variance, cellCovariance: cellCovariance)
  }

  /// Replicate variances: each replicate's cell totals give its estimates, and
  /// v = scale * sum over r of rscale_r (theta_r - centre)^2 (``Replication``);
  /// replicates in which an estimate is 0/0 are left out for it, and for the
  /// covariance of the cell proportions those with any (R's `svrVar`).
  private func replicateVariances(_ replicates: ReplicateWeights) -> Variances {
    let p = r * c
    let full = estimates(totals)
    let perReplicate = replicates.weights.map { weights in
      var sums = [CompensatedSum](repeating: CompensatedSum(), count: p)
      for (index, row) in complete.enumerated() { sums[cellOf[index]].add(weights[row]) }
      return estimates(sums.map(\.value))
    }
    var variance: [Crosstab.Statistic: [Double]] = [:]
    for statistic in Crosstab.Statistic.allCases {
      let fullValues = full[statistic] ?? []
      variance[statistic] = (0..<p).map { cell in
        Replication.combine(
          perReplicate.map { $0[statistic]?[cell] ?? .nan }, full: fullValues[cell], replicates: replicates)
      }
    }
    let thetas = perReplicate.map { $0[.cellProportion] ?? [] }
    let kept = thetas.indices.filter { index in !thetas[index].contains { $0.isNaN } }
    let fullCells = full[.cellProportion] ?? []
    let centre = (0..<p).map { cell in
      replicates.mse ? fullCells[cell] : kept.map { thetas[$0][cell] }.compensatedSum() / Double(kept.count)
    }
    var covariance = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
    for i in 0..<p {
      for j in i..<p {
        let sum = kept.map { replicates.rscales[$0] * (thetas[$0][i] - centre[i]) * (thetas[$0][j] - centre[j]) }
        covariance[i][j] = replicates.scale * sum.compensatedSum()
        covariance[j][i] = covariance[i][j]
      }
    }
    return Variances(variance: variance, cellCovariance: covariance)
  }
}

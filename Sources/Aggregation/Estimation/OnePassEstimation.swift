import SurveyCore

/// Means, totals, proportions and ratios for all statistics and domains of a
/// request in two passes over the rows, whatever their number: the first pass
/// accumulates each (statistic, domain)'s weighted totals, the second the totals
/// of its influence values per primary sampling unit (and the weighted squares
/// for the design effects). The per-stratum variance of those PSU totals is the
/// same code as the general engine's (``Linearization``), so the results are the
/// same numbers; only the bookkeeping differs.
///
/// It serves designs whose variance comes from the first stage alone (one stage,
/// or no finite population correction at the first stage), with few PSUs
/// relative to rows, no calibration and no replicate weights; ``Estimation``
/// sends every other request to the general path.
enum OnePassEstimation {
  static func isApplicable(to design: SurveyDesign) -> Bool {
    design.calibrations.isEmpty && design.replicates == nil
      && (design.stages.count == 1 || design.stages[0].populationUnits == nil)
      && design.stages[0].unitCount * 2 <= design.rowCount
  }

  /// One (statistic, domain) column's running sums.
  private struct Column {
    var weight = CompensatedSum()
    var weightedX = CompensatedSum()
    var weightedDenominator = CompensatedSum()
    var count = 0
    var nonzero = 0
    var missing = 0
    var estimate = 0.0
    var squares = CompensatedSum()
  }

  static func estimate(
    _ targets: [Target], domains: Domains, overall: Bool, design: SurveyDesign, request: EstimationRequest
  ) throws(EstimationError) -> [EstimateRow] {
    let weights = design.weights
    let stage = design.stages[0]
    let domainCount = domains.labels.count + (overall ? 1 : 0)
    let overallIndex = domains.labels.count
    let columnCount = targets.count * domainCount
    var columns = [Column](repeating: Column(), count: columnCount)
    var present = [Bool](repeating: false, count: columnCount * stage.strataCount)

    // Pass 1: weighted totals and counts per (target, domain).
    for row in 0..<design.rowCount {
      let domain = Int(domains.index[row])
      let inOverall = overall && domains.inSubset[row]
      if domain < 0, !inOverall { continue }
      let w = weights[row]
      let stratum = Int(stage.strata[row])
      for (t, target) in targets.enumerated() {
        let absent = target.xMissing[row] || (!target.denominatorMissing.isEmpty && target.denominatorMissing[row])
        for d in [domain, inOverall ? overallIndex : -1] where d >= 0 {
          let k = t * domainCount + d
          if absent {
            columns[k].missing += 1
            continue
          }
          columns[k].count += 1
          if w != 0 { columns[k].nonzero += 1 }
          columns[k].weight.add(w)
          columns[k].weightedX.add(w * target.x[row])
          if case .ratio = target.kind { columns[k].weightedDenominator.add(w * target.denominator[row]) }
          present[k * stage.strataCount + stratum] = true
        }
      }
    }
    for (t, target) in targets.enumerated() {
      for d in 0..<domainCount {
        let k = t * domainCount + d
        switch target.kind {
        case .mean: columns[k].estimate = columns[k].weightedX.value / columns[k].weight.value
        case .ratio: columns[k].estimate = columns[k].weightedX.value / columns[k].weightedDenominator.value
        case .total, .quantile: columns[k].estimate = columns[k].weightedX.value
        }
      }
    }

    // Pass 2: influence totals per PSU, and squares for the design effects.
    var unitTotals = [CompensatedSum](repeating: CompensatedSum(), count: stage.unitCount * columnCount)
    for row in 0..<design.rowCount {
      let domain = Int(domains.index[row])
      let inOverall = overall && domains.inSubset[row]
      if domain < 0, !inOverall { continue }
      let w = weights[row]
      let unit = Int(stage.units[row])
      for (t, target) in targets.enumerated() {
        if target.xMissing[row] || (!target.denominatorMissing.isEmpty && target.denominatorMissing[row]) { continue }
        let x = target.x[row]
        for d in [domain, inOverall ? overallIndex : -1] where d >= 0 {
          let k = t * domainCount + d
          let column = columns[k]
          let z: Double
          let u: Double
          switch target.kind {
          case .mean:
            z = w * (x - column.estimate) / column.weight.value
            u = x - column.weightedX.value / column.weight.value
          case .ratio:
            let denominator = column.weightedDenominator.value
            z = w * (x - column.estimate * target.denominator[row]) / denominator
            u = (x - column.estimate * target.denominator[row]) / denominator
          case .total, .quantile:
            z = w * x
            u = x - column.weightedX.value / column.weight.value
          }
          unitTotals[unit * columnCount + k].add(z)
          columns[k].squares.add(w * u * u)
        }
      }
    }

    // Variances from the PSU totals, stratum by stratum.
    var unitsOfStratum = [[Int]](repeating: [], count: stage.strataCount)
    var seen = [Bool](repeating: false, count: stage.unitCount)
    for row in 0..<design.rowCount where !seen[Int(stage.units[row])] {
      seen[Int(stage.units[row])] = true
      unitsOfStratum[Int(stage.strata[row])].append(Int(stage.units[row]))
    }
    let totals = (0..<stage.unitCount).map { unit in
      (0..<columnCount).map { unitTotals[unit * columnCount + $0].value }
    }
    let stratumPresent = (0..<columnCount).map { k in
      (0..<stage.strataCount).map { present[k * stage.strataCount + $0] }
    }
    let variances: [[Double]]
    do {
      variances = try Linearization.stratifiedCovariance(
        Linearization.UnitTotals(
          strata: Array(0..<stage.strataCount), unitsOfStratum: unitsOfStratum, totals: totals,
          stratumPresent: stratumPresent),
        stage: 0, design: design, diagonalOnly: true)
    } catch {
      throw EstimationError(message: error.message)
    }

    var rows: [EstimateRow] = []
    let df = design.degreesOfFreedom
    for (t, target) in targets.enumerated() {
      for d in 0..<domainCount {
        let k = t * domainCount + d
        let column = columns[k]
        let variance = variances[k][k]
        let se = variance.squareRoot()
        let method = target.statistic == "proportion" ? request.interval : .wald
        var domainRows = 0
        var domainDF = Double(df)
        if method == .beta {
          (domainRows, domainDF) =
            d == overallIndex
            ? (domains.inSubset.filter { $0 }.count, Double(df)) : domains.rowsAndDegreesOfFreedom(d, design: design)
        }
        let interval = Intervals.interval(
          estimate: column.estimate, se: se, df: Double(df), level: request.level, method: method, n: column.count,
          domainRows: domainRows, domainDF: domainDF)
        let (deff, deffReplace) = designEffects(target: target, column: column, variance: variance)
        rows.append(
          EstimateRow(
            statistic: target.statistic, variable: target.variable, level: target.level,
            domain: d == overallIndex ? [] : domains.labels[d], estimate: column.estimate, se: se,
            ciLow: interval.low, ciHigh: interval.high, deff: deff, deffReplace: deffReplace, df: df, n: column.count,
            nMissing: column.missing))
      }
    }
    return rows
  }

  /// The design effects of ``Target/designEffects(variance:weights:present:estimate:)``,
  /// from the column's sums.
  private static func designEffects(target: Target, column: Column, variance: Double) -> (Double?, Double?) {
    let n = Double(column.nonzero)
    guard column.nonzero > 0 else { return (nil, nil) }
    let psum = column.weight.value
    let s2 = n / (n - 1) * column.squares.value / psum
    switch target.kind {
    case .mean:
      let without = psum < n ? Double.nan : s2 * (psum - n) / (psum * n)
      return (variance / without, variance / (s2 / n))
    case .total, .ratio:
      return (variance / (s2 * psum * psum * (psum - n) / (psum * n)), variance / (s2 * psum * psum / n))
    case .quantile:
      return (nil, nil)
    }
  }
}

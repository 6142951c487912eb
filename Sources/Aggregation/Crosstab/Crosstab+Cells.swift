import SurveyCore

extension Crosstab.Tabulation {
  /// The table's rows: counts, cell and row proportions row by row, then column
  /// proportions column by column (see ``Crosstab``).
  func cells(
    _ variances: Variances, design: SurveyDesign, level: Double, interval method: EstimationRequest.IntervalMethod
  ) -> [Crosstab.Cell] {
    let estimates = estimates(totals)
    let df = design.degreesOfFreedom
    let whole = totals.compensatedSum()
    let nonzeroAll = nonzero.reduce(0, +)
    var order: [(Crosstab.Statistic, Int)] = []
    for statistic in [Crosstab.Statistic.count, .cellProportion, .rowProportion] {
      for a in 0..<r {
        for b in 0..<c { order.append((statistic, a + r * b)) }
      }
    }
    for b in 0..<c {
      for a in 0..<r { order.append((.columnProportion, a + r * b)) }
    }
    return order.map { statistic, k in
      let a = k % r
      let b = k / r
      let estimate = estimates[statistic]?[k] ?? .nan
      let variance = variances.variance[statistic]?[k] ?? .nan
      let se = variance.squareRoot()
      // The subset's weight, rows with a non-zero weight, and missing rows.
      let base: (weight: Double, nonzero: Int, missing: Int)
      switch statistic {
      case .count, .cellProportion:
        base = (whole, nonzeroAll, missing)
      case .rowProportion:
        base = (rowTotal(a, totals), (0..<c).map { nonzero[a + r * $0] }.reduce(0, +), missingInRow[a])
      case .columnProportion:
        base = (columnTotal(b, totals), (0..<r).map { nonzero[$0 + r * b] }.reduce(0, +), missingInColumn[b])
      }
      let share = statistic == .count ? estimates[.cellProportion]?[k] ?? .nan : estimate
      // Korn-Graubard's interval uses the rows and degrees of freedom of the subset the
      // share is taken over, as R's svyciprop() on that subset: the same as `estimate`'s.
      var subset = (rows: 0, df: Double(df))
      if method == .beta, statistic != .count {
        let levels: (row: Int?, column: Int?) =
          switch statistic {
          case .rowProportion: (rowLevels[a], nil)
          case .columnProportion: (nil, columnLevels[b])
          case .count, .cellProportion: (nil, nil)
          }
        subset = rowsAndDegreesOfFreedom(row: levels.row, column: levels.column, design: design)
      }
      let interval = Intervals.interval(
        estimate: estimate, se: se, df: Double(df), level: level, method: statistic == .count ? .wald : method,
        n: counts[k], domainRows: subset.rows, domainDF: subset.df)
      return Crosstab.Cell(
        statistic: statistic, rowLevel: rowFactor.levels[rowLevels[a]],
        columnLevel: columnFactor.levels[columnLevels[b]], domain: domain, estimate: estimate, se: se,
        ciLow: interval.low, ciHigh: interval.high,
        deff: Self.designEffect(
          variance: variance, total: statistic == .count, weight: base.weight, n: base.nonzero, share: share),
        df: df, n: counts[k], nMissing: base.missing)
    }
  }

  /// R's `deff = TRUE` for the mean (or total) of an indicator with weighted mean
  /// `share` over a subset of weight N and n rows with a non-zero weight:
  /// s2 = n / (n - 1) share (1 - share), V_srs = s2 (N - n) / (N n) for a mean
  /// and N^2 times that for a total (Kish 1965; see ``Estimation``).
  static func designEffect(variance: Double, total: Bool, weight: Double, n: Int, share: Double) -> Double? {
    guard n > 0 else { return nil }
    let count = Double(n)
    let s2 = count / (count - 1) * share * (1 - share)
    if total { return variance / (s2 * weight * weight * (weight - count) / (weight * count)) }
    return weight < count ? .nan : variance / (s2 * (weight - count) / (weight * count))
  }

  /// The rows of the domain (with the row or column variable at a level, when given) and
  /// their degrees of freedom, PSUs minus strata among those with a non-zero weight: R's
  /// `nrow()` and `degf()` of that subset, as ``Domains`` gives them for estimates. A
  /// calibrated design keeps every row in R's subset.
  func rowsAndDegreesOfFreedom(row: Int?, column: Int?, design: SurveyDesign) -> (rows: Int, df: Double) {
    let inSubset = members.filter { member in
      (row.map { rowFactor.codes[member] == $0 } ?? true) && (column.map { columnFactor.codes[member] == $0 } ?? true)
    }
    if let replicates = design.replicates {
      // As for estimates: the rank of the subset's replicate weights, minus one.
      var mask = [Bool](repeating: false, count: design.rowCount)
      for member in inSubset { mask[member] = true }
      return (inSubset.count, Double(ReplicateRank.degreesOfFreedom(replicates, rows: mask)))
    }
    var rows = 0
    var units = Set<Int32>()
    var strata = Set<Int32>()
    let stage = design.stages[0]
    for member in inSubset {
      rows += 1
      if design.weights[member] != 0 {
        units.insert(stage.units[member])
        strata.insert(stage.strata[member])
      }
    }
    return (design.calibrations.isEmpty ? rows : design.rowCount, Double(units.count - strata.count))
  }
}

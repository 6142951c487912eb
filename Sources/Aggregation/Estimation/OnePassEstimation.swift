import Dispatch
import SurveyCore
import Synchronization

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
    let stage = design.stages[0]
    let domainCount = domains.labels.count + (overall ? 1 : 0)
    let overallIndex = domains.labels.count
    let columnCount = targets.count * domainCount
    var columns = [Column](repeating: Column(), count: columnCount)
    var present = [Bool](repeating: false, count: columnCount * stage.strataCount)

    // Each target is independent: its two passes run on one worker, over its own
    // columns and PSU totals, so the results do not depend on thread timing.
    let strataCount = stage.strataCount
    let unitCount = stage.unitCount
    let results = TargetResults(count: targets.count)
    let unitStratum = stage.unitStrata
    // A coded target whose (cell, code) bins would outnumber the rows is read as
    // doubles instead: its bins would cost more than its rows.
    let cellCount = unitCount * (domains.labels.count + 1)
    let targets = targets.map { target in
      guard let coded = target.coded, cellCount * coded.values.count > max(design.rowCount, 4096) else { return target }
      return target.materialized()
    }
    let work = workItems(targets)
    let cellOfRow = cells(of: domains, overall: overall, design: design)
    DispatchQueue.concurrentPerform(iterations: work.count) { item in
      let group = work[item].map { targets[$0] }
      let sums =
        group[0].coded == nil
        ? [rowCells(group[0], cellOfRow: cellOfRow, slots: domains.labels.count + 1, design: design)]
        : codedCells(group, cellOfRow: cellOfRow, slots: domains.labels.count + 1, design: design)
      for (t, (target, sum)) in zip(work[item], zip(group, sums)) {
        let result = summarize(
          target, sums: sum, domains: domains, overallIndex: overallIndex, domainCount: domainCount, design: design,
          unitStratum: unitStratum)
        results.store(result, at: t)
      }
    }
    var unitTotals = [Double](repeating: 0, count: unitCount * columnCount)
    for t in targets.indices {
      let result = results.load(t)
      for d in 0..<domainCount {
        let k = t * domainCount + d
        columns[k] = result.columns[d]
        for stratum in 0..<strataCount {
          present[k * strataCount + stratum] = result.present[d * strataCount + stratum]
        }
        for unit in 0..<unitCount { unitTotals[unit * columnCount + k] = result.unitTotals[unit * domainCount + d] }
      }
    }

    // Variances from the PSU totals, stratum by stratum (units are numbered in
    // order of first appearance, so each stratum lists its units in that order).
    var unitsOfStratum = [[Int]](repeating: [], count: stage.strataCount)
    for (unit, stratum) in stage.unitStrata.enumerated() { unitsOfStratum[Int(stratum)].append(unit) }
    let totals = (0..<stage.unitCount).map { unit in
      Array(unitTotals[(unit * columnCount)..<((unit + 1) * columnCount)])
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

  /// What the two passes give for one target: its columns (one per domain), where
  /// its subsets reach (domain x stratum) and its PSU totals (unit x domain).
  private struct PassResult {
    var columns: [Column]
    var present: [Bool]
    var unitTotals: [Double]
  }

  /// Results written by concurrent workers, one slot each: each slot is written by
  /// exactly one worker (its target's index) and read after `concurrentPerform`
  /// has returned.
  private final class TargetResults: Sendable {
    private let slots: Mutex<[UncheckedResult?]>

    /// A result carried across threads; it is made and then only read.
    struct UncheckedResult: @unchecked Sendable {
      // @unchecked Sendable: PassResult holds arrays of plain values only (Column's
      // compensated sums are structs of Doubles); it is never mutated once stored.
      let value: PassResult
    }

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func store(_ result: PassResult, at index: Int) {
      slots.withLock { $0[index] = UncheckedResult(value: result) }
    }

    func load(_ index: Int) -> PassResult {
      guard let result = slots.withLock({ $0[index] }) else {
        preconditionFailure("target \(index) has no result: every worker stores one")
      }
      return result.value
    }
  }

  /// The targets in groups that one worker handles together: an uncoded target
  /// alone, the coded targets of one variable together (one pass over the rows
  /// makes the sums of them all).
  private static func workItems(_ targets: [Target]) -> [[Int]] {
    var items: [[Int]] = []
    var itemOfSource: [String: Int] = [:]
    for (t, target) in targets.enumerated() {
      if let coded = target.coded {
        if let item = itemOfSource[coded.source] {
          items[item].append(t)
          continue
        }
        itemOfSource[coded.source] = items.count
      }
      items.append([t])
    }
    return items
  }

  /// A target's columns (one per domain, then the overall one), where its subsets
  /// reach and its PSU totals, from its cell sums: they follow exactly, being
  /// linear in the cell sums. For a mean over domain d with total weight W and
  /// estimate m, the PSU total of w (x - m) / W is
  /// (sum of w (x - c) - (m - c) sum of w) / W over the PSU's part of d, where c
  /// is a provisional centre (the mean of the first values) that keeps the
  /// subtraction free of cancellation. The overall column sums the domains' cells
  /// (and the rows of the subset that have no domain).
  private static func summarize(
    _ target: Target, sums: CellSums, domains: Domains, overallIndex: Int, domainCount: Int, design: SurveyDesign,
    unitStratum: [Int32]
  ) -> PassResult {
    let stage = design.stages[0]
    let strataCount = stage.strataCount
    let slots = domains.labels.count + 1
    let cells = sums.cells
    let centre = sums.centre
    let isRatio: Bool
    if case .ratio = target.kind { isRatio = true } else { isRatio = false }
    // Columns: each domain, then the overall one (all slots).
    func slotsOf(_ d: Int) -> [Int] { d == overallIndex ? Array(0..<slots) : [d] }
    var columns = [Column](repeating: Column(), count: domainCount)
    var present = [Bool](repeating: false, count: domainCount * strataCount)
    var unitTotals = [Double](repeating: 0, count: stage.unitCount * domainCount)
    for d in 0..<domainCount {
      let members = slotsOf(d)
      var weight = CompensatedSum()
      var sumX = CompensatedSum()
      var sumXX = CompensatedSum()
      var sumDen = CompensatedSum()
      var sumXDen = CompensatedSum()
      var sumDenSquared = CompensatedSum()
      var count = 0
      var low = Double.infinity
      var high = -Double.infinity
      for unit in 0..<stage.unitCount {
        for slot in members {
          let cell = cells[unit * slots + slot]
          guard cell.count > 0 else { continue }
          count += Int(cell.count)
          low = min(low, cell.low)
          high = max(high, cell.high)
          present[d * strataCount + Int(unitStratum[unit])] = true
          weight.add(cell.weight.value)
          sumX.add(cell.x.value)
          sumXX.add(cell.xx.value)
          sumDen.add(cell.denominator.value)
          sumXDen.add(cell.xDenominator.value)
          sumDenSquared.add(cell.denominatorSquared.value)
        }
      }
      // A constant variable has deviations exactly zero, as R computes them.
      let constant = low == high && !isRatio
      var column = Column()
      column.count = count
      column.nonzero = members.map { sums.nonzero[$0] }.reduce(0, +)
      column.missing = members.map { sums.missing[$0] }.reduce(0, +)
      column.weight = weight
      let totalWeight = weight.value
      let shift = sumX.value / totalWeight  // mean minus the centre
      switch target.kind {
      case .mean:
        column.estimate = centre + shift
      case .ratio:
        column.estimate = sumX.value / sumDen.value
      case .total, .quantile:
        column.estimate = sumX.value + centre * totalWeight
      }
      // PSU totals of the influence values.
      for unit in 0..<stage.unitCount {
        var cellWeight = CompensatedSum()
        var cellX = CompensatedSum()
        var cellDen = CompensatedSum()
        for slot in members {
          let cell = cells[unit * slots + slot]
          cellWeight.add(cell.weight.value)
          cellX.add(cell.x.value)
          cellDen.add(cell.denominator.value)
        }
        let total: Double
        switch target.kind {
        case .mean: total = constant ? 0 : (cellX.value - shift * cellWeight.value) / totalWeight
        case .ratio: total = (cellX.value - column.estimate * cellDen.value) / sumDen.value
        case .total, .quantile: total = cellX.value + centre * cellWeight.value
        }
        unitTotals[unit * domainCount + d] = total
      }
      // Sum of w (u - mean u)^2 for the design effects, from the same sums.
      var squares = CompensatedSum()
      switch target.kind {
      case .mean, .total, .quantile:
        // sum w (x - m)^2 = sum w (x - c)^2 - W (m - c)^2
        if !constant {
          squares.add(sumXX.value)
          squares.add(-totalWeight * shift * shift)
        }
      case .ratio:
        // r = (x - R d) / D; sum w r^2 - (sum w r)^2 / W, with sum w r = 0 up to rounding.
        let r = column.estimate
        let scale = sumDen.value * sumDen.value
        squares.add(sumXX.value / scale)
        squares.add(-2 * r * sumXDen.value / scale)
        squares.add(r * r * sumDenSquared.value / scale)
      }
      column.squares = squares
      columns[d] = column
    }
    return PassResult(columns: columns, present: present, unitTotals: unitTotals)
  }

  /// The design effects (``DesignEffect``) from the column's sums.
  private static func designEffects(target: Target, column: Column, variance: Double) -> (Double?, Double?) {
    DesignEffect.both(
      kind: target.kind, variance: variance, n: column.nonzero, weightSum: column.weight.value,
      squares: column.squares.value)
  }

}

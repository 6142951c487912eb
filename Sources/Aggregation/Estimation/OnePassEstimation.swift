import Dispatch
import Foundation
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

    // Each target is independent: its two passes run on one worker, over its own
    // columns and PSU totals, so the results do not depend on thread timing.
    let strataCount = stage.strataCount
    let unitCount = stage.unitCount
    let results = TargetResults(count: targets.count)
    DispatchQueue.concurrentPerform(iterations: targets.count) { t in
      let result = passes(
        targets[t], domains: domains, overall: overall, overallIndex: overallIndex, domainCount: domainCount,
        design: design)
      results.store(result, at: t)
    }
    var unitTotals = [Double](repeating: 0, count: unitCount * columnCount)
    for t in targets.indices {
      let result = results.load(t)
      for d in 0..<domainCount {
        let k = t * domainCount + d
        columns[k] = result.columns[d]
        for stratum in 0..<strataCount { present[k * strataCount + stratum] = result.present[d * strataCount + stratum] }
        for unit in 0..<unitCount { unitTotals[unit * columnCount + k] = result.unitTotals[unit * domainCount + d] }
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

  /// Results written by concurrent workers, one slot each.
  ///
  /// @unchecked Sendable: each slot is written by exactly one worker (its target's
  /// index) and read only after `concurrentPerform` has returned; the lock keeps
  /// the array's storage consistent while slots are written.
  private final class TargetResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [PassResult?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: PassResult, at index: Int) {
      lock.lock()
      slots[index] = result
      lock.unlock()
    }

    func load(_ index: Int) -> PassResult {
      lock.lock()
      defer { lock.unlock() }
      return slots[index].unsafelyUnwrapped
    }
  }

  /// Pass 1 (weighted totals and counts per domain) and pass 2 (influence totals
  /// per PSU, squares for the design effects) for one target.
  private static func passes(
    _ target: Target, domains: Domains, overall: Bool, overallIndex: Int, domainCount: Int, design: SurveyDesign
  ) -> PassResult {
    let stage = design.stages[0]
    let strataCount = stage.strataCount
    var columns = [Column](repeating: Column(), count: domainCount)
    var present = [Bool](repeating: false, count: domainCount * strataCount)
    var sums = [CompensatedSum](repeating: CompensatedSum(), count: stage.unitCount * domainCount)
    let kind: UInt8
    switch target.kind {
    case .mean: kind = 1
    case .ratio: kind = 2
    default: kind = 0
    }
    let hasDenominator = !target.denominatorMissing.isEmpty
    target.x.withUnsafeBufferPointer { x in
      target.xMissing.withUnsafeBufferPointer { xMissing in
        target.denominator.withUnsafeBufferPointer { den in
          target.denominatorMissing.withUnsafeBufferPointer { denMissing in
            design.weights.withUnsafeBufferPointer { w in
              domains.index.withUnsafeBufferPointer { index in
                domains.inSubset.withUnsafeBufferPointer { inSubset in
                  stage.strata.withUnsafeBufferPointer { strata in
                    stage.units.withUnsafeBufferPointer { units in
                      for row in 0..<x.count {
                        let domain = Int(index[row])
                        let second = overall && inSubset[row] ? overallIndex : -1
                        if domain < 0, second < 0 { continue }
                        let absent = xMissing[row] || (hasDenominator && denMissing[row])
                        let weight = w[row]
                        var d = domain < 0 ? second : domain
                        while d >= 0 {
                          if absent {
                            columns[d].missing += 1
                          } else {
                            columns[d].count += 1
                            if weight != 0 { columns[d].nonzero += 1 }
                            columns[d].weight.add(weight)
                            columns[d].weightedX.add(weight * x[row])
                            if kind == 2 { columns[d].weightedDenominator.add(weight * den[row]) }
                            present[d * strataCount + Int(strata[row])] = true
                          }
                          d = d == domain ? second : -1
                        }
                      }
                      for d in 0..<domainCount {
                        switch kind {
                        case 1: columns[d].estimate = columns[d].weightedX.value / columns[d].weight.value
                        case 2: columns[d].estimate = columns[d].weightedX.value / columns[d].weightedDenominator.value
                        default: columns[d].estimate = columns[d].weightedX.value
                        }
                      }
                      let weightTotals = columns.map(\.weight.value)
                      let meansOfX = columns.map { $0.weightedX.value / $0.weight.value }
                      let denominatorTotals = columns.map(\.weightedDenominator.value)
                      let estimates = columns.map(\.estimate)
                      for row in 0..<x.count {
                        let domain = Int(index[row])
                        let second = overall && inSubset[row] ? overallIndex : -1
                        if domain < 0, second < 0 { continue }
                        if xMissing[row] || (hasDenominator && denMissing[row]) { continue }
                        let weight = w[row]
                        let value = x[row]
                        let unit = Int(units[row]) * domainCount
                        var d = domain < 0 ? second : domain
                        while d >= 0 {
                          let z: Double
                          let u: Double
                          switch kind {
                          case 1:
                            z = weight * (value - estimates[d]) / weightTotals[d]
                            u = value - meansOfX[d]
                          case 2:
                            let residual = (value - estimates[d] * den[row]) / denominatorTotals[d]
                            z = weight * residual
                            u = residual
                          default:
                            z = weight * value
                            u = value - meansOfX[d]
                          }
                          sums[unit + d].add(z)
                          columns[d].squares.add(weight * u * u)
                          d = d == domain ? second : -1
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return PassResult(columns: columns, present: present, unitTotals: sums.map(\.value))
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

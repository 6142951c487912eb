import SurveyCore

/// Design-based variance by Taylor linearization: the covariance of influence
/// totals under the design, R's `svyrecvar` (Lumley 2010, appendix C).
///
/// For each stage, each stratum h with n_h sampled units, the units' totals t_u of
/// the influence values contribute
///     f_h * n_h / (n_h - 1) * sum over u of (t_u - mean of t)(t_u - mean of t)'
/// where f_h = 1 - n_h / N_h with a finite population correction and 1 without.
/// A stratum with f_h < 1e-7 (all units taken) contributes nothing. With a
/// correction at the first stage and several stages, each first-stage unit adds
/// n_h / N_h times the variance of the next stage within it (the multistage sum).
/// Calibrations of the weights replace the influence values by their residuals
/// first. A stratum with a single unit follows the design's lonely-PSU policy:
/// `fail` stops, `remove` and `certainty` add nothing, `adjust` adds f_h t_u t_u'
/// (deviations from zero), `average` leaves the stratum out and scales the sum
/// by (strata present) / (strata with several units present).
///
/// Sums of many terms are compensated; results do not depend on thread timing.
public enum Linearization {
  /// The variance of one statistic.
  public static func variance(of influence: Influence, design: SurveyDesign) throws(VarianceError) -> Double {
    try covariance(of: [influence], design: design)[0][0]
  }

  /// The covariance matrix of several statistics.
  public static func covariance(of influences: [Influence], design: SurveyDesign) throws(VarianceError) -> [[Double]] {
    var columns = influences.map(\.values)
    for calibration in design.calibrations {
      for index in columns.indices { calibration.replaceByResiduals(&columns[index]) }
    }
    let present = influences.map(\.present)
    return try multistage(
      rows: nil, stage: 0, columns: columns, present: present, design: design)
  }

  /// Stage `stage` over `rows` (all rows when `nil`), then the later stages.
  private static func multistage(
    rows: [Int]?, stage: Int, columns: [[Double]], present: [[Bool]], design: SurveyDesign
  ) throws(VarianceError) -> [[Double]] {
    var result = try oneStage(rows: rows, stage: stage, columns: columns, present: present, design: design)
    let current = design.stages[stage]
    guard stage + 1 < design.stages.count, let population = current.populationUnits else { return result }
    // Rows of each unit of this stage, in order of first appearance.
    var order: [Int32] = []
    var members: [Int32: [Int]] = [:]
    for row in rows ?? Array(0..<design.rowCount) {
      let unit = current.units[row]
      if members[unit] == nil { order.append(unit) }
      members[unit, default: []].append(row)
    }
    for unit in order {
      guard let unitRows = members[unit], let first = unitRows.first else { continue }
      let stratum = Int(current.strata[first])
      let fraction = Double(current.sampledUnits[stratum]) / population[stratum]
      guard fraction > 0, fraction.isFinite else { continue }
      let inner = try multistage(
        rows: unitRows, stage: stage + 1, columns: columns, present: present, design: design)
      for i in result.indices {
        for j in result.indices { result[i][j] += inner[i][j] * fraction }
      }
    }
    return result
  }

  /// R's `onestage`: the sum over strata of `onestrat`, with the lonely-PSU policy.
  private static func oneStage(
    rows: [Int]?, stage: Int, columns: [[Double]], present: [[Bool]], design: SurveyDesign
  ) throws(VarianceError) -> [[Double]] {
    let current = design.stages[stage]
    let p = columns.count
    // Local unit index for the units among `rows`, and their totals.
    var unitIndex: [Int32: Int] = [:]
    var unitStratum: [Int] = []
    var totals: [[CompensatedSum]] = []
    var stratumPresent = [[Bool]](repeating: [], count: p)
    var strataSeen: [Int: Int] = [:]
    var strataOrder: [Int] = []
    func visit(_ row: Int) {
      let unit = current.units[row]
      let stratum = Int(current.strata[row])
      let local: Int
      if let known = unitIndex[unit] {
        local = known
      } else {
        local = unitStratum.count
        unitIndex[unit] = local
        unitStratum.append(stratum)
        totals.append([CompensatedSum](repeating: CompensatedSum(), count: p))
      }
      let stratumLocal: Int
      if let known = strataSeen[stratum] {
        stratumLocal = known
      } else {
        stratumLocal = strataOrder.count
        strataSeen[stratum] = stratumLocal
        strataOrder.append(stratum)
        for column in 0..<p { stratumPresent[column].append(false) }
      }
      for column in 0..<p {
        totals[local][column].add(columns[column][row])
        if present[column][row] { stratumPresent[column][stratumLocal] = true }
      }
    }
    if let rows {
      for row in rows { visit(row) }
    } else {
      for row in 0..<design.rowCount { visit(row) }
    }
    var unitsOfStratum = [[Int]](repeating: [], count: strataOrder.count)
    for (local, stratum) in unitStratum.enumerated() {
      unitsOfStratum[strataSeen[stratum] ?? 0].append(local)
    }
    let units = UnitTotals(
      strata: strataOrder, unitsOfStratum: unitsOfStratum, totals: totals.map { $0.map(\.value) },
      stratumPresent: stratumPresent)
    return try stratifiedCovariance(units, stage: stage, design: design, diagonalOnly: false)
  }

  /// The totals of the influence values by sampling unit of one stage, grouped by
  /// stratum, and which strata each column's subset reaches.
  struct UnitTotals {
    /// The strata (design codes) in order.
    var strata: [Int]
    /// For each stratum (by position in `strata`), its units (indexes into `totals`).
    var unitsOfStratum: [[Int]]
    /// For each unit, the total of each column.
    var totals: [[Double]]
    /// For each column, whether its subset has rows in each stratum (by position).
    var stratumPresent: [[Bool]]
  }

  /// R's `onestage` over unit totals: the sum over strata of `onestrat`, with the
  /// lonely-PSU policy; only the diagonal when `diagonalOnly`.
  static func stratifiedCovariance(_ units: UnitTotals, stage: Int, design: SurveyDesign, diagonalOnly: Bool)
    throws(VarianceError) -> [[Double]]
  {
    let current = design.stages[stage]
    let p = units.stratumPresent.count
    let totals = units.totals
    let stratumPresent = units.stratumPresent
    var sums = [[CompensatedSum]](repeating: [CompensatedSum](repeating: CompensatedSum(), count: p), count: p)
    // Per column: strata present, and present strata left out by `average`.
    var presentCount = [Int](repeating: 0, count: p)
    var averagedOut = [Int](repeating: 0, count: p)
    for (stratumLocal, stratum) in units.strata.enumerated() {
      for column in 0..<p where stratumPresent[column][stratumLocal] { presentCount[column] += 1 }
      let sampled = current.sampledUnits[stratum]
      var f = 1.0
      if let population = current.populationUnits?[stratum], population.isFinite {
        f = (population - Double(sampled)) / population
      }
      if f < 1e-7 { continue }
      let members = units.unitsOfStratum[stratumLocal]
      if sampled > 1 {
        let scale = f * Double(sampled) / Double(sampled - 1)
        // Units of the stratum absent from the rows count as zero totals.
        var means = [Double](repeating: 0, count: p)
        for column in 0..<p {
          means[column] = members.map { totals[$0][column] }.compensatedSum() / Double(sampled)
        }
        let padding = Double(sampled - members.count)
        for i in 0..<p {
          for j in i..<(diagonalOnly ? i + 1 : p) {
            var cross = CompensatedSum()
            for unit in members {
              cross.add((totals[unit][i] - means[i]) * (totals[unit][j] - means[j]))
            }
            if padding > 0 { cross.add(padding * means[i] * means[j]) }
            sums[i][j].add(scale * cross.value)
          }
        }
        continue
      }
      // A stratum with a single sampled unit.
      switch design.lonelyPSU {
      case .fail:
        if (0..<p).contains(where: { stratumPresent[$0][stratumLocal] }) {
          let label = current.strataLabels.indices.contains(stratum) ? current.strataLabels[stratum] : "\(stratum)"
          throw VarianceError(
            message: stage == 0
              ? "stratum '\(label)' has only one PSU; choose a lonely-PSU policy"
                + " (--lonely-psu remove, certainty, adjust or average)"
              : "cluster '\(label)' has only one sampled unit at stage \(stage + 1); choose a lonely-PSU policy"
                + " (--lonely-psu remove, certainty, adjust or average)")
        }
      case .remove, .certainty:
        break
      case .adjust:
        for unit in members {
          for i in 0..<p {
            for j in i..<(diagonalOnly ? i + 1 : p) { sums[i][j].add(f * totals[unit][i] * totals[unit][j]) }
          }
        }
      case .average:
        for column in 0..<p where stratumPresent[column][stratumLocal] { averagedOut[column] += 1 }
      }
    }
    var result = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
    for i in 0..<p {
      for j in i..<(diagonalOnly ? i + 1 : p) {
        var value = sums[i][j].value
        if design.lonelyPSU == .average, averagedOut[i] > 0 {
          let kept = presentCount[i] - averagedOut[i]
          value = kept > 0 ? value * Double(presentCount[i]) / Double(kept) : .nan
        }
        result[i][j] = value
        result[j][i] = value
      }
    }
    return result
  }
}

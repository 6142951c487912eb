import SurveyCore

/// Calibration of replicate weights: every replicate's weights are raked or
/// post-stratified to the same population margins as the full-sample weights, so
/// that the replicate variance accounts for the weighting (R's `rake()` and
/// `postStratify()` on a `svyrep.design`; Lumley 2010, sections 2.4 and 7.2-7.3).
///
/// For replicate r with weights w_r and each margin cell c with population total T_c,
/// one post-stratification step is
///     w_ri <- w_ri * T_c / sum over the cell of w_r,
/// exactly the full-sample step. Raking repeats the steps over every margin for
/// `sweeps` sweeps, the number the full-sample raking used, as R's `rake()` sweeps
/// the full sample and the replicates together and stops on the full sample's
/// convergence. The variance is then the replicate variance of the estimates;
/// no calibration residuals are needed.
///
/// A replicate weight of 0 (the dropped PSU of a jackknife, a bootstrap PSU not drawn)
/// stays 0. A cell with a positive population total whose replicate weights add up to 0
/// cannot be calibrated (R would give NaN weights); it is an error naming the cell.
public enum ReplicateCalibration {
  /// How the full-sample weights were calibrated.
  public enum Method: Sendable {
    /// Raking with this many sweeps (``CalibratedWeights/iterations`` of the full-sample raking).
    case rake(sweeps: Int)
    /// Post-stratification on one variable.
    case poststratify
    /// Linear (GREG) calibration, with bounds when the options have them: each
    /// replicate is calibrated to the same totals by ``LinearCalibration`` (R's
    /// `regcalibrate` and `calibrate(..., bounds = )` of a `svyrep.design`, which solve
    /// the calibration equations for every replicate's weights in turn).
    case linear(LinearCalibration.Options)
  }

  /// `replicates` with every replicate's weights calibrated to `margins` by `method`.
  public static func calibrate(
    _ replicates: ReplicateWeights, table: SurveyTable, margins: Margins, method: Method
  ) throws(WeightingError) -> ReplicateWeights {
    let name: String
    let sweeps: Int
    switch method {
    case .rake(let count):
      precondition(count > 0, "a positive number of raking sweeps")
      (name, sweeps) = ("raking", count)
    case .poststratify: (name, sweeps) = ("post-stratification", 1)
    case .linear(let options):
      // The rows a replicate drops (weight 0) stay 0 whatever their g, so each replicate
      // is calibrated on the rows it keeps, as R's zero weights contribute nothing.
      let names = margins.variables + (margins.groupVariable.map { [$0] } ?? [])
      let narrow = SurveyTable(columns: names.compactMap { table[$0] }, sources: table.sources)
      var result = replicates
      for replicate in result.weights.indices {
        let weights = result.weights[replicate]
        let kept = weights.indices.filter { weights[$0] != 0 }
        do {
          let calibrated = try LinearCalibration.calibrate(
            weights: kept.map { weights[$0] }, table: narrow.selecting(rows: kept), margins: margins,
            options: options)
          for (position, row) in kept.enumerated() { result.weights[replicate][row] = calibrated.weights[position] }
        } catch {
          throw WeightingError(at: error.location, "replicate \(replicate + 1): \(error.message)")
        }
      }
      return result
    }
    let bound = try margins.bind(to: table, numericAllowed: false, method: name)
    var result = replicates
    for replicate in result.weights.indices {
      var weights = result.weights[replicate]
      precondition(weights.count == table.rowCount, "one replicate weight per row")
      for _ in 0..<sweeps {
        for margin in bound.categorical {
          try step(&weights, margin: margin, bound: bound, replicate: replicate)
        }
      }
      result.weights[replicate] = weights
    }
    return result
  }

  /// `replicates` with every replicate's weights trimmed to the same bounds as the full
  /// sample's, the excess shared among that replicate's other weights (``Trimming``).
  ///
  /// R's `trimWeights()` of a `svyrep.design` trims the replicates in one pass with a
  /// redistribution that does not keep each replicate's total and leaves the analysis
  /// weights of the full sample untrimmed; here every replicate is trimmed exactly as the
  /// full sample is, so the replicate variance reflects the trimming. A replicate weight
  /// of 0 (a dropped PSU) is below any positive lower bound but stays 0: only the rows
  /// the replicate keeps are trimmed and share the excess.
  public static func trim(_ replicates: ReplicateWeights, table: SurveyTable, options: Trimming.Options)
    throws(WeightingError) -> ReplicateWeights
  {
    var result = replicates
    // The rows' files and lines, for messages, without copying the table's columns.
    let rows = SurveyTable(
      columns: [
        Column(name: "row", type: .numeric, values: .numeric(.int8(Array(repeating: 0, count: table.rowCount))))
      ],
      sources: table.sources)
    for replicate in result.weights.indices {
      let weights = result.weights[replicate]
      let kept = weights.indices.filter { weights[$0] > 0 }
      guard !kept.isEmpty else { continue }
      let trimmed: CalibratedWeights
      do {
        trimmed = try Trimming.trim(
          weights: kept.map { weights[$0] }, table: rows.selecting(rows: kept), options: options)
      } catch {
        throw WeightingError(at: error.location, "replicate \(replicate + 1): \(error.message)")
      }
      for (position, row) in kept.enumerated() { result.weights[replicate][row] = trimmed.weights[position] }
    }
    return result
  }

  /// One post-stratification step of one replicate on one margin.
  private static func step(
    _ weights: inout [Double], margin: BoundMargins.Categorical, bound: BoundMargins, replicate: Int
  ) throws(WeightingError) {
    var sums = [CompensatedSum](repeating: CompensatedSum(), count: margin.targets.count)
    for row in weights.indices { sums[Int(margin.cells[row])].add(weights[row]) }
    var factors = [Double](repeating: 0, count: margin.targets.count)
    for cell in margin.targets.indices {
      let sum = sums[cell].value
      if sum > 0 {
        factors[cell] = margin.targets[cell] / sum
      } else if margin.targets[cell] > 0, margin.cells.contains(Int32(cell)) {
        let entry = margin.entries[cell]
        throw WeightingError(
          at: entry.location,
          "replicate \(replicate + 1) has no weight in \(bound.name(entry)), so it cannot be calibrated to its"
            + " population total of \(Format.number(margin.targets[cell])) (the replicate drops every PSU with"
            + " rows in that cell)")
      }
    }
    for row in weights.indices { weights[row] *= factors[Int(margin.cells[row])] }
  }
}

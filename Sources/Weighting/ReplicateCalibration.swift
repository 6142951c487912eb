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

import SurveyCore

/// Post-stratification: weights that match the population count of every cell of
/// one categorical variable (or of a group x level cell when the margins have a
/// grouping variable) (Holt and Smith 1979; Lumley 2010, section 7.2).
///
/// Within each cell c with population count N_c,
///     w_i <- w_i * N_c / sum over the cell of w,
/// so the weights of a cell add up to N_c. This is R's `postStratify()`; it fails,
/// as R does, when a cell of the margins has no sample row ("Some strata absent
/// from sample") or a level of the sample has no margin, and the weights must be
/// positive.
///
/// The calibration kept for the variance is R's `postStrata` entry: the cell of each
/// row with the weights before and after, so that the variance engine replaces an
/// influence value z_i by z_i - w_i (sum over the cell of z w_old / w) / (sum over
/// the cell of w_old).
public enum PostStratification {
  /// Post-stratifies `weights` (one per row of `table`) to `margins`, which must
  /// hold one variable.
  public static func poststratify(weights: [Double], table: SurveyTable, margins: Margins) throws(WeightingError)
    -> CalibratedWeights
  {
    try WeightCheck.positive(weights, table: table, method: "post-stratification")
    let variables = margins.variables
    guard variables.count == 1 else {
      throw WeightingError(
        at: margins.fileLocation,
        "post-stratification uses one variable, but the margins give \(Format.list(variables)); rake or calibrate"
          + " to several, or give cells of two variables with a grouping column")
    }
    let bound = try margins.bind(to: table, numericAllowed: false, method: "post-stratification")
    guard let margin = bound.categorical.first else {
      preconditionFailure("a bound categorical margin")
    }
    var adjusted = weights
    Raking.postStratify(&adjusted, cells: margin.cells, targets: margin.targets)
    let calibration = Calibration.postStratification(
      cells: margin.cells, cellCount: margin.targets.count, weights: adjusted, oldWeights: weights)
    return CalibratedWeights(weights: adjusted, calibration: calibration)
  }
}

import SurveyCore

/// New weights from one weighting step, and the calibration to keep with the
/// design so that standard errors use calibration residuals.
public struct CalibratedWeights: Sendable {
  /// How the variance of estimates from the new weights is computed.
  public enum Variance: String, Sendable, CaseIterable {
    /// Influence values are replaced by their calibration residuals, as R does for
    /// a `rake()`d, `postStratify()`d or `calibrate()`d design (Deville and Sarndal 1992;
    /// Lumley 2010, section 7.4): usually smaller SEs for variables related to the margins.
    case calibrated
    /// The new weights are taken as fixed design weights, as if the design had been
    /// declared with them (R's `svydesign(weights = ~final)`).
    case fixed
  }

  /// The new weight of every row.
  public var weights: [Double]
  /// The calibration to append to the design's `calibrations`, or `nil` for steps
  /// that are not calibrations (trimming, nonresponse adjustment, base weights).
  public var calibration: Calibration?
  /// Sweeps (raking) or Newton steps (bounded calibration) used; 1 for one-step methods.
  public var iterations: Int

  public init(weights: [Double], calibration: Calibration?, iterations: Int = 1) {
    self.weights = weights
    self.calibration = calibration
    self.iterations = iterations
  }

  /// `design` with the new weights and, for `.calibrated`, the calibration appended
  /// to its calibrations (earlier calibrations are kept, as R keeps `postStrata`).
  public func applied(to design: SurveyDesign, variance: Variance = .calibrated) -> SurveyDesign {
    precondition(weights.count == design.rowCount, "one weight per design row")
    var result = design
    result.weights = weights
    if variance == .calibrated, let calibration { result.calibrations.append(calibration) }
    return result
  }
}

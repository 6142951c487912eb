import SurveyCore

/// Weight trimming: weights outside [lower, upper] are set to the nearer bound and
/// the amount trimmed is shared equally among the weights that were inside, so the
/// sum of the weights is unchanged (R's `trimWeights()`; Potter 1990; Valliant,
/// Dever and Kreuter 2013, section 14.4).
///
/// One pass: with O the rows outside the bounds and I the others,
///     w_i <- min(max(w_i, lower), upper),   then for i in I:
///     w_i <- w_i + (sum over O of (w_old - w_new)) / |I|.
/// The equal share can push an inside weight past a bound; `strict` repeats the
/// pass until no weight is outside (R's `strict = TRUE`), and then a weight set to a
/// bound in one pass can receive a share in a later one. Strict trimming needs
/// n lower <= sum w <= n upper; its passes end when no weight is outside, or when
/// the largest overshoot is below 1e-13 relative (the limit R reaches by rounding).
///
/// Trimming is not a calibration: a design keeps its earlier calibrations (as R's
/// `trimWeights` keeps `postStrata`), and the trimmed weights no longer meet the
/// margins exactly.
public enum Trimming {
  public struct Options: Sendable {
    public var lower: Double
    public var upper: Double
    public var strict: Bool
    /// Passes allowed in strict mode before giving up.
    public var maxPasses: Int

    public init(lower: Double = -.infinity, upper: Double = .infinity, strict: Bool = false, maxPasses: Int = 10_000) {
      self.lower = lower
      self.upper = upper
      self.strict = strict
      self.maxPasses = maxPasses
    }
  }

  /// Trims `weights` (one per row of `table`).
  public static func trim(weights: [Double], table: SurveyTable, options: Options) throws(WeightingError)
    -> CalibratedWeights
  {
    let lower = options.lower
    let upper = options.upper
    let bounds = "[\(Format.number(lower)), \(Format.number(upper))]"
    guard !(lower > upper) else {
      throw WeightingError(
        "trimming bounds \(bounds) are reversed: the lower bound must not exceed the upper")
    }
    try WeightCheck.positive(weights, table: table, method: "trimming")
    if options.strict {
      var total = CompensatedSum()
      for weight in weights { total.add(weight) }
      let n = Double(weights.count)
      if total.value < n * lower || total.value > n * upper {
        throw WeightingError(
          "strict trimming to \(bounds) is impossible: the \(weights.count) weights sum to"
            + " \(Format.number(total.value)), outside [\(Format.number(n * lower)), \(Format.number(n * upper))]")
      }
    }
    var current = weights
    var passes = 0
    while true {
      let outside = current.map { $0 < lower || $0 > upper }
      let insideCount = outside.lazy.filter { !$0 }.count
      if insideCount == current.count { break }
      guard insideCount > 0 else {
        throw WeightingError(
          "all \(current.count) weights are outside \(bounds), so no weight is left to take the trimmed excess")
      }
      // Strict passes shrink the overshoot geometrically; once it is at rounding
      // level (1e-13 relative) this pass is the last.
      var overshoot = 0.0
      for row in current.indices where outside[row] {
        let bound = current[row] > upper ? upper : lower
        overshoot = max(overshoot, abs(current[row] - bound) / max(abs(bound), 1))
      }
      let settled = passes > 0 && overshoot <= 1e-13
      var excess = CompensatedSum()
      for row in current.indices where outside[row] {
        let clamped = min(max(current[row], lower), upper)
        excess.add(current[row] - clamped)
        current[row] = clamped
      }
      let share = excess.value / Double(insideCount)
      for row in current.indices where !outside[row] { current[row] += share }
      passes += 1
      if !options.strict || settled { break }
      if passes >= options.maxPasses {
        throw WeightingError("strict trimming to \(bounds) did not settle in \(passes) passes")
      }
    }
    try WeightCheck.result(
      current, base: weights, table: table, method: "trimming", advice: "raise the lower trimming bound")
    return CalibratedWeights(weights: current, calibration: nil, iterations: passes)
  }
}

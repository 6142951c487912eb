import SurveyCore

/// Linear (GREG) calibration: the weights closest to the base weights, in the
/// chi-square distance sum (w - d)^2 / d, whose weighted totals of the
/// calibration variables equal their population totals (Deville and Sarndal 1992;
/// Sarndal, Swensson and Wretman 1992, chapter 6; Lumley 2010, section 7.4).
///
/// With x_i the row's calibration variables (an indicator per level of each
/// categorical margin, the value of each numeric one, all within the row's group
/// when the margins have groups), base weights d and population totals T:
///     w_i = d_i g_i,   g_i = 1 + x_i' lambda,
///     lambda = (sum d x x')^-1 (T - sum d x),
/// R's `calibrate(design, formula, population, calfun = "linear")`. The first
/// categorical variable of each group spans the intercept; later ones drop their
/// first level, whose total the others imply (their totals must agree, to
/// `totalsTolerance` relative).
///
/// With `bounds` L < 1 < U on g, g_i = min(max(1 + x_i' eta, L), U) and eta is
/// found by Newton steps on the calibration equations (R's `grake` with
/// `cal.linear` and `bounds = c(L, U)`), until every relative misfit
/// |T - sum w x| / (1 + |T|) is below `tolerance`. As in R, when every population
/// total exceeds 20 times its sample total, the base weights are first scaled by the
/// mean of those ratios and the bounds apply to g after that scaling.
///
/// Errors: collinear calibration variables (the totals cannot be met separately), a
/// margin that no g in [L, U] can reach, a bounded calibration that does not
/// converge, and any new weight that is not positive (unbounded GREG can give
/// negative weights: bound g or rake instead). The calibration kept for the variance
/// is R's `greg_calibration`: residuals of z / w on x weighted by the base weights.
public enum LinearCalibration {
  public struct Options: Sendable {
    /// Bounds on g = new weight / base weight, or `nil` for none.
    public var bounds: ClosedRange<Double>?
    /// Convergence threshold of the bounded calibration (R's `epsilon`).
    public var tolerance: Double
    /// Newton steps allowed for the bounded calibration (R's `maxit`).
    public var maxIterations: Int
    /// How far the totals of different categorical variables may disagree, relative.
    public var totalsTolerance: Double

    public init(
      bounds: ClosedRange<Double>? = nil, tolerance: Double = 1e-7, maxIterations: Int = 50,
      totalsTolerance: Double = 1e-6
    ) {
      precondition(tolerance > 0 && maxIterations > 0 && totalsTolerance >= 0, "positive calibration options")
      self.bounds = bounds
      self.tolerance = tolerance
      self.maxIterations = maxIterations
      self.totalsTolerance = totalsTolerance
    }
  }

  /// Calibrates `weights` (one per row of `table`) to `margins`.
  public static func calibrate(
    weights: [Double], table: SurveyTable, margins: Margins, options: Options = Options()
  ) throws(WeightingError) -> CalibratedWeights {
    try WeightCheck.positive(weights, table: table, method: "linear calibration")
    let bound = try margins.bind(to: table, numericAllowed: true, method: "linear calibration")
    try bound.checkTotalsAgree(tolerance: options.totalsTolerance)
    let design = CalibrationModel(bound, rows: table.rowCount)
    let normal = design.model.crossProduct(weights: weights)
    let sampleTotals = design.model.transposeTimes([Double](repeating: 1, count: weights.count), weights: weights)
    let rank = SymmetricSystem.solve(normal, sampleTotals, tolerance: 1e-10)
    if let column = rank.dependent.first {
      throw WeightingError(
        at: design.locations[column] ?? margins.fileLocation,
        "the calibration variables are collinear in the sample: \(design.names[column]) adds nothing the earlier"
          + " margins do not, so their totals cannot be met separately (drop it from the margins)")
    }
    var g: [Double]
    var iterations = 1
    if let bounds = options.bounds, bounds.lowerBound > -.infinity || bounds.upperBound < .infinity {
      guard bounds.lowerBound < 1, bounds.upperBound > 1 else {
        throw WeightingError(
          at: margins.fileLocation,
          "bounds \(Format.number(bounds.lowerBound)) to \(Format.number(bounds.upperBound)) on g (new weight / base"
            + " weight) must contain 1 strictly inside (lower < 1 < upper)")
      }
      (g, iterations) = try bounded(
        weights: weights, design: design, bound: bound, bounds: bounds, sampleTotals: sampleTotals,
        options: options)
    } else {
      let rhs = design.totals.indices.map { design.totals[$0] - sampleTotals[$0] }
      let lambda = SymmetricSystem.solve(normal, rhs, tolerance: 1e-10).x
      g = (0..<weights.count).map { 1 + design.model.dot(row: $0, lambda) }
    }
    let calibrated = weights.indices.map { weights[$0] * g[$0] }
    try WeightCheck.result(
      calibrated, base: weights, table: table, method: "linear calibration",
      advice: "set bounds on g = new weight / base weight (--bounds LO:HI) or rake instead, which keeps weights"
        + " positive")
    let calibration = Calibration.greg(model: design.model, baseWeights: weights, weights: calibrated)
    return CalibratedWeights(weights: calibrated, calibration: calibration, iterations: iterations)
  }
}

/// The calibration variables as a sparse model, with each column's population
/// total, name and margins line.
struct CalibrationModel {
  var model: LinearModel
  var totals: [Double]
  var names: [String]
  var locations: [SourceLocation?]

  init(_ bound: BoundMargins, rows: Int) {
    let stride = bound.categorical.count + bound.numeric.count
    var totals: [Double] = []
    var names: [String] = []
    var locations: [SourceLocation?] = []
    func addColumn(_ entry: Margins.Entry) -> Int32 {
      totals.append(entry.total)
      names.append(bound.name(entry))
      locations.append(entry.location)
      return Int32(totals.count - 1)
    }
    var columnOfCell = bound.categorical.map { [Int32](repeating: -1, count: $0.targets.count) }
    var columnOfGroup = bound.numeric.map { _ in [Int32](repeating: -1, count: bound.groupNames.count) }
    for group in bound.groupNames.indices {
      var spanned = false
      for (index, margin) in bound.categorical.enumerated() {
        let cells = margin.groups.indices.filter { margin.groups[$0] == group }
        // Later variables drop their first level: the first variable spans the intercept.
        for cell in cells.dropFirst(spanned ? 1 : 0) { columnOfCell[index][cell] = addColumn(margin.entries[cell]) }
        spanned = spanned || !cells.isEmpty
      }
      for (index, numeric) in bound.numeric.enumerated() {
        if let entry = numeric.entries.first(where: { $0.group == group })?.entry {
          columnOfGroup[index][group] = addColumn(entry)
        }
      }
    }
    var columns = [Int32](repeating: -1, count: rows * stride)
    var values = [Double](repeating: 0, count: rows * stride)
    for row in 0..<rows {
      let base = row * stride
      for (index, margin) in bound.categorical.enumerated() {
        columns[base + index] = columnOfCell[index][Int(margin.cells[row])]
        values[base + index] = 1
      }
      let group = Int(bound.groupOfRow[row])
      for (index, numeric) in bound.numeric.enumerated() {
        let slot = base + bound.categorical.count + index
        columns[slot] = columnOfGroup[index][group]
        values[slot] = numeric.values[row]
      }
    }
    model = LinearModel(
      rowCount: rows, columnCount: totals.count, stride: stride, columns: columns, values: values)
    self.totals = totals
    self.names = names
    self.locations = locations
  }
}

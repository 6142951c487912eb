import SurveyCore

/// Raking (iterative proportional fitting): weights that match the population
/// totals of several categorical variables at once (Deming and Stephan 1940;
/// Deville, Sarndal and Sautory 1993; Lumley 2010, section 7.3).
///
/// Each sweep post-stratifies on every margin in turn: within each cell c of the
/// margin (a level, or a group x level when raking within groups),
///     w_i <- w_i * T_c / sum over the cell of w,
/// with T_c the margin's population total. Sweeps repeat until no cell of the
/// cross-classification of all margin variables changes by `tolerance` times the
/// sum of the base weights or more between sweeps: R's `rake()` with
/// `control = list(epsilon = tolerance, maxit = maxIterations)`. The result is the
/// raking-ratio estimator, the calibration estimator with the distance
/// sum w (log(w / d) - 1) + d.
///
/// Before raking, the margins must fit the data (every level of the data has a
/// margin, every margin with a positive total has rows) and within each group the
/// totals of all variables must add up to the same population size (to
/// `totalsTolerance` relative); the weights must be positive. A raking that does
/// not converge is an error naming the margin with the largest remaining
/// discrepancy. So is one that settles without meeting every margin to
/// max(1e-6 T_c, 10 tolerance sum d), which happens when the data lack rows in
/// combinations of levels the margins need (R's `rake()` reports convergence then).
///
/// The calibration kept for the variance is R's `raking` entry of `postStrata`:
/// each margin's cells and the weights after that margin's step in the last sweep.
public enum Raking {
  public struct Options: Sendable {
    /// Convergence threshold, relative to the sum of the base weights.
    public var tolerance: Double
    public var maxIterations: Int
    /// How far the totals of different variables may disagree, relative.
    public var totalsTolerance: Double

    public init(tolerance: Double = 1e-10, maxIterations: Int = 100, totalsTolerance: Double = 1e-6) {
      precondition(tolerance > 0 && maxIterations > 0 && totalsTolerance >= 0, "positive raking options")
      self.tolerance = tolerance
      self.maxIterations = maxIterations
      self.totalsTolerance = totalsTolerance
    }
  }

  /// Rakes `weights` (one per row of `table`) to `margins`.
  public static func rake(
    weights: [Double], table: SurveyTable, margins: Margins, options: Options = Options()
  ) throws(WeightingError) -> CalibratedWeights {
    try WeightCheck.positive(weights, table: table, method: "raking")
    let bound = try margins.bind(to: table, numericAllowed: false, method: "raking")
    try bound.checkTotalsAgree(tolerance: options.totalsTolerance)
    let joint = JointCells(bound.categorical.map(\.cells), counts: bound.categorical.map(\.targets.count))
    let epsilon = options.tolerance * weights.reduce(into: CompensatedSum()) { $0.add($1) }.value
    var current = weights
    var previous = joint.totals(current)
    var snapshots = [[Double]](repeating: [], count: bound.categorical.count)
    for iteration in 1...options.maxIterations {
      for (index, margin) in bound.categorical.enumerated() {
        postStratify(&current, cells: margin.cells, targets: margin.targets)
        snapshots[index] = current
      }
      let next = joint.totals(current)
      var delta = 0.0
      for cell in next.indices { delta = max(delta, abs(next[cell] - previous[cell])) }
      if delta < epsilon {
        // Stable weights can still miss a margin when the data lack rows in combinations
        // the margins need (the sweeps then alternate between unmet margins).
        if let worst = largestGap(bound, weights: current), worst.gap > max(1e-6 * worst.entry.total, 10 * epsilon) {
          throw WeightingError(
            at: worst.entry.location,
            "raking settled after \(Self.iterations(iteration)) without meeting the margins:"
              + " \(bound.name(worst.entry)) has a weighted total of \(Format.number(worst.total)) against a population"
              + " total of \(Format.number(worst.entry.total)) (the data lack rows in combinations of levels that the"
              + " margins need)")
        }
        let calibration = Calibration.raking(
          margins: zip(bound.categorical, snapshots).map { margin, weights in
            Calibration.Margin(categories: margin.cells, categoryCount: margin.targets.count, weights: weights)
          })
        return CalibratedWeights(weights: current, calibration: calibration, iterations: iteration)
      }
      previous = next
    }
    throw notConverged(bound, weights: current, iterations: options.maxIterations)
  }

  /// One post-stratification step: w_i <- w_i * T_c / sum over cell c of w.
  static func postStratify(_ weights: inout [Double], cells: [Int32], targets: [Double]) {
    var sums = [CompensatedSum](repeating: CompensatedSum(), count: targets.count)
    for row in weights.indices { sums[Int(cells[row])].add(weights[row]) }
    let factors = targets.indices.map { targets[$0] / sums[$0].value }
    for row in weights.indices { weights[row] *= factors[Int(cells[row])] }
  }

  private static func notConverged(_ bound: BoundMargins, weights: [Double], iterations: Int) -> WeightingError {
    guard let worst = largestGap(bound, weights: weights) else {
      return WeightingError("raking did not converge in \(Self.iterations(iterations))")
    }
    return WeightingError(
      at: worst.entry.location,
      "raking did not converge in \(Self.iterations(iterations)): \(bound.name(worst.entry)) has a weighted total of"
        + " \(Format.number(worst.total)) against a population total of \(Format.number(worst.entry.total)), the"
        + " largest discrepancy (check that the margins can be met together, or allow more iterations)")
  }

  /// The margin cell farthest from its total (the first of equals).
  private static func largestGap(_ bound: BoundMargins, weights: [Double])
    -> (entry: Margins.Entry, total: Double, gap: Double)?
  {
    var worst: (entry: Margins.Entry, total: Double, gap: Double)?
    for margin in bound.categorical {
      var sums = [CompensatedSum](repeating: CompensatedSum(), count: margin.targets.count)
      for row in weights.indices { sums[Int(margin.cells[row])].add(weights[row]) }
      for cell in margin.targets.indices {
        let gap = abs(sums[cell].value - margin.targets[cell])
        if gap > worst?.gap ?? -1 { worst = (margin.entries[cell], sums[cell].value, gap) }
      }
    }
    return worst
  }

  private static func iterations(_ count: Int) -> String {
    count == 1 ? "1 iteration" : "\(count) iterations"
  }
}

/// The cells of the cross-classification of several margins (R's `svytable` of
/// all margin variables), for the convergence test.
struct JointCells {
  var cells: [Int32]
  var count: Int

  /// The joint cells of `margins` (each a cell code per row, with `counts[k]` cells).
  init(_ margins: [[Int32]], counts: [Int]) {
    let rows = margins.first?.count ?? 0
    var cells = [Int32](repeating: 0, count: rows)
    var product = 1
    var fits = true
    for count in counts {
      let (next, overflow) = product.multipliedReportingOverflow(by: max(count, 1))
      product = next
      fits = fits && !overflow
    }
    var count = 0
    if fits, product <= max(1 << 20, 4 * rows) {
      // Mixed-radix codes, renumbered densely through a table.
      var dense = [Int32](repeating: -1, count: product)
      for row in 0..<rows {
        var code = 0
        for margin in margins.indices { code = code * max(counts[margin], 1) + Int(margins[margin][row]) }
        if dense[code] < 0 {
          dense[code] = Int32(count)
          count += 1
        }
        cells[row] = dense[code]
      }
    } else {
      var index: [[Int32]: Int32] = [:]
      var key = [Int32](repeating: 0, count: margins.count)
      for row in 0..<rows {
        for margin in margins.indices { key[margin] = margins[margin][row] }
        if let code = index[key] {
          cells[row] = code
        } else {
          index[key] = Int32(count)
          cells[row] = Int32(count)
          count += 1
        }
      }
    }
    self.cells = cells
    self.count = count
  }

  func totals(_ weights: [Double]) -> [Double] {
    var sums = [CompensatedSum](repeating: CompensatedSum(), count: count)
    for row in weights.indices { sums[Int(cells[row])].add(weights[row]) }
    return sums.map(\.value)
  }
}

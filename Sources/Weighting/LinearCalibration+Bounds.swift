import SurveyCore

extension LinearCalibration {
  /// R's `grake` with `cal.linear` and bounds: Newton steps on eta with
  /// g = min(max(1 + x'eta, L), U), solving (sum d g' x x') delta = T - sum d g x
  /// where g' is 1 inside the bounds and 0 at them.
  static func bounded(
    weights: [Double], design: CalibrationModel, bound: BoundMargins, bounds: ClosedRange<Double>,
    sampleTotals: [Double], options: Options
  ) throws(WeightingError) -> (g: [Double], iterations: Int) {
    let rows = weights.count
    let model = design.model
    let population = design.totals
    // R rescales the weights when every population total is over 20 times the sample's.
    let ratios = population.indices.map { population[$0] / sampleTotals[$0] }.filter(\.isFinite)
    var scale = 1.0
    if let smallest = ratios.min(), smallest > 20 {
      scale = ratios.reduce(0, +) / Double(ratios.count)
    }
    let scaled = weights.map { $0 * scale }
    try checkReachable(bound, weights: scaled, bounds: bounds)
    let lower = bounds.lowerBound
    let upper = bounds.upperBound
    var eta = [Double](repeating: 0, count: population.count)
    var g = [Double](repeating: 1, count: rows)
    var slope = [Double](repeating: 1, count: rows)
    func misfit() -> [Double] {
      let achieved = model.transposeTimes(g, weights: scaled)
      return population.indices.map { population[$0] - achieved[$0] }
    }
    var iteration = 1
    while true {
      let normal = model.crossProduct(weights: scaled.indices.map { scaled[$0] * slope[$0] })
      let step = SymmetricSystem.solve(normal, misfit(), tolerance: 1e-13).x
      for column in eta.indices { eta[column] += step[column] }
      for row in 0..<rows {
        let u = model.dot(row: row, eta)
        g[row] = min(max(u + 1, lower), upper)
        slope[row] = u < upper - 1 && u > lower - 1 ? 1 : 0
      }
      let remaining = misfit()
      let relative = remaining.indices.map { abs(remaining[$0]) / (1 + abs(population[$0])) }
      if relative.allSatisfy({ $0 < options.tolerance }) { break }
      iteration += 1
      if iteration > options.maxIterations {
        let worst = relative.indices.max { relative[$0] < relative[$1] } ?? 0
        throw WeightingError(
          at: design.locations[worst],
          "linear calibration with g between \(Format.number(lower)) and \(Format.number(upper)) did not meet the"
            + " totals in \(options.maxIterations) iterations: \(design.names[worst]) has a weighted total of"
            + " \(Format.number((population[worst] - remaining[worst]) / scale)) against a population total of"
            + " \(Format.number(population[worst])), the largest relative misfit"
            + " (\(Format.number(relative[worst]))); the bounds may be too tight")
      }
    }
    return (g.map { $0 * scale }, iteration)
  }

  /// A level's total (or a non-negative numeric variable's) can only be met if it
  /// lies between L and U times the base weights' total over its rows.
  private static func checkReachable(
    _ bound: BoundMargins, weights: [Double], bounds: ClosedRange<Double>
  ) throws(WeightingError) {
    func check(_ entry: Margins.Entry, base: Double) throws(WeightingError) {
      let low = bounds.lowerBound * base
      let high = bounds.upperBound * base
      guard entry.total < low || entry.total > high else { return }
      throw WeightingError(
        at: entry.location,
        "\(bound.name(entry)) cannot reach its population total \(Format.number(entry.total)) with g between"
          + " \(Format.number(bounds.lowerBound)) and \(Format.number(bounds.upperBound)): its rows' base weights"
          + " give totals from \(Format.number(low)) to \(Format.number(high)) (widen the bounds)")
    }
    for margin in bound.categorical {
      var sums = [CompensatedSum](repeating: CompensatedSum(), count: margin.targets.count)
      for row in weights.indices { sums[Int(margin.cells[row])].add(weights[row]) }
      for cell in margin.targets.indices { try check(margin.entries[cell], base: sums[cell].value) }
    }
    for numeric in bound.numeric where numeric.values.allSatisfy({ $0 >= 0 }) {
      for (group, entry) in numeric.entries {
        var sum = CompensatedSum()
        for row in weights.indices where Int(bound.groupOfRow[row]) == group {
          sum.add(weights[row] * numeric.values[row])
        }
        try check(entry, base: sum.value)
      }
    }
  }
}

import SurveyCore

extension Calibration {
  /// Replaces influence values by their calibration residuals, as R's `svyrecvar`
  /// does for the design's `postStrata` (see ``Calibration``).
  func replaceByResiduals(_ z: inout [Double]) {
    switch self {
    case .postStratification(let cells, let cellCount, let weights, let oldWeights):
      var numerator = [CompensatedSum](repeating: CompensatedSum(), count: cellCount)
      var denominator = [CompensatedSum](repeating: CompensatedSum(), count: cellCount)
      var scale = weights
      for row in z.indices where weights[row] == 0 && oldWeights[row] == 0 { scale[row] = 1 }
      for row in z.indices {
        let cell = Int(cells[row])
        numerator[cell].add(z[row] * oldWeights[row] / scale[row])
        denominator[cell].add(oldWeights[row])
      }
      for row in z.indices {
        let cell = Int(cells[row])
        z[row] -= numerator[cell].value / denominator[cell].value * scale[row]
      }
    case .raking(let margins):
      for _ in 0..<10 {
        for margin in margins {
          var sums = [CompensatedSum](repeating: CompensatedSum(), count: margin.categoryCount)
          var counts = [Int](repeating: 0, count: margin.categoryCount)
          for row in z.indices {
            let category = Int(margin.categories[row])
            sums[category].add(z[row] / margin.weights[row])
            counts[category] += 1
          }
          for row in z.indices {
            let category = Int(margin.categories[row])
            z[row] -= margin.weights[row] * sums[category].value / Double(counts[category])
          }
        }
      }
    case .linear(let model, let scale):
      let response = zip(z, scale).map { $0 / $1 }
      let residual = LeastSquares.residuals(of: response, on: model)
      for row in z.indices { z[row] = residual[row] * scale[row] }
    }
  }
}

/// Ordinary least squares by Householder QR, for calibration residuals.
enum LeastSquares {
  /// The residuals y - X b of the least-squares fit of `y` on the columns of `x`
  /// (column-major), computed by Householder QR as R's `qr.resid` does; columns that
  /// are linearly dependent on earlier ones (relative tolerance 1e-7, R's default)
  /// are left out.
  static func residuals(of y: [Double], on x: [[Double]]) -> [Double] {
    let n = y.count
    var a = x
    var r = y
    var k = 0
    var reflections: [(v: [Double], vv: Double, start: Int)] = []
    for column in a.indices {
      // Householder reflection zeroing a[column][k+1...].
      var norm = CompensatedSum()
      for row in k..<n { norm.add(a[column][row] * a[column][row]) }
      let originalNorm = a[column].map { $0 * $0 }.compensatedSum().squareRoot()
      let length = norm.value.squareRoot()
      if length <= 1e-7 * max(originalNorm, .leastNormalMagnitude) || k >= n { continue }
      let alpha = a[column][k] > 0 ? -length : length
      var v = [Double](repeating: 0, count: n)
      v[k] = a[column][k] - alpha
      for row in (k + 1)..<n { v[row] = a[column][row] }
      let vv = v[k...].map { $0 * $0 }.compensatedSum()
      guard vv > 0 else { continue }
      func reflect(_ target: inout [Double]) {
        var dot = CompensatedSum()
        for row in k..<n { dot.add(v[row] * target[row]) }
        let factor = 2 * dot.value / vv
        for row in k..<n { target[row] -= factor * v[row] }
      }
      for other in column..<a.count { reflect(&a[other]) }
      reflect(&r)
      // Remember the reflection to undo it on the residual.
      reflections.append((v, vv, k))
      k += 1
    }
    // The residual in the rotated space is r with the first k entries zeroed.
    for row in 0..<min(k, n) { r[row] = 0 }
    for (v, vv, start) in reflections.reversed() {
      var dot = CompensatedSum()
      for row in start..<n { dot.add(v[row] * r[row]) }
      let factor = 2 * dot.value / vv
      for row in start..<n { r[row] -= factor * v[row] }
    }
    return r
  }
}

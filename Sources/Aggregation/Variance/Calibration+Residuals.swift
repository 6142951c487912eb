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
    case .greg(let model, let baseWeights, let weights):
      // z_i - w_i x_i'B, B the least-squares fit of z / w on x weighted by w0.
      Self.subtractFit(&z, model: model, fitWeights: baseWeights, scale: weights)
    case .linear(let model, let scale):
      // R's qr.resid(qr(X~), z / s) * s, with X~ the scaled model matrix.
      Self.subtractFit(&z, model: LinearModel(denseColumns: model), fitWeights: scale.map { _ in 1 }, scale: scale)
    }
  }

  /// z_i <- z_i - s_i x_i'B, with B the least-squares fit of z / s on x weighted by
  /// `fitWeights`, from the normal equations (see ``SymmetricSystem``); columns
  /// dependent to R's `qr` tolerance (1e-7 on norms, so 1e-14 on squares) are left out.
  private static func subtractFit(_ z: inout [Double], model: LinearModel, fitWeights: [Double], scale: [Double]) {
    let ratio = z.indices.map { scale[$0] == 0 ? 0 : z[$0] / scale[$0] }
    let normal = model.crossProduct(weights: fitWeights)
    let right = model.transposeTimes(ratio, weights: fitWeights)
    let fit = SymmetricSystem.solve(normal, right, tolerance: 1e-14).x
    for row in z.indices { z[row] -= scale[row] * model.dot(row: row, fit) }
  }
}

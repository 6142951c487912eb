import SurveyCore

/// Variance from replicate weights (R's `svrVar`): every statistic is recomputed
/// with each replicate's weights, and
///     v = scale * sum over r of rscale_r * (theta_r - centre)^2,
/// with the centre the mean of the replicates whose rscale is positive, or the
/// full-sample estimate when `mse` is set. Replicates whose estimate is not a number (a domain empty in that
/// replicate) are left out with their rscale, as R does.
enum Replication {
  static func variance(of target: Target, present: [Bool], full: Double, replicates: ReplicateWeights) -> Double {
    let estimates = replicates.weights.map { target.pointEstimate(weights: $0, present: present) }
    return combine(estimates, full: full, replicates: replicates)
  }

  static func combine(_ estimates: [Double], full: Double, replicates: ReplicateWeights) -> Double {
    let kept = estimates.indices.filter { !estimates[$0].isNaN }
    guard !kept.isEmpty else { return .nan }
    // R's svrVar centres on the mean of the replicates that carry weight (rscale > 0).
    let centred = kept.filter { replicates.rscales[$0] > 0 }
    let centre =
      replicates.mse || centred.isEmpty
      ? full : centred.map { estimates[$0] }.compensatedSum() / Double(centred.count)
    var sum = CompensatedSum()
    for index in kept {
      let deviation = estimates[index] - centre
      sum.add(replicates.rscales[index] * deviation * deviation)
    }
    return replicates.scale * sum.value
  }
}

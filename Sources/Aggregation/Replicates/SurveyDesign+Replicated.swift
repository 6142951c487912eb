import SurveyCore

extension SurveyDesign {
  /// The design with replicate weights made by `method`, so that every estimator
  /// takes its variance from the replicates (R's `as.svrepdesign`, or
  /// `svrepdesign` for supplied weights; Lumley 2010, ch. 2.4).
  ///
  /// The replicate weights are the design's current weights times each PSU's
  /// multiplier (or the supplied weights); strata, clusters and calibrations stay
  /// as they are, and a calibration is not redone within each replicate (as R's
  /// `as.svrepdesign` of a calibrated design). The degrees of freedom are R's
  /// `degf()` of a replicate design, the rank of the replicate weights less one
  /// (``ReplicateRank``), which for a bootstrap is at most R - 1.
  ///
  /// - Parameter mse: centre the variance on the full-sample estimate rather than
  ///   the mean of the replicates (R's `mse = TRUE`).
  /// - Throws: a ``VarianceError`` saying why the method does not fit the design
  ///   (strata for jk1, a stratum without 2 PSUs for brr, a lonely PSU under
  ///   `fail`, supplied columns of the wrong length ...).
  public func replicated(_ method: ReplicateMethod, mse: Bool = false) throws(VarianceError) -> SurveyDesign {
    let layout = PSUReplicates.Layout(self)
    let made: PSUReplicates
    switch method {
    case .jk1: made = try Jackknife.jk1(layout)
    case .jkn: made = try Jackknife.jkn(layout, lonelyPSU: lonelyPSU)
    case .brr: made = try BalancedRepeatedReplication.replicates(layout)
    case .bootstrap(let replicates, let seed):
      made = try Bootstrap.cantyDavison(layout, replicates: replicates, seed: seed)
    case .subbootstrap(let replicates, let seed):
      made = try Bootstrap.raoWu(layout, replicates: replicates, seed: seed)
    case .supplied(let supplied):
      var design = self
      design.replicates = try supplied.replicateWeights(designWeights: weights, mse: mse)
      return design
    }
    var design = self
    design.replicates = ReplicateWeights(
      kind: made.kind, weights: made.rowWeights(weights, layout: layout), scale: made.scale, rscales: made.rscales,
      mse: mse, degreesOfFreedom: made.degreesOfFreedom(weights, layout: layout))
    return design
  }
}

extension ReplicateMethod.Supplied {
  /// The replicate weights with R's `svrepdesign` defaults for scale and rscales.
  func replicateWeights(designWeights: [Double], mse: Bool) throws(VarianceError) -> ReplicateWeights {
    let count = columns.count
    guard count >= 2 else {
      throw VarianceError(
        message: "replicate weights: \(count) column\(count == 1 ? "" : "s") given; at least 2 needed")
    }
    for (column, values) in zip(names, columns) {
      guard values.count == designWeights.count else {
        throw VarianceError(
          message: "replicate weights: '\(column)' has \(values.count) rows; the design has \(designWeights.count)")
      }
      if let row = values.firstIndex(where: { !$0.isFinite }) {
        throw VarianceError(message: "replicate weights: '\(column)' is \(values[row]) in row \(row + 1)")
      }
    }
    if let rscales, rscales.count != 1, rscales.count != count {
      throw VarianceError(
        message: "replicate weights: \(rscales.count) rscales for \(count) replicates; give 1 or \(count)")
    }
    let weights =
      form == .combined
      ? columns : columns.map { zip($0, designWeights).map { multiplier, weight in multiplier * weight } }
    let largest = columns.map { $0.map(abs).max() ?? 0 }
    var scale = self.scale
    var rscales = self.rscales.map { $0.count == 1 ? Array(repeating: $0[0], count: count) : $0 }
    switch kind {
    case .brr:
      guard scale == nil else {
        throw VarianceError(message: "replicate weights: brr has scale 1/R; for another scale use the type 'other'")
      }
      scale = 1 / Double(count)
    case .bootstrap, .subbootstrap:
      scale = scale ?? 1 / Double(count - 1)
    case .jk1:
      if scale == nil {
        scale = form == .combined ? Double(count - 1) / Double(count) : 1 / largest[0]
      }
    case .jkn:
      if rscales == nil {
        guard form == .multipliers else {
          throw VarianceError(message: "replicate weights: jkn combined weights need their rscales, (n_h - 1)/n_h each")
        }
        rscales = largest.map { 1 / $0 }
      }
    case .other:
      break
    }
    return ReplicateWeights(
      kind: kind, weights: weights, scale: scale ?? 1, rscales: rscales ?? Array(repeating: 1, count: count), mse: mse,
      degreesOfFreedom: ReplicateRank.degreesOfFreedom(weights))
  }
}

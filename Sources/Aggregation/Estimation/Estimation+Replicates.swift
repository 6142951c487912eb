import SurveyCore

extension Estimation {
  /// One domain's full-sample estimate and its estimate under every replicate weight.
  package struct ReplicateEstimates: Sendable {
    /// The domain, as in ``EstimateRow/domain``.
    package var domain: [EstimateRow.Group]
    /// theta-hat, with the design's full-sample weights.
    package var full: Double
    /// theta_r, one per replicate (NaN where the domain is empty in replicate r).
    package var replicates: [Double]
    /// Rows in the domain with the variable present.
    package var n: Int
  }

  /// The point estimates behind a replicate variance (R's `svyby(...,
  /// return.replicates = TRUE)`): for every domain of the request's first
  /// statistic (means, totals, ratios and proportions; not quantiles), the
  /// estimate with the full-sample weights and with each replicate's weights,
  /// computed by the same code as ``Estimation/run(_:table:design:)``.
  ///
  /// For statistics that need the joint distribution of replicate estimates
  /// across domains, such as ranks of domain means. Combining them into a
  /// variance is ``Replication``'s business, not the caller's.
  ///
  /// - Throws: ``EstimationError`` when the design has no replicate weights, the
  ///   request is empty or asks for a quantile, or a variable is unusable.
  package static func replicateEstimates(
    _ request: EstimationRequest, table: SurveyTable, design: SurveyDesign
  ) throws(EstimationError) -> [ReplicateEstimates] {
    precondition(table.rowCount == design.rowCount, "the design must have one row per table row")
    guard let replicates = design.replicates else {
      throw EstimationError(message: "replicate estimates need a design with replicate weights")
    }
    guard let statistic = request.statistics.first else {
      throw EstimationError(message: "replicate estimates need a statistic")
    }
    let domains = try Domains(table: table, groups: request.groups, subset: request.subset)
    let targets = try Target.targets(of: statistic, table: table)
    guard let target = targets.first, targets.count == 1 else {
      throw EstimationError(message: "replicate estimates need a statistic with one target (a mean of a number)")
    }
    if case .quantile = target.kind {
      throw EstimationError(message: "replicate estimates of quantiles are not supported")
    }
    return domains.labels.indices.map { domain in
      let subset = target.subset(domain: domain, domains: domains)
      return ReplicateEstimates(
        domain: domains.labels[domain], full: target.pointEstimate(weights: design.weights, present: subset.present),
        replicates: replicates.weights.map { target.pointEstimate(weights: $0, present: subset.present) },
        n: subset.count)
    }
  }
}

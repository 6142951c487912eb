import Dispatch
import SurveyCore
import Synchronization

/// Design-based estimation of means, totals, proportions and ratios by domains,
/// as R's `svymean`, `svytotal`, `svyratio` and `svyby` (Lumley 2010).
///
/// Every statistic is a smooth function of weighted totals over its subset (the
/// domain, less rows where the variable is missing, as `na.rm = TRUE`): its point
/// estimate and its influence values z_i go to one variance engine, by
/// linearization (``Linearization``) or replicate weights. Rows outside the subset
/// keep their place in the design with z_i = 0.
///
/// - mean: m = sum(w x) / sum(w); z_i = w_i (x_i - m) / sum(w).
/// - total: t = sum(w x); z_i = w_i x_i.
/// - ratio: R = sum(w y) / sum(w x); z_i = w_i (y_i - R x_i) / sum(w x).
/// - proportion of a level: the mean of its indicator.
///
/// Design effects compare with simple random sampling of the subset's n rows
/// (Kish 1965): s2 = n / (n - 1) * sum(w (x - m)^2) / sum(w) (R's `svyvar`); for a
/// mean, V_srs = s2 (N - n) / (N n) without replacement and s2 / n with, where
/// N = sum(w); for a total, both times N^2; for a ratio, those of the total of
/// (y - R x) / sum(w x). Intervals are estimate -/+ t(df, 1 - alpha/2) se, with
/// df the design's degrees of freedom (PSUs minus strata), also for domains.
public enum Estimation {
  public static func run(_ request: EstimationRequest, table: SurveyTable, design: SurveyDesign)
    throws(EstimationError) -> [EstimateRow]
  {
    try run(request, table: table, design: design, allowOnePass: true)
  }

  /// `run`, optionally keeping to the general path (for tests comparing the two).
  static func run(_ request: EstimationRequest, table: SurveyTable, design: SurveyDesign, allowOnePass: Bool)
    throws(EstimationError) -> [EstimateRow]
  {
    precondition(table.rowCount == design.rowCount, "the design must have one row per table row")
    let onePassDesign = allowOnePass && OnePassEstimation.isApplicable(to: design)
    // Coded targets only go to the one pass: it takes every linear target, and a
    // quantile is never coded.
    let (domains, targets) = try domainsAndTargets(request, table: table, coded: onePassDesign)
    let overall = request.includeOverall && !request.groups.isEmpty
    let linear = targets.filter { if case .quantile = $0.kind { false } else { true } }
    let onePass = onePassDesign && !linear.isEmpty
    // The whole sample (or --subset) as one domain, for the overall rows (the one
    // pass makes them itself, quantiles need it).
    let needsWhole = !onePass || linear.count < targets.count
    let whole = overall && needsWhole ? try Domains(table: table, groups: [], subset: request.subset) : nil
    // Results in request order: each target's domains, then its overall row.
    var byTarget: [[EstimateRow]] = []
    if onePass {
      let rows = try OnePassEstimation.estimate(
        linear, domains: domains, overall: overall, design: design, request: request)
      let perTarget = domains.labels.count + (overall ? 1 : 0)
      byTarget = stride(from: 0, to: rows.count, by: perTarget).map { Array(rows[$0..<$0 + perTarget]) }
    } else {
      for target in linear {
        var rows: [EstimateRow] = []
        for domain in domains.labels.indices {
          rows.append(try estimate(target, domain: domain, domains: domains, design: design, request: request))
        }
        if let whole {
          rows.append(try estimate(target, domain: 0, domains: whole, design: design, request: request))
        }
        byTarget.append(rows)
      }
    }
    var results: [EstimateRow] = []
    var next = 0
    for target in targets {
      if case .quantile = target.kind {
        results += try Quantiles.estimate(target, domains: domains, design: design, request: request)
        if let whole {
          results += try Quantiles.estimate(target, domains: whole, design: design, request: request)
        }
      } else {
        results += byTarget[next]
        next += 1
      }
    }
    return results
  }

  /// The request's domains and the targets of every statistic, in request order,
  /// built in parallel (each target turns its column into doubles and flags); the
  /// errors are thrown as a serial loop would: the domains' first, then the first
  /// failing statistic's in request order.
  static func domainsAndTargets(_ request: EstimationRequest, table: SurveyTable, coded: Bool = false)
    throws(EstimationError) -> (Domains, [Target])
  {
    let statistics = request.statistics
    let domainSlot = Mutex<Result<Domains, EstimationError>?>(nil)
    let slots = Mutex<[Result<[Target], EstimationError>?]>(Array(repeating: nil, count: statistics.count))
    DispatchQueue.concurrentPerform(iterations: statistics.count + 1) { index in
      guard index > 0 else {
        let domains = Result { () throws(EstimationError) in
          try Domains(table: table, groups: request.groups, subset: request.subset)
        }
        domainSlot.withLock { $0 = domains }
        return
      }
      let result = Result { () throws(EstimationError) in
        try Target.targets(of: statistics[index - 1], table: table, coded: coded)
      }
      slots.withLock { $0[index - 1] = result }
    }
    guard let domains = domainSlot.withLock({ $0 }) else {
      preconditionFailure("the domains have a result: concurrentPerform ran every part")
    }
    let found = try domains.get()
    var targets: [Target] = []
    for slot in slots.withLock({ $0 }) {
      guard let slot else { preconditionFailure("every statistic has a result: concurrentPerform ran them all") }
      targets += try slot.get()
    }
    return (found, targets)
  }

  static func estimate(
    _ target: Target, domain: Int, domains: Domains, design: SurveyDesign, request: EstimationRequest
  ) throws(EstimationError) -> EstimateRow {
    let subset = target.subset(domain: domain, domains: domains)
    let weights = design.weights
    let point = target.pointEstimate(weights: weights, present: subset.present)
    let influence = target.influence(weights: weights, present: subset.present, estimate: point)
    let variance: Double
    do {
      if let replicates = design.replicates {
        variance = Replication.variance(of: target, present: subset.present, full: point, replicates: replicates)
      } else {
        variance = try Linearization.variance(of: Influence(values: influence, present: subset.present), design: design)
      }
    } catch {
      throw EstimationError(message: error.message)
    }
    let se = variance.squareRoot()
    let df = design.degreesOfFreedom
    var row = EstimateRow(
      statistic: target.statistic, variable: target.variable, level: target.level,
      domain: domains.labels[domain], estimate: point, se: se, ciLow: .nan, ciHigh: .nan, deff: nil,
      deffReplace: nil, df: df, n: subset.count, nMissing: subset.missing)
    (row.deff, row.deffReplace) = target.designEffects(
      variance: variance, weights: weights, present: subset.present, estimate: point)
    let method = target.statistic == "proportion" ? request.interval : .wald
    var domainRows = 0
    var domainDF = Double(df)
    if method == .beta {
      (domainRows, domainDF) = domains.rowsAndDegreesOfFreedom(domain, design: design)
    }
    let interval = Intervals.interval(
      estimate: point, se: se, df: Double(df), level: request.level, method: method, n: subset.count,
      domainRows: domainRows, domainDF: domainDF)
    row.ciLow = interval.low
    row.ciHigh = interval.high
    return row
  }
}

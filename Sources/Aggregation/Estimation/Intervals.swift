#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Confidence intervals for estimates, with the design's degrees of freedom.
enum Intervals {
  /// - wald: estimate -/+ t(df, 1 - alpha/2) se (R's `confint(..., df = degf)`).
  /// - logit: expit(logit(p) -/+ t se / (p (1 - p))), R's `svyciprop(method = "xlogit")`.
  /// - wilson: Wilson's interval (1927) with the effective sample size n* = p(1-p)/se^2
  ///   and z = t(df, 1 - alpha/2): centre (p + z^2/(2n*)) / (1 + z^2/n*),
  ///   half-width z / (1 + z^2/n*) sqrt(p(1-p)/n* + z^2/(4 n*^2)).
  /// - beta: Korn and Graubard (1998): n* = p(1-p)/se^2 times
  ///   (t(n - 1, alpha/2) / t(df, alpha/2))^2, bounds Beta(alpha/2; n* p, n*(1-p) + 1)
  ///   and Beta(1 - alpha/2; n* p + 1, n*(1-p)), as R's `svyciprop(method = "beta")`,
  ///   where n and df are the rows and degrees of freedom of the domain.
  static func interval(
    estimate: Double, se: Double, df: Double, level: Double, method: EstimationRequest.IntervalMethod, n: Int,
    domainRows: Int = 0, domainDF: Double = .nan
  ) -> (low: Double, high: Double) {
    let alpha = 1 - level
    let t = Distribution.StudentT.quantile(1 - alpha / 2, df: df)
    switch method {
    case .wald:
      return (estimate - t * se, estimate + t * se)
    case .logit:
      let p = estimate
      let logit = log(p / (1 - p))
      let width = t * se / (p * (1 - p))
      return (expit(logit - width), expit(logit + width))
    case .wilson:
      let p = estimate
      let nEffective = p * (1 - p) / (se * se)
      let z2 = t * t
      let centre = (p + z2 / (2 * nEffective)) / (1 + z2 / nEffective)
      let half =
        t / (1 + z2 / nEffective) * (p * (1 - p) / nEffective + z2 / (4 * nEffective * nEffective)).squareRoot()
      return (centre - half, centre + half)
    case .beta:
      let p = estimate
      let ratio =
        Distribution.StudentT.quantile(alpha / 2, df: Double(domainRows - 1))
        / Distribution.StudentT.quantile(alpha / 2, df: domainDF)
      let nEffective = p * (1 - p) / (se * se) * ratio * ratio
      let low = Distribution.Beta.quantile(alpha / 2, a: nEffective * p, b: nEffective * (1 - p) + 1)
      let high = Distribution.Beta.quantile(1 - alpha / 2, a: nEffective * p + 1, b: nEffective * (1 - p))
      return (low, high)
    }
  }

  private static func expit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}

import Aggregation
import Foundation
import TestSupport
import Testing

/// One evaluation of a distribution function: the `function,x,p1,p2,value` rows of
/// Fixtures/distributions.csv (written by Fixtures/make_distribution_reference.py with mpmath at
/// 50+ digits), and the hand-checkable values and edge cases below.
struct DistributionCase: Sendable, CustomTestStringConvertible {
  let function: DistributionFunction
  let x: Double
  let p1: Double
  let p2: Double
  let expected: Double

  init(_ function: DistributionFunction, _ x: Double, _ p1: Double = .nan, _ p2: Double = .nan, expected: Double) {
    (self.function, self.x, self.p1, self.p2, self.expected) = (function, x, p1, p2, expected)
  }

  /// The value under test.
  var value: Double { function.evaluate(x, p1, p2) }

  var testDescription: String { "\(function.rawValue)(\(x), \(p1), \(p2)) = \(expected)" }
}

/// The functions of the reference file, with the relative tolerance each must meet.
enum DistributionFunction: String, CaseIterable, Sendable {
  case normalCDF = "normal_cdf"
  case normalQuantile = "normal_quantile"
  case tCDF = "t_cdf"
  case tQuantile = "t_quantile"
  case chiSquaredCDF = "chisq_cdf"
  case chiSquaredSurvival = "chisq_survival"
  case fCDF = "f_cdf"
  case fSurvival = "f_survival"
  case betaCDF = "beta_cdf"
  case betaQuantile = "beta_quantile"
  case incompleteBetaLower = "ibeta_lower"
  case incompleteBetaUpper = "ibeta_upper"
  case incompleteGammaLower = "gamma_lower"
  case incompleteGammaUpper = "gamma_upper"

  /// The accuracy goal: 1e-12 for normal, t and the incomplete beta and gamma functions, 1e-10 for
  /// chi-squared and F p-values (down to 1e-300), 1e-9 for Beta quantiles.
  var tolerance: Double {
    switch self {
    case .chiSquaredCDF, .chiSquaredSurvival, .fCDF, .fSurvival: return 1e-10
    case .betaQuantile: return 1e-9
    default: return 1e-12
    }
  }

  func evaluate(_ x: Double, _ p1: Double, _ p2: Double) -> Double {
    switch self {
    case .normalCDF: return Distribution.Normal.cdf(x)
    case .normalQuantile: return Distribution.Normal.quantile(x)
    case .tCDF: return Distribution.StudentT.cdf(x, df: p1)
    case .tQuantile: return Distribution.StudentT.quantile(x, df: p1)
    case .chiSquaredCDF: return Distribution.ChiSquared.cdf(x, df: p1)
    case .chiSquaredSurvival: return Distribution.ChiSquared.survival(x, df: p1)
    case .fCDF: return Distribution.FisherF.cdf(x, df1: p1, df2: p2)
    case .fSurvival: return Distribution.FisherF.survival(x, df1: p1, df2: p2)
    case .betaCDF: return Distribution.Beta.cdf(x, a: p1, b: p2)
    case .betaQuantile: return Distribution.Beta.quantile(x, a: p1, b: p2)
    case .incompleteBetaLower: return SpecialFunctions.incompleteBeta(a: p1, b: p2, x: x, y: 1 - x).lower
    case .incompleteBetaUpper: return SpecialFunctions.incompleteBeta(a: p1, b: p2, x: x, y: 1 - x).upper
    case .incompleteGammaLower: return SpecialFunctions.incompleteGamma(a: p1, x: x).lower
    case .incompleteGammaUpper: return SpecialFunctions.incompleteGamma(a: p1, x: x).upper
    }
  }
}

/// Fixtures/distributions.csv, read once.
enum DistributionReference {
  static let path = packageRoot() + "/Tests/AggregationTests/Fixtures/distributions.csv"

  static let cases: [DistributionCase] = {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 5, let function = DistributionFunction(rawValue: fields[0]),
        let x = Double(fields[1]), let value = Double(fields[4])
      else { return nil }
      return DistributionCase(function, x, Double(fields[2]) ?? .nan, Double(fields[3]) ?? .nan, expected: value)
    }
  }()
}

/// The relative error of `value` (absolute when `expected` is 0); 0 when both are the same
/// infinity or both NaN, infinite when exactly one is.
func relativeError(_ value: Double, _ expected: Double) -> Double {
  if expected.isNaN || value.isNaN { return expected.isNaN && value.isNaN ? 0 : .infinity }
  if expected.isInfinite || value.isInfinite {
    return expected.isInfinite && value.isInfinite && (expected > 0) == (value > 0) ? 0 : .infinity
  }
  return expected == 0 ? abs(value) : abs(value - expected) / abs(expected)
}

@Suite("Probability distributions")
struct DistributionTests {
  @Test("matches the 50-digit mpmath reference values", arguments: DistributionFunction.allCases)
  func matchesReference(_ function: DistributionFunction) {
    let cases = DistributionReference.cases.filter { $0.function == function }
    #expect(cases.count >= 20, "too few rows for \(function.rawValue) in \(DistributionReference.path)")
    for reference in cases {
      let value = reference.value
      #expect(
        relativeError(value, reference.expected) <= function.tolerance,
        "\(reference.testDescription), got \(value)")
    }
  }

  @Test(
    "agrees with hand-checkable values",
    arguments: [
      // qnorm(0.975) and qt(0.975, 14) as R 4.2.2 prints them with 17 digits, 1.9599639845400536 and
      // 2.1447866879178039 (the often-quoted 2.1447866879169273 is 4e-13 too small: pt of it is
      // 0.025 + 4e-14); the Cauchy quantile tan(0.475 pi); with 2 df, (2p - 1) / sqrt(2 p (1 - p)).
      DistributionCase(.normalQuantile, 0.975, expected: 1.959963984540054),
      DistributionCase(.normalCDF, -1.959963984540054, expected: 0.025),
      DistributionCase(.normalCDF, 0, expected: 0.5),
      DistributionCase(.tQuantile, 0.975, 14, expected: 2.1447866879178039),
      DistributionCase(.tQuantile, 0.975, 1, expected: 12.706204736174705),
      DistributionCase(.tQuantile, 0.975, 2, expected: 4.302652729749464),
      DistributionCase(.tCDF, 1, 1, expected: 0.75),
      DistributionCase(.tCDF, -2.1447866879178039, 14, expected: 0.025),
      // Chi-squared with 2 df is exponential: P(X > x) = exp(-x / 2); with 1 df, 2 (1 - Phi(sqrt x)).
      DistributionCase(.chiSquaredSurvival, 2, 2, expected: 0.36787944117144233),
      DistributionCase(.chiSquaredSurvival, 100, 2, expected: 1.9287498479639178e-22),
      DistributionCase(.chiSquaredSurvival, 3.841458820694124, 1, expected: 0.05),
      // F(2, 2): P(F > x) = 1 / (1 + x).
      DistributionCase(.fSurvival, 1, 2, 2, expected: 0.5),
      DistributionCase(.fSurvival, 1e12, 2, 2, expected: 9.99999999999e-13),
      // Beta(1, 1) is uniform; Beta(2, 1) has cdf x^2; I_0.5(2, 3) = 11/16.
      DistributionCase(.betaQuantile, 0.3, 1, 1, expected: 0.3),
      DistributionCase(.betaQuantile, 0.25, 2, 1, expected: 0.5),
      DistributionCase(.betaCDF, 0.5, 2, 3, expected: 0.6875),
      // P(1, x) = 1 - exp(-x).
      DistributionCase(.incompleteGammaUpper, 50, 1, expected: 1.9287498479639178e-22),
      DistributionCase(.incompleteGammaLower, 1e-10, 1, expected: 9.9999999995e-11),
    ])
  func handValues(_ reference: DistributionCase) {
    #expect(relativeError(reference.value, reference.expected) <= 1e-14, "got \(reference.value)")
  }

  @Test("computes log-gamma and Stirling's error from their closed forms")
  func gammaHelpers() {
    // log Gamma(1/2) = log sqrt(pi); log Gamma(10) = log 9!; delta(1) = 1 - log sqrt(2 pi).
    #expect(relativeError(SpecialFunctions.logGamma(0.5), 0.5723649429247001) <= 1e-15)
    #expect(relativeError(SpecialFunctions.logGamma(10), 12.801827480081469) <= 1e-15)
    #expect(relativeError(SpecialFunctions.stirlingError(1), 0.08106146679532726) <= 1e-14)
    #expect(relativeError(SpecialFunctions.stirlingError(1e6), 1 / 12e6) <= 1e-12)
  }

  @Test(
    "follows the documented edge cases",
    arguments: [
      DistributionCase(.normalQuantile, 0, expected: -.infinity),
      DistributionCase(.normalQuantile, 1, expected: .infinity),
      DistributionCase(.normalQuantile, 1.5, expected: .nan),
      DistributionCase(.normalQuantile, .nan, expected: .nan),
      DistributionCase(.normalCDF, -.infinity, expected: 0),
      DistributionCase(.normalCDF, .infinity, expected: 1),
      DistributionCase(.normalCDF, .nan, expected: .nan),
      DistributionCase(.tQuantile, 0, 5, expected: -.infinity),
      DistributionCase(.tQuantile, 1, 5, expected: .infinity),
      DistributionCase(.tQuantile, 0.5, 5, expected: 0),
      DistributionCase(.tQuantile, 0.975, 0, expected: .nan),
      DistributionCase(.tQuantile, 0.975, -3, expected: .nan),
      DistributionCase(.tQuantile, 0.975, .nan, expected: .nan),
      DistributionCase(.tQuantile, -0.1, 5, expected: .nan),
      DistributionCase(.tQuantile, 0.975, .infinity, expected: 1.959963984540054),
      DistributionCase(.tCDF, -1.959963984540054, .infinity, expected: 0.025),
      DistributionCase(.tCDF, .infinity, 3, expected: 1),
      DistributionCase(.tCDF, -.infinity, 3, expected: 0),
      DistributionCase(.tCDF, 1, 0, expected: .nan),
      DistributionCase(.chiSquaredCDF, -1, 3, expected: 0),
      DistributionCase(.chiSquaredSurvival, -1, 3, expected: 1),
      DistributionCase(.chiSquaredSurvival, .infinity, 3, expected: 0),
      DistributionCase(.chiSquaredSurvival, 1, 0, expected: .nan),
      DistributionCase(.chiSquaredSurvival, 1, .infinity, expected: .nan),
      DistributionCase(.fCDF, 0, 2, 3, expected: 0),
      DistributionCase(.fSurvival, 0, 2, 3, expected: 1),
      DistributionCase(.fSurvival, .infinity, 2, 3, expected: 0),
      DistributionCase(.fSurvival, 1, -2, 3, expected: .nan),
      DistributionCase(.fSurvival, 1, 2, 0, expected: .nan),
      // d2 = infinity: the chi-squared limit, P(chi2_2 > 2 x) = exp(-x).
      DistributionCase(.fSurvival, 1, 2, .infinity, expected: 0.36787944117144233),
      DistributionCase(.betaCDF, -0.5, 2, 3, expected: 0),
      DistributionCase(.betaCDF, 1.5, 2, 3, expected: 1),
      DistributionCase(.betaCDF, 0.5, -1, 3, expected: .nan),
      DistributionCase(.betaQuantile, 0, 2, 3, expected: 0),
      DistributionCase(.betaQuantile, 1, 2, 3, expected: 1),
      DistributionCase(.betaQuantile, 1.5, 2, 3, expected: .nan),
      DistributionCase(.betaQuantile, 0.5, .infinity, 3, expected: .nan),
      // Point masses, as R's qbeta: a = 0 at 0, b = 0 at 1 (Korn-Graubard at p = 0 or 1).
      DistributionCase(.betaQuantile, 0.025, 0, 12, expected: 0),
      DistributionCase(.betaQuantile, 0.975, 12, 0, expected: 1),
      DistributionCase(.incompleteGammaLower, 1, 0, expected: .nan),
      DistributionCase(.incompleteGammaLower, 0, 2, expected: 0),
    ])
  func edgeCases(_ reference: DistributionCase) {
    #expect(relativeError(reference.value, reference.expected) <= 1e-14, "got \(reference.value)")
  }

  @Test("inverts its own t distribution function", arguments: [1.0, 2.5, 14, 120, 1e4, 1e6])
  func tRoundTrip(df: Double) {
    for p in [1e-12, 1e-6, 0.025, 0.3, 0.5 - 1e-9, 0.5 + 1e-9, 0.7, 0.975, 1 - 1e-6] {
      let t = Distribution.StudentT.quantile(p, df: df)
      #expect(relativeError(Distribution.StudentT.cdf(t, df: df), p) <= 1e-12, "p = \(p), t = \(t)")
      if p >= 1e-9 {  // 1 - p keeps only about 16 - 9 digits of a tail of 1e-9
        #expect(relativeError(-Distribution.StudentT.quantile(1 - p, df: df), t) <= 1e-6, "symmetry at p = \(p)")
      }
    }
  }

  @Test(
    "inverts its own Beta distribution function",
    arguments: [(0.5, 0.5), (2, 48), (48.3, 1.7), (0.05, 3), (1e4, 1e4)] as [(Double, Double)])
  func betaRoundTrip(a: Double, b: Double) {
    // Not far in the upper tail: there x is so close to 1 that I_x(a, b) cannot resolve it.
    for p in [1e-10, 0.025, 0.5, 0.975] {
      let x = Distribution.Beta.quantile(p, a: a, b: b)
      let back = Distribution.Beta.cdf(x, a: a, b: b)
      #expect(relativeError(p < 0.5 ? back : 1 - back, p < 0.5 ? p : 1 - p) <= 1e-6, "p = \(p), x = \(x)")
    }
  }

  @Test(
    "returns p-values below the resolution of 1 - cdf",
    arguments: [(60, 1), (400, 30), (1_012_000, 1e6)] as [(Double, Double)])
  func smallPValues(x: Double, df: Double) {
    let survival = Distribution.ChiSquared.survival(x, df: df)
    #expect(survival > 0 && survival < 1e-14, "chi-squared p-value \(survival)")
    let f = Distribution.FisherF.survival(x / df, df1: df, df2: 1e7)
    #expect(f > 0 && f < 1e-13, "F p-value \(f)")
  }
}

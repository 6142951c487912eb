import SurveyCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Inverse incomplete beta

extension SpecialFunctions {
  /// The x in [0, 1] with I_x(a, b) = p (and 1 − I_x(a, b) = q), returned with y = 1 − x.
  ///
  /// `q` is 1 − p, passed separately so that an upper tail given exactly (1e-12, say) is not
  /// rounded through `1 - p`. The solution is returned as the pair (x, y), each accurate in its
  /// own right, so that t quantiles for large df (x near 1) keep their accuracy.
  ///
  /// Method: a safeguarded Newton iteration in the logarithms (Press et al. 2007, §6.4 "invbetai"
  /// uses Halley steps in x; logarithms make the power-law tails I ≈ C xᵃ linear). The unknown is
  /// whichever of x and y is at most ½ at the solution (decided by I_½(a, b)); the equation is
  /// log T(u) = log(target) for the smaller of the two tails T, so that its relative accuracy
  /// carries over. The derivative is the density xᵃ⁻¹ yᵇ⁻¹ / B(a, b) from
  /// ``betaPowerTerms(a:b:x:y:)``. Each evaluation narrows a bracket around the root; a step that
  /// would leave it is replaced by bisection (geometric when the bracket spans decades). Starting
  /// values: Abramowitz and Stegun 26.5.22 for a, b ≥ 1, the power-law tail otherwise
  /// (as in Press et al.). Typically 4–8 evaluations of ``incompleteBeta(a:b:x:y:)``.
  ///
  /// Accuracy: relative error of the smaller of x and y below 2e-13 on the test grid and random
  /// checks (the accuracy of I divided by the elasticity d log I / d log u).
  ///
  /// - Edge cases: p = 0 gives (0, 1) and q = 0 gives (1, 0); a = 0 gives (0, 1) and b = 0 gives
  ///   (1, 0) for 0 < p < 1 (point masses, as R's `qbeta`); a = b = 0 gives (0, 1) for p < ½, (1, 0)
  ///   above; NaN, negative p or q, negative or infinite a or b give (NaN, NaN).
  package static func inverseIncompleteBeta(p: Double, q: Double, a: Double, b: Double) -> (x: Double, y: Double) {
    let invalid = (x: Double.nan, y: Double.nan)
    if p.isNaN || q.isNaN || a.isNaN || b.isNaN || p < 0 || q < 0 { return invalid }
    if a < 0 || b < 0 || !a.isFinite || !b.isFinite { return invalid }
    if p == 0 { return (0, 1) }
    if q == 0 { return (1, 0) }
    if a == 0 && b == 0 { return p < 0.5 ? (0, 1) : (1, 0) }
    if a == 0 { return (0, 1) }
    if b == 0 { return (1, 0) }

    // Solve for the lower tail if it is the smaller target, else for the upper tail.
    let matchLower = p <= q
    let logTarget = log(matchLower ? p : q)
    let half = incompleteBeta(a: a, b: b, x: 0.5, y: 0.5)
    if half.lower.isNaN { return invalid }
    // The unknown u is x when the solution is at most ½, y otherwise.
    let unknownIsX = matchLower ? half.lower >= p : half.upper <= q
    // The matched tail rises with u when both or neither of these hold.
    let rising = matchLower == unknownIsX

    var low = 0.0
    var high = 0.5
    var u = startingValue(p: p, q: q, a: a, b: b, unknownIsX: unknownIsX)
    if !(u > 0) { u = 0.25 } else if u > 0.5 { u = 0.5 }
    for _ in 0..<300 {
      let x = unknownIsX ? u : 1 - u
      let y = unknownIsX ? 1 - u : u
      let tails = incompleteBeta(a: a, b: b, x: x, y: y)
      let tail = matchLower ? tails.lower : tails.upper
      if tail.isNaN { return invalid }
      let residual = log(tail) - logTarget
      if residual == 0 { return (x, y) }
      if (residual < 0) == rising { low = u } else { high = u }
      // Newton in log u: d log T / d log u = ± (u × density) / T, density = xᵃ yᵇ / (B x y).
      let elasticity = betaPowerTerms(a: a, b: b, x: x, y: y) / ((unknownIsX ? y : x) * tail)
      let step = -residual / (rising ? elasticity : -elasticity)
      var next = u * exp(step)
      if !(next > low && next < high) || !step.isFinite {
        if low == 0 {
          next = high / 16
        } else if high > 8 * low {
          next = (low * high).squareRoot()
        } else {
          next = 0.5 * (low + high)
        }
      } else if abs(step) < 1e-13 {
        u = next
        break
      }
      if next == u || high - low <= 2 * u.ulp { break }
      u = next
    }
    return unknownIsX ? (u, 1 - u) : (1 - u, u)
  }

  /// A starting value for the unknown u (x if `unknownIsX`, else y) of the inverse incomplete beta.
  ///
  /// For a, b ≥ 1: Abramowitz and Stegun 26.5.22, with the normal deviate from 26.2.23
  /// (|error| < 4.5e-4). Otherwise the leading term of the tail, I_x(a, b) ≈ xᵃ / (a B(a, b))
  /// near 0 and 1 − I_x(a, b) ≈ yᵇ / (b B(a, b)) near 1.
  private static func startingValue(p: Double, q: Double, a: Double, b: Double, unknownIsX: Bool) -> Double {
    if a >= 1 && b >= 1 {
      // The upper deviate z with 1 − Φ(z) = p (positive for small p), from the smaller tail.
      let tail = min(p, q)
      let t = (-2 * log(tail)).squareRoot()
      var z = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
      if q < p { z = -z }
      let lambda = (z * z - 3) / 6
      let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
      let w = z * (h + lambda).squareRoot() / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h))
      // x = a / (a + b e^{2w}) and y = b e^{2w} / (a + b e^{2w}), written without overflow.
      return unknownIsX ? 1 / (1 + b / a * exp(2 * w)) : 1 / (1 + a / b * exp(-2 * w))
    }
    let logBeta = logBeta(a, b)
    return unknownIsX ? exp((log(p) + log(a) + logBeta) / a) : exp((log(q) + log(b) + logBeta) / b)
  }
}

import Reporting
import Testing

// Reference numbers from base R 4.2 (no packages), coincidence-matrix method:
//
//   kripp <- function(m) {  # m: coders x units, NA for missing
//     cats <- sort(unique(na.omit(as.vector(m)))); o <- matrix(0, length(cats), length(cats))
//     for (u in seq_len(ncol(m))) {
//       v <- na.omit(m[, u]); mu <- length(v); if (mu < 2) next
//       t <- table(factor(v, cats)); o <- o + (outer(t, t) - diag(as.vector(t), length(cats))) / (mu - 1)
//     }
//     nc <- rowSums(o); n <- sum(nc)
//     Do <- (n - sum(diag(o))) / n; De <- (n^2 - sum(nc^2)) / (n * (n - 1))
//     c(n = n, Do = Do, De = De, alpha = 1 - Do / De)
//   }
//   options(digits = 15)
//   m <- rbind(c(1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA), c(1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3),
//              c(NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA), c(1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA))
//   kripp(m)  # n 40, Do 0.2, De 0.779487179487179, alpha 0.743421052631579
//   kripp(rbind(c(0, 1, 0, 0, 0, 0, 0, 0, 1, 0), c(1, 1, 1, 0, 0, 1, 0, 0, 0, 0)))
//             # n 20, Do 0.4, De 0.442105263157895, alpha 0.0952380952380951

/// Krippendorff (2011), section C: 4 observers (A to D) by 12 units, nominal, missing values.
private let observers: [[Int?]] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
  [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
]

/// The observers' table turned into one row per unit, as `krippendorffAlpha` takes it.
private func byUnit<Value>(_ coders: [[Value?]]) -> [[Value?]] {
  (0..<(coders.first?.count ?? 0)).map { u in coders.map { $0[u] } }
}

@Suite("Krippendorff's alpha")
struct KrippendorffAlphaTests {
  /// Unit 12 has a single value and is not pairable: n = 40, D_o = 8/40, D_e = 0.7795,
  /// alpha = 0.743 as published.
  @Test("matches the published four-observer nominal example with missing values, alpha = 0.743")
  func fourObservers() {
    let result = Reliability.krippendorffAlpha(units: byUnit(observers))
    #expect(isClose(result.alpha, 0.743421052631579))
    #expect(isClose(result.alpha, 0.743, 1e-3))
    #expect(isClose(result.observedDisagreement, 0.2))
    #expect(isClose(result.expectedDisagreement, 0.779487179487179))
    #expect(result.pairableValues == 40 && result.units == 11 && result.unitsDropped == 1)
  }

  /// n = 20 values, 6 ones; four units disagree: alpha = 1 - 19 * 8 / (2 * 6 * 14) = 2/21.
  @Test("matches the published two-observer binary example, alpha = 0.095")
  func twoObservers() {
    let coders: [[Int?]] = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    let result = Reliability.krippendorffAlpha(units: byUnit(coders))
    #expect(isClose(result.alpha, 2.0 / 21))
    #expect(isClose(result.alpha, 0.095, 1e-2))
    #expect(isClose(result.observedDisagreement, 0.4))
    #expect(isClose(result.expectedDisagreement, 0.442105263157895))
  }

  @Test("does not depend on how the values are labelled or in which order the coders come")
  func relabelled() {
    let names = [1: "approachability", 2: "acceptability", 3: "availability", 4: "affordability", 5: "appropriateness"]
    let labelled = observers.reversed().map { row in row.map { $0.flatMap { names[$0] } } }
    let result = Reliability.krippendorffAlpha(units: byUnit(labelled))
    #expect(isClose(result.alpha, 0.743421052631579))
  }

  @Test("gives 1 for perfect agreement, with missing values in between")
  func perfect() {
    let units: [[String?]] = [["a", "a", nil], ["b", nil, "b"], ["c", "c", "c"], [nil, "a", nil]]
    let result = Reliability.krippendorffAlpha(units: units)
    #expect(isClose(result.alpha, 1))
    #expect(result.units == 3 && result.unitsDropped == 1 && result.pairableValues == 7)
  }

  @Test("explains that alpha is undefined when no unit has two values")
  func noOverlap() {
    let result = Reliability.krippendorffAlpha(units: [["a", nil], [nil, "b"], [nil, nil]])
    #expect(result.alpha == nil && result.observedDisagreement == nil && result.expectedDisagreement == nil)
    #expect(result.units == 0 && result.unitsDropped == 3)
    #expect(result.undefinedReason == "Krippendorff's alpha is undefined: no unit has values from two or more coders")
  }

  @Test("explains that alpha is undefined when every pairable value is in one category")
  func oneCategory() {
    let result = Reliability.krippendorffAlpha(units: [["a", "a"], ["a", "a", "a"], ["b", nil]])
    #expect(result.alpha == nil)
    #expect(isClose(result.expectedDisagreement, 0) && isClose(result.observedDisagreement, 0))
    #expect(
      result.undefinedReason
        == "Krippendorff's alpha is undefined: all 5 pairable values are in one category, so no disagreement is expected"
    )
  }
}

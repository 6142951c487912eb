import Reporting
import Testing

// Reference numbers from base R 4.2 (no packages):
//
//   kappa <- function(t) {
//     n <- sum(t); po <- sum(diag(t)) / n; pe <- sum(rowSums(t) * colSums(t)) / n^2
//     c(po, pe, (po - pe) / (1 - pe))
//   }
//   options(digits = 15)
//   kappa(matrix(c(20, 5, 10, 15), 2, byrow = TRUE))                  # 0.7 0.5 0.4
//   kappa(matrix(c(75, 1, 4, 5, 4, 1, 0, 0, 10), 3, byrow = TRUE))   # 0.89 0.66 0.676470588235294
//   a <- c(0, 1, 0, 0, 0, 0, 0, 0, 1, 0); b <- c(1, 1, 1, 0, 0, 1, 0, 0, 0, 0)
//   kappa(table(factor(a, 0:1), factor(b, 0:1)))                      # 0.6 0.56 0.0909090909090907

/// The units behind a contingency table: `table[i][j]` units that the first coder put in
/// `levels[i]` and the second in `levels[j]`.
private func units(_ table: [[Int]], _ levels: [String]) -> (first: [String?], second: [String?]) {
  var first: [String?] = []
  var second: [String?] = []
  for (i, row) in table.enumerated() {
    for (j, count) in row.enumerated() {
      first += Array(repeating: levels[i], count: count)
      second += Array(repeating: levels[j], count: count)
    }
  }
  return (first, second)
}

/// The two coders of Krippendorff's (2011) binary example, section A.
private let krippendorffFirst: [Int?] = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
private let krippendorffSecond: [Int?] = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]

@Suite("Cohen's kappa")
struct CohenKappaTests {
  /// The 2x2 grant-proposal example of 50 units: both yes 20, yes/no 5, no/yes 10, both
  /// no 15, so p_o = 35/50 = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5, kappa = 0.2 / 0.5 = 0.4.
  @Test("matches the 2x2 grant-proposal example, kappa = 0.4")
  func twoByTwo() {
    let (first, second) = units([[20, 5], [10, 15]], ["yes", "no"])
    let result = Reliability.cohenKappa(first, second)
    #expect(isClose(result.observedAgreement, 0.7))
    #expect(isClose(result.chanceAgreement, 0.5))
    #expect(isClose(result.kappa, 0.4))
    #expect(result.units == 50 && result.unitsDropped == 0 && result.undefinedReason == nil)
  }

  /// A 3x3 diagnosis table of 100 subjects (psychotic, neurotic, organic) in the shape of
  /// Fleiss's classic example: p_o = 0.89, margins (0.80, 0.10, 0.10) and (0.80, 0.05,
  /// 0.15), p_e = 0.64 + 0.005 + 0.015 = 0.66, kappa = 0.23 / 0.34 = 0.6765.
  @Test("matches a 3x3 diagnosis table, kappa = 0.23 / 0.34")
  func threeByThree() {
    let (first, second) = units([[75, 1, 4], [5, 4, 1], [0, 0, 10]], ["psychotic", "neurotic", "organic"])
    let result = Reliability.cohenKappa(first, second)
    #expect(isClose(result.observedAgreement, 0.89))
    #expect(isClose(result.chanceAgreement, 0.66))
    #expect(isClose(result.kappa, 0.23 / 0.34))
    #expect(isClose(result.kappa, 0.676470588235294))
  }

  /// p_o = 6/10, margins of ones 2/10 and 4/10, p_e = 0.08 + 0.48 = 0.56, kappa = 0.04 / 0.44.
  @Test("gives 1/11 on Krippendorff's binary example, where his alpha is 0.095")
  func krippendorffBinary() {
    let result = Reliability.cohenKappa(krippendorffFirst, krippendorffSecond)
    #expect(isClose(result.kappa, 1.0 / 11))
    #expect(isClose(result.chanceAgreement, 0.56))
  }

  @Test("gives 1 for perfect agreement and a negative kappa for systematic disagreement")
  func perfectAndNegative() {
    let codes = ["a", "b", "c", "a", "b"]
    #expect(isClose(Reliability.cohenKappa(codes, codes).kappa, 1))
    // Always opposite: p_o = 0, p_e = 0.5, kappa = -1.
    #expect(isClose(Reliability.cohenKappa(["x", "y", "x", "y"], ["y", "x", "y", "x"]).kappa, -1))
  }

  @Test("drops units that either coder left uncoded")
  func missing() {
    let first: [String?] = ["yes", nil, "no", "yes", "no"]
    let second: [String?] = ["yes", "no", "no", nil, "no"]
    let result = Reliability.cohenKappa(first, second)
    #expect(result.units == 3 && result.unitsDropped == 2)
    #expect(isClose(result.kappa, 1))
  }

  @Test("explains that kappa is undefined when both coders use one and the same category")
  func chanceAgreementOne() {
    let result = Reliability.cohenKappa(["a", "a", "a"], ["a", "a", "a"])
    #expect(result.kappa == nil)
    #expect(isClose(result.observedAgreement, 1) && isClose(result.chanceAgreement, 1))
    #expect(
      result.undefinedReason
        == "Cohen's kappa is undefined: chance agreement is 1 because both coders put all 3 units in one category")
  }

  @Test("explains that kappa is undefined when no unit was coded by both coders")
  func noOverlap() {
    let result = Reliability.cohenKappa(["a", nil], [nil, "b"])
    #expect(result.kappa == nil && result.observedAgreement == nil && result.chanceAgreement == nil)
    #expect(result.units == 0 && result.unitsDropped == 2)
    #expect(result.undefinedReason == "Cohen's kappa is undefined: no unit was coded by both coders")
  }

  @Test("computes kappa per code as presence or absence over the double-coded segments")
  func perCode() {
    // "cost" follows Krippendorff's binary example (kappa 1/11); "language" is on every
    // segment for both coders (undefined); "trust" agrees perfectly on segments 0 and 5.
    var first: [Set<String>?] = krippendorffFirst.map { $0 == 1 ? ["cost", "language"] : ["language"] }
    var second: [Set<String>?] = krippendorffSecond.map { $0 == 1 ? ["cost", "language"] : ["language"] }
    first[0]?.insert("trust")
    second[0]?.insert("trust")
    first[5]?.insert("trust")
    second[5]?.insert("trust")
    // A segment only the first coder coded does not count, whatever its codes.
    first.append(["cost", "housing"])
    second.append(nil)
    let result = Reliability.cohenKappaPerCode(first, second)
    #expect(result.map(\.code) == ["cost", "language", "trust"])
    #expect(result.allSatisfy { $0.kappa.units == 10 && $0.kappa.unitsDropped == 1 })
    #expect(isClose(result[0].kappa.kappa, 1.0 / 11))
    #expect(result[1].kappa.kappa == nil)
    #expect(
      result[1].kappa.undefinedReason
        == "Cohen's kappa is undefined: chance agreement is 1 because both coders put all 10 units in one category")
    #expect(isClose(result[2].kappa.kappa, 1))
  }

  @Test("returns no codes when no segment was coded by both coders")
  func perCodeNoOverlap() {
    #expect(Reliability.cohenKappaPerCode([["cost"], nil], [nil, ["cost"]]).isEmpty)
  }
}

import Reporting
import Testing

// Reference numbers come from base R 4.2 (no packages): save as reliability.R and run
// `Rscript reliability.R`.
//
//   alpha <- function(x, w = rep(1, nrow(x))) {
//     S <- cov.wt(x, wt = w / sum(w))$cov; k <- ncol(S)
//     k / (k - 1) * (1 - sum(diag(S)) / sum(S))
//   }
//   itemrest <- function(x) sapply(seq_len(ncol(x)), function(j) cor(x[, j], rowSums(x[, -j, drop = FALSE])))
//   ifdel <- function(x) sapply(seq_len(ncol(x)), function(j) alpha(x[, -j]))
//   options(digits = 15)
//   x <- as.matrix(datasets::attitude); print(alpha(x)); print(ifdel(x)); print(itemrest(x))
//   S <- cov(x); print(ncol(S) / (ncol(S) - 1) * (1 - sum(diag(S)) / sum(S)))  # same with cov()
//   h <- cbind(c(4, 3, 5, 2), c(5, 4, 5, 3), c(4, 3, 5, 2)); print(alpha(h)); print(itemrest(h)); print(ifdel(h))
//   w <- c(1, 2, 1, 3); print(alpha(h, w)); print(alpha(h[rep(1:4, w), ]))  # weights = repeated rows

/// R's `attitude` data set (Chatterjee and Price 1977): 30 departments, 7 survey items.
private let attitude: [[Double?]] = [
  [43, 51, 30, 39, 61, 92, 45], [63, 64, 51, 54, 63, 73, 47], [71, 70, 68, 69, 76, 86, 48],
  [61, 63, 45, 47, 54, 84, 35], [81, 78, 56, 66, 71, 83, 47], [43, 55, 49, 44, 54, 49, 34],
  [58, 67, 42, 56, 66, 68, 35], [71, 75, 50, 55, 70, 66, 41], [72, 82, 72, 67, 71, 83, 31],
  [67, 61, 45, 47, 62, 80, 41], [64, 53, 53, 58, 58, 67, 34], [67, 60, 47, 39, 59, 74, 41],
  [69, 62, 57, 42, 55, 63, 25], [68, 83, 83, 45, 59, 77, 35], [77, 77, 54, 72, 79, 77, 46],
  [81, 90, 50, 72, 60, 54, 36], [74, 85, 64, 69, 79, 79, 63], [65, 60, 65, 75, 55, 80, 60],
  [65, 70, 46, 57, 75, 85, 46], [50, 58, 68, 54, 64, 78, 52], [50, 40, 33, 34, 43, 64, 33],
  [64, 61, 52, 62, 66, 80, 41], [53, 66, 52, 50, 63, 80, 37], [40, 37, 42, 58, 50, 57, 49],
  [63, 54, 42, 48, 66, 75, 33], [66, 77, 66, 63, 88, 76, 72], [78, 75, 58, 74, 80, 78, 49],
  [48, 57, 44, 45, 51, 83, 38], [85, 85, 71, 71, 77, 74, 55], [82, 82, 39, 59, 64, 78, 39],
]

/// Four respondents, three items: item variances 5/3, 11/12, 5/3 (sum 17/4), total
/// scores 13, 10, 15, 7 with variance 49/4, so alpha = 3/2 * (1 - 17/49) = 48/49.
private let hand: [[Double?]] = [[4, 5, 4], [3, 4, 3], [5, 5, 5], [2, 3, 2]]

@Suite("Cronbach's alpha")
struct CronbachAlphaTests {
  @Test("matches the hand-worked four-respondent example, alpha = 48/49")
  func handExample() {
    let result = Reliability.cronbachAlpha(items: itemColumns(hand))
    #expect(isClose(result.alpha, 48.0 / 49))
    #expect(isClose(result.alpha, 0.979591836734694))
    #expect(result.respondentsUsed == 4 && result.respondentsDropped == 0 && result.itemCount == 3)
    let itemRest = [0.989778266557289, 0.943879807448539, 0.989778266557289]
    let ifDeleted = [0.949152542372881, 1.0, 0.949152542372881]
    for (item, (r, a)) in zip(result.items, zip(itemRest, ifDeleted)) {
      #expect(isClose(item.itemRestCorrelation, r, 1e-12))
      #expect(isClose(item.alphaIfDeleted, a, 1e-12))
    }
    #expect(!result.isBelowThreshold)
  }

  @Test("matches base R on the attitude data, with alpha if deleted and item-rest correlations")
  func attitudeData() {
    let result = Reliability.cronbachAlpha(items: itemColumns(attitude))
    #expect(isClose(result.alpha, 0.84314276956476))
    let ifDeleted = [
      0.809760206308921, 0.796917457274140, 0.827847765938659, 0.803030975022574,
      0.795386574198205, 0.863872311446437, 0.840464868265457,
    ]
    let itemRest = [
      0.671262057223664, 0.742109710222239, 0.560711111480256, 0.714445498133676,
      0.786275593834400, 0.265034339196676, 0.460810549468496,
    ]
    #expect(zip(result.items, ifDeleted).allSatisfy { isClose($0.alphaIfDeleted, $1, 1e-12) })
    #expect(zip(result.items, itemRest).allSatisfy { isClose($0.itemRestCorrelation, $1, 1e-12) })
    #expect(result.items.map(\.index) == Array(0..<7))
  }

  @Test("weights act like repeated respondents, as R's cov.wt")
  func weighted() {
    let weights = [1.0, 2, 1, 3]
    let weighted = Reliability.cronbachAlpha(items: itemColumns(hand), weights: weights)
    let repeated = zip(hand, weights).flatMap { row, w in Array(repeating: row, count: Int(w)) }
    let expanded = Reliability.cronbachAlpha(items: itemColumns(repeated))
    #expect(isClose(weighted.alpha, 0.985915492957746))
    #expect(isClose(weighted.alpha, expanded.alpha ?? .nan))
    #expect(
      zip(weighted.items, expanded.items).allSatisfy { pair in
        isClose(pair.0.itemRestCorrelation, pair.1.itemRestCorrelation ?? .nan)
          && isClose(pair.0.alphaIfDeleted, pair.1.alphaIfDeleted ?? .nan)
      })
  }

  @Test("drops respondents with a missing or non-finite item and reports how many were used")
  func listwiseDeletion() {
    let rows: [[Double?]] = hand + [[1, nil, 2], [5, .nan, 4], [nil, nil, nil]]
    let result = Reliability.cronbachAlpha(items: itemColumns(rows))
    #expect(result.respondentsUsed == 4 && result.respondentsDropped == 3)
    #expect(isClose(result.alpha, 48.0 / 49))
  }

  @Test("flags alpha below the threshold, 0.7 unless told otherwise")
  func threshold() {
    let weak: [[Double?]] = [[1, 2], [2, 1], [3, 3], [4, 5], [5, 2]]
    let result = Reliability.cronbachAlpha(items: itemColumns(weak))
    #expect(result.threshold == 0.7)
    #expect(result.isBelowThreshold)
    let strict = Reliability.cronbachAlpha(items: itemColumns(hand), threshold: 0.99)
    #expect(strict.isBelowThreshold)
  }

  @Test("returns a negative alpha when items covary negatively")
  func negative() {
    // Items 1, 2, 3 and 3, 1, 2: variances 1 and 1, covariance -1/2, total variance 1,
    // so alpha = 2 * (1 - 2 / 1) = -2.
    let mild: [[Double?]] = [[1, 3], [2, 1], [3, 2]]
    #expect(isClose(Reliability.cronbachAlpha(items: itemColumns(mild)).alpha, -2))
  }

  @Test("keeps alpha defined with a constant item, whose item-rest correlation is undefined")
  func constantItem() {
    let rows = hand.map { $0 + [7] }
    let result = Reliability.cronbachAlpha(items: itemColumns(rows))
    // S gains a zero row and column: trace and sum(S) are unchanged, k goes from 3 to 4.
    #expect(isClose(result.alpha, 4.0 / 3 * (1 - 17.0 / 49)))
    #expect(result.items[3].itemRestCorrelation == nil)
    #expect(isClose(result.items[3].alphaIfDeleted, 48.0 / 49))
  }

  @Test(
    "explains why alpha is undefined",
    arguments: [
      ([[1, 2, 3]] as [[Double?]], "Cronbach's alpha needs at least two items; got 1"),
      ([[Double?]](), "Cronbach's alpha needs at least two items; got 0"),
      (
        [[1, 2], [2, nil]],
        "Cronbach's alpha needs at least two respondents with every item answered; got 1"
      ),
      ([[3, 3, 3], [1, 1, 1]], "Cronbach's alpha is undefined: the total score has no variance"),
      ([[1, 2, 3], [3, 2, 1]], "Cronbach's alpha is undefined: the total score has no variance"),
    ])
  func undefined(items: [[Double?]], reason: String) {
    let result = Reliability.cronbachAlpha(items: items)
    #expect(result.alpha == nil)
    #expect(result.undefinedReason == reason)
    #expect(!result.isBelowThreshold)
    #expect(result.items.allSatisfy { $0.alphaIfDeleted == nil && $0.itemRestCorrelation == nil })
  }

  @Test("explains that a zero total weight leaves alpha undefined")
  func zeroWeight() {
    let result = Reliability.cronbachAlpha(items: itemColumns(hand), weights: [0, 0, 0, 0])
    #expect(result.undefinedReason == "Cronbach's alpha is undefined: the complete cases have a total weight of zero")
  }

  @Test("leaves alpha if item deleted undefined with two items")
  func twoItems() {
    let result = Reliability.cronbachAlpha(items: itemColumns(hand.map { Array($0.prefix(2)) }))
    #expect(result.alpha != nil)
    #expect(result.items.allSatisfy { $0.alphaIfDeleted == nil && $0.itemRestCorrelation != nil })
  }
}

import Foundation
import Testing

@testable import Reporting

// Every expected number below is worked out by hand in the comment beside it; no
// script is involved. The 3-unit table used throughout:
//
//   unit   x (positive)   y (negative)   z (positive)
//   A      1              10             3
//   B      2              30             1
//   C      4              20             2
//
// min-max:  x -> (0, 1/3, 1)        y -> ((30-10)/20, 0, (30-20)/20) = (1, 0, 1/2)   z -> (1, 0, 1/2)
// z-score:  x: mean 7/3, sd sqrt(((4/3)^2 + (1/3)^2 + (5/3)^2) / 2) = sqrt(7/3) -> (-4, -1, 5) / sqrt(21)
//           y: mean 20, sd sqrt(200 / 2) = 10 -> -(-1, 1, 0) = (1, -1, 0)
// rank:     x -> (1, 2, 3)          y: ranks of -y = (-10, -30, -20) -> (3, 1, 2)

private let threeUnits = CompositeIndex.Table(
  units: ["A", "B", "C"], values: ["x": [1, 2, 4], "y": [10, 30, 20], "z": [3, 1, 2]])

private let x = CompositeIndex.Item("x")
private let y = CompositeIndex.Item("y", polarity: .negative)
private let z = CompositeIndex.Item("z")

/// One dimension "access" holding x and y.
private func access(
  normalization: CompositeIndex.Normalization = .minMax(), itemWeights: CompositeIndex.Weights = .equal,
  aggregation: CompositeIndex.Aggregation = .arithmetic
) throws -> CompositeIndex {
  try CompositeIndex(
    dimensions: [.init("access", items: [x, y])], normalization: normalization, itemWeights: itemWeights,
    aggregation: aggregation)
}

/// `value` within a relative `tolerance` of `reference` (both exactly 0 also passes).
private func closeTo(_ value: Double, _ reference: Double, _ tolerance: Double = 1e-12) -> Bool {
  abs(value - reference) <= tolerance * max(abs(value), abs(reference))
}

private func near(_ values: [Double]?, _ references: [Double], _ tolerance: Double = 1e-12) -> Bool {
  guard let values, values.count == references.count else { return false }
  return zip(values, references).allSatisfy { closeTo($0, $1, tolerance) }
}

/// The message of the `CompositeIndexError` that `body` throws, or nil.
private func errorMessage(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch let error as CompositeIndexError {
    return error.message
  } catch {
    return "unexpected \(error)"
  }
}

@Suite("Composite index normalisation")
struct CompositeIndexNormalizationTests {
  @Test("min-max maps each item onto 0...1 with the negative item reversed")
  func minMax() throws {
    let scores = try access().scores(threeUnits)
    #expect(near(scores.normalized["x"], [0, 1.0 / 3, 1]))
    #expect(near(scores.normalized["y"], [1, 0, 0.5]))
  }

  @Test("min-max onto 1...100 scales the 0...1 values by 99 and adds 1")
  func minMaxRange() throws {
    let scores = try access(normalization: .minMax(to: 1...100)).scores(threeUnits)
    #expect(near(scores.normalized["x"], [1, 34, 100]))
    #expect(near(scores.normalized["y"], [100, 1, 50.5]))
  }

  @Test("z-scores use the sample standard deviation and flip the negative item")
  func zScore() throws {
    let scores = try access(normalization: .zScore).scores(threeUnits)
    let root21 = 21.0.squareRoot()
    #expect(near(scores.normalized["x"], [-4 / root21, -1 / root21, 5 / root21]))
    #expect(near(scores.normalized["y"], [1, -1, 0]))
  }

  @Test("ranks run from 1 for the fewest barriers, reversed for the negative item")
  func rank() throws {
    let scores = try access(normalization: .rank).scores(threeUnits)
    #expect(near(scores.normalized["x"], [1, 2, 3]))
    #expect(near(scores.normalized["y"], [3, 1, 2]))
  }

  @Test("tied values share the mean of their ranks")
  func ties() {
    #expect(near(CompositeIndex.Normalization.midRanks([5, 5, 1]), [2.5, 2.5, 1]))
    #expect(near(CompositeIndex.Normalization.midRanks([7, 7, 7]), [2, 2, 2]))
  }
}

@Suite("Composite index weights and aggregation")
struct CompositeIndexAggregationTests {
  @Test("equal weights and arithmetic aggregation average the normalised items")
  func equalArithmetic() throws {
    // A: (0 + 1)/2, B: (1/3 + 0)/2, C: (1 + 1/2)/2
    let scores = try access().scores(threeUnits)
    #expect(closeTo(scores.itemWeights["x"] ?? 0, 0.5))
    #expect(closeTo(scores.itemWeights["y"] ?? 0, 0.5))
    #expect(near(scores.overall, [0.5, 1.0 / 6, 0.75]))
  }

  @Test("explicit weights are rescaled to sum to 1")
  func explicitWeights() throws {
    // x: 3/4, y: 1/4. A: 1/4, B: 1/4, C: 3/4 + 1/8
    let scores = try access(itemWeights: .explicit(["x": 3, "y": 1])).scores(threeUnits)
    #expect(closeTo(scores.itemWeights["x"] ?? 0, 0.75))
    #expect(closeTo(scores.itemWeights["y"] ?? 0, 0.25))
    #expect(near(scores.overall, [0.25, 0.25, 0.875]))
  }

  @Test("geometric aggregation is the weighted product of min-max values on 1...100")
  func geometricMinMax() throws {
    // A: sqrt(1 * 100), B: sqrt(34 * 1), C: sqrt(100 * 50.5)
    let scores = try access(normalization: .minMax(to: 1...100), aggregation: .geometric).scores(threeUnits)
    #expect(near(scores.overall, [10, 34.0.squareRoot(), 5050.0.squareRoot()]))
  }

  @Test("geometric aggregation of ranks with unequal weights")
  func geometricRanks() throws {
    // x ranks (1, 2, 3)^(3/4) times y ranks (3, 1, 2)^(1/4)
    let scores = try access(normalization: .rank, itemWeights: .explicit(["x": 3, "y": 1]), aggregation: .geometric)
      .scores(threeUnits)
    #expect(near(scores.overall, [pow(3, 0.25), pow(2, 0.75), pow(3, 0.75) * pow(2, 0.25)]))
  }

  @Test("dimension scores aggregate their items and the index aggregates the dimensions")
  func dimensions() throws {
    // affordability = (x, y) -> (1/2, 1/6, 3/4); availability = z -> (1, 0, 1/2).
    // Dimension weights 1 : 3 -> 1/4, 3/4: A 1/8 + 3/4, B 1/24, C 3/16 + 3/8.
    let index = try CompositeIndex(
      dimensions: [.init("affordability", items: [x, y]), .init("availability", items: [z])],
      dimensionWeights: .explicit(["affordability": 1, "availability": 3]))
    let scores = try index.scores(threeUnits)
    #expect(scores.dimensions == ["affordability", "availability"])
    #expect(near(scores.dimensionScores["affordability"], [0.5, 1.0 / 6, 0.75]))
    #expect(near(scores.dimensionScores["availability"], [1, 0, 0.5]))
    #expect(closeTo(scores.dimensionWeights["availability"] ?? 0, 0.75))
    #expect(near(scores.overall, [0.875, 1.0 / 24, 0.5625]))
    #expect(index.items.map(\.name) == ["x", "y", "z"])
  }

  @Test("equal dimension weights average the dimension scores")
  func equalDimensions() throws {
    // (1/2 + 1)/2, (1/6 + 0)/2, (3/4 + 1/2)/2
    let index = try CompositeIndex(
      dimensions: [.init("affordability", items: [x, y]), .init("availability", items: [z])])
    #expect(near(try index.scores(threeUnits).overall, [0.75, 1.0 / 12, 0.625]))
  }
}

@Suite("Composite index principal-component weights")
struct CompositeIndexPrincipalComponentTests {
  @Test("Jacobi rotations find the eigenvalues 2 + sqrt 2, 2 and 2 - sqrt 2")
  func eigen() {
    let matrix: [[Double]] = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]
    let eigen = SymmetricEigen(matrix)
    let root2 = 2.0.squareRoot()
    #expect(near(eigen.values, [2 + root2, 2, 2 - root2]))
    for (value, vector) in zip(eigen.values, eigen.vectors) {
      #expect(closeTo(vector.map { $0 * $0 }.reduce(0, +), 1))
      for row in 0..<3 {
        let product = (0..<3).map { matrix[row][$0] * vector[$0] }.reduce(0, +)
        #expect(abs(product - value * vector[row]) <= 1e-12 * value)
      }
    }
    // The eigenvector of 2 + sqrt 2 is (1, -sqrt 2, 1) / 2, largest entry made positive.
    #expect(near(eigen.vectors[0], [-0.5, root2 / 2, -0.5]))
  }

  @Test("[[1, r], [r, 1]] has eigenvalues 1 + r and 1 - r and gives equal weights", arguments: [0.6, -0.6])
  func twoItems(r: Double) throws {
    let correlation = [[1, r], [r, 1]]
    #expect(near(SymmetricEigen(correlation).values, [1 + abs(r), 1 - abs(r)]))
    #expect(near(try CompositeIndex.principalComponentWeights(correlation: correlation), [0.5, 0.5]))
  }

  @Test("two kept components weigh their items by their share of explained variance")
  func twoComponents() throws {
    // Blocks with r = 0.6 and s = 2/3: eigenvalues 1.6, 0.4, 5/3, 1/3; 1.6 and 5/3 are kept,
    // explaining 1.6 + 5/3 = 49/15. Each item has v^2 = 1/2 on its block's component:
    // items 1, 2: 1/2 * 1.6 / (49/15) = 12/49; items 3, 4: 1/2 * (5/3) / (49/15) = 25/98.
    let s = 2.0 / 3
    let correlation: [[Double]] = [[1, 0.6, 0, 0], [0.6, 1, 0, 0], [0, 0, 1, s], [0, 0, s, 1]]
    #expect(near(SymmetricEigen(correlation).values, [5.0 / 3, 1.6, 0.4, 1.0 / 3]))
    let weights = try CompositeIndex.principalComponentWeights(correlation: correlation)
    let expected: [Double] = [12.0 / 49, 12.0 / 49, 25.0 / 98, 25.0 / 98]
    #expect(near(weights, expected))
  }

  @Test("an item on no kept component gets weight 0")
  func unloadedItem() throws {
    // Eigenvalues 1.5, 1, 0.5: only 1.5 is kept, with vector (1, 1, 0) / sqrt 2.
    let correlation: [[Double]] = [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]]
    #expect(near(try CompositeIndex.principalComponentWeights(correlation: correlation), [0.5, 0.5, 0]))
  }

  @Test("the correlation of (1, 2, 3) and (1, 3, 2) is 1/2")
  func correlation() {
    let matrix = CompositeIndex.correlationMatrix([[1, 2, 3], [1, 3, 2]])
    #expect(near(matrix[0], [1, 0.5]))
    #expect(near(matrix[1], [0.5, 1]))
  }

  @Test("the index derives item weights from the data's correlations")
  func fromData() throws {
    // Five units; with u1 = (1,-1,0,0,0), u2 = (0,0,1,-1,0), u3 = (1,1,-1,-1,0), u4 = (1,1,1,1,-4)
    // (centred and orthogonal): a = 3 u1, b = 3 u1 + 4 u2 (r = 18 / (sqrt 18 sqrt 50) = 0.6),
    // c = 2 u3, d = 2 u3 + u4 (s = 16 / (4 * 6) = 2/3), a and b uncorrelated with c and d.
    // Min-max is affine, so the correlations are those of the raw values: the blocks above.
    let data = CompositeIndex.Table(
      units: ["1", "2", "3", "4", "5"],
      values: [
        "a": [3, -3, 0, 0, 0], "b": [3, -3, 4, -4, 0], "c": [2, 2, -2, -2, 0], "d": [3, 3, -1, -1, -4],
      ])
    let index = try CompositeIndex(
      dimensions: [.init("all", items: ["a", "b", "c", "d"].map { CompositeIndex.Item($0) })],
      itemWeights: .principalComponents)
    let weights = try index.scores(data).itemWeights
    let used = ["a", "b", "c", "d"].map { weights[$0] ?? -1 }
    let expected: [Double] = [12.0 / 49, 12.0 / 49, 25.0 / 98, 25.0 / 98]
    #expect(near(used, expected))
  }

  @Test("a dimension with one item gives it the whole weight")
  func singleItem() throws {
    let index = try CompositeIndex(
      dimensions: [.init("availability", items: [z])], itemWeights: .principalComponents)
    #expect(closeTo(try index.scores(threeUnits).itemWeights["z"] ?? 0, 1))
  }
}

@Suite("Composite index sensitivity")
struct CompositeIndexSensitivityTests {
  @Test("reports each unit's rank under each scenario and its largest rank shift")
  func rankShifts() throws {
    // Baseline (min-max, equal): (1/2, 1/6, 3/4) -> ranks (2, 3, 1).
    // rank normalisation: means (2, 3/2, 5/2) -> (2, 3, 1), shifts (0, 0, 0).
    // x : y = 3 : 1: (1/4, 1/4, 7/8) -> (2.5, 2.5, 1), shifts (1/2, 1/2, 0).
    // x : y = 1 : 3: (3/4, 1/12, 5/8) -> (1, 3, 2), shifts (1, 0, 1).
    let result = try access().sensitivity(
      threeUnits,
      alternatives: [
        .init("ranks", normalization: .rank), .init("x heavy", itemWeights: .explicit(["x": 3, "y": 1])),
        .init("y heavy", itemWeights: .explicit(["x": 1, "y": 3])),
      ])
    #expect(result.units == ["A", "B", "C"])
    #expect(result.scenarios == ["baseline", "ranks", "x heavy", "y heavy"])
    #expect(near(result.scores[0], [0.5, 1.0 / 6, 0.75]))
    let ranks: [[Double]] = [[2, 3, 1], [2, 3, 1], [2.5, 2.5, 1], [1, 3, 2]]
    #expect(result.ranks.count == ranks.count)
    for (computed, expected) in zip(result.ranks, ranks) { #expect(near(computed, expected)) }
    #expect(near(result.rankShift, [1, 0.5, 1]))
    #expect(near(result.meanShift, [0, 1.0 / 3, 2.0 / 3]))
  }

  @Test("without alternatives every rank shift is 0")
  func noAlternatives() throws {
    let result = try access().sensitivity(threeUnits, alternatives: [])
    #expect(near(result.rankShift, [0, 0, 0]))
    #expect(result.meanShift.isEmpty)
  }
}

@Suite("Composite index errors")
struct CompositeIndexErrorTests {
  private static func index(_ dimensions: [CompositeIndex.Dimension]) throws {
    _ = try CompositeIndex(dimensions: dimensions)
  }

  @Test("says which dimension layout is broken")
  func layout() {
    #expect(errorMessage { try Self.index([]) } == "the index has no dimensions")
    #expect(
      errorMessage { try Self.index([.init("a", items: [x]), .init("a", items: [y])]) }
        == "dimension 'a' is declared twice")
    #expect(
      errorMessage { try Self.index([.init("a", items: [x]), .init("b", items: [])]) } == "dimension 'b' has no items")
    #expect(
      errorMessage { try Self.index([.init("a", items: [x, x])]) } == "item 'x' is listed twice in dimension 'a'")
    #expect(
      errorMessage { try Self.index([.init("a", items: [x, y]), .init("b", items: [z, x])]) }
        == "item 'x' is in two dimensions: 'a' and 'b'")
  }

  @Test("says which weights do not match the items or dimensions")
  func weights() {
    let two = [CompositeIndex.Dimension("a", items: [x, y]), .init("b", items: [z])]
    #expect(
      errorMessage { _ = try CompositeIndex(dimensions: two, itemWeights: .explicit(["x": 1, "z": 1, "w": 1])) }
        == "item weights do not match the items: no weight for 'y'; weight for unknown item 'w'")
    #expect(
      errorMessage { _ = try CompositeIndex(dimensions: two, dimensionWeights: .explicit(["a": 1])) }
        == "dimension weights do not match the dimensions: no weight for 'b'")
    #expect(
      errorMessage { _ = try CompositeIndex(dimensions: two, itemWeights: .explicit(["x": -1, "y": 1, "z": 1])) }
        == "item weight for 'x' is -1; weights must be finite and non-negative")
    #expect(
      errorMessage { _ = try CompositeIndex(dimensions: two, itemWeights: .explicit(["x": 0, "y": 0, "z": 0])) }
        == "item weights are all zero")
    #expect(
      errorMessage { _ = try CompositeIndex(dimensions: two, itemWeights: .explicit(["x": 0, "y": 0, "z": 1])) }
        == "item weights of dimension 'a' are all zero")
    #expect(
      errorMessage { _ = try CompositeIndex(dimensions: two, dimensionWeights: .explicit(["a": 0, "b": 0])) }
        == "dimension weights are all zero")
  }

  @Test("says which item or unit of the table is unusable")
  func tableErrors() throws {
    let index = try access()
    #expect(
      errorMessage { _ = try index.scores(.init(units: [], values: ["x": [], "y": []])) } == "the table has no units")
    #expect(
      errorMessage { _ = try index.scores(.init(units: ["A"], values: ["x": [1]])) }
        == "the table has no values for item 'y'")
    #expect(
      errorMessage { _ = try index.scores(.init(units: ["A", "B", "C"], values: ["x": [1, 2, 3], "y": [1, 2]])) }
        == "item 'y' has 2 values for 3 units")
    #expect(
      errorMessage { _ = try index.scores(.init(units: ["A", "B"], values: ["x": [1, .nan], "y": [1, 2]])) }
        == "item 'x' has no finite value for unit 'B' (impute or drop the unit first)")
  }

  @Test("says which item a normalisation is undefined for")
  func constantItem() throws {
    let constant = CompositeIndex.Table(units: ["A", "B", "C"], values: ["x": [2, 2, 2], "y": [1, 2, 3]])
    #expect(
      errorMessage { _ = try access().scores(constant) }
        == "min-max normalisation is undefined for item 'x': every unit has the value 2 (max = min)")
    #expect(
      errorMessage { _ = try access(normalization: .zScore).scores(constant) }
        == "z-score normalisation is undefined for item 'x': its values do not vary across units (sd = 0)")
    #expect(
      errorMessage { _ = try access(normalization: .rank, itemWeights: .principalComponents).scores(constant) }
        == "principal-component weights are undefined for dimension 'access': item 'x' does not vary across units")
  }

  @Test("refuses a geometric mean of a non-positive value, naming the unit")
  func geometricZero() {
    #expect(
      errorMessage { _ = try access(aggregation: .geometric).scores(threeUnits) }
        == "geometric aggregation needs positive values, but item 'x' is 0 for unit 'A' "
        + "(normalise with minMax(to: 1...100) or rank)")
  }

  @Test("refuses principal-component weights when no eigenvalue exceeds 1")
  func uncorrelated() {
    #expect(
      errorMessage { _ = try CompositeIndex.principalComponentWeights(correlation: [[1, 0], [0, 1]]) }
        == "principal-component weights are undefined for the correlation matrix: no component has an eigenvalue "
        + "above 1 (the items are nearly uncorrelated); use equal or explicit weights")
  }

  @Test("names the scenario whose recomputation fails")
  func scenario() {
    #expect(
      errorMessage {
        _ = try access().sensitivity(threeUnits, alternatives: [.init("bad", itemWeights: .explicit(["x": 1]))])
      }
        == "scenario 'bad': item weights do not match the items: no weight for 'y'")
    #expect(CompositeIndexError("m").description == "error: m")
  }
}

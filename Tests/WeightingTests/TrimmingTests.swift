import SurveyCore
import Testing
import Weighting

/// Trimming, nonresponse adjustment, base weights and diagnostics.
@Suite("Trimming, adjustments and diagnostics")
struct TrimmingTests {
  /// 9 is cut to 5 and the excess 4 is shared by the other three: 1 + 4/3 each.
  @Test("trims and shares the excess equally, as R's trimWeights")
  func trim() throws {
    let data = try InlineTable("w\n1\n1\n1\n9\n")
    let result = try Trimming.trim(weights: data.numbers("w"), table: data.table, options: .init(upper: 5))
    #expect(zip(result.weights, [7.0 / 3, 7.0 / 3, 7.0 / 3, 5]).allSatisfy { close($0, $1) })
    #expect(result.calibration == nil)
  }

  /// Weights 1, 1, 4, 4, 10 under 5: the share of the first pass lifts 4 + 1.25 over 5,
  /// and strict passes repeat until nothing is above 5; the sum stays 20.
  @Test("repeats trimming in strict mode until no weight is outside")
  func strict() throws {
    let data = try InlineTable("w\n1\n1\n4\n4\n10\n")
    let result = try Trimming.trim(
      weights: data.numbers("w"), table: data.table, options: .init(upper: 5, strict: true))
    #expect(result.weights.allSatisfy { $0 <= 5 * (1 + 1e-12) })
    #expect(close(result.weights.reduce(0, +), 20, 1e-12))
    #expect(close(result.weights[0], result.weights[1]) && close(result.weights[0], 2.5, 1e-9))
  }

  @Test(
    "reports trimming that cannot be done",
    arguments: [
      (
        Trimming.Options(lower: 40, upper: 30),
        "-: trimming bounds [40, 30] are reversed: the lower bound must not exceed the upper"
      ),
      (
        Trimming.Options(lower: 10, upper: 11),
        "-: all 4 weights are outside [10, 11], so no weight is left to take the trimmed excess"
      ),
      (
        Trimming.Options(upper: 5, strict: true),
        "-: strict trimming to [-inf, 5] is impossible: the 4 weights sum to 24, outside [-inf, 20]"
      ),
    ])
  func impossible(options: Trimming.Options, expected: String) throws {
    let data = try InlineTable("w\n4\n4\n4\n12\n")
    let text = failure { () throws(WeightingError) in
      _ = try Trimming.trim(weights: data.numbers("w"), table: data.table, options: options)
    }
    #expect(text == expected)
  }

  /// Class a: weights 1 (responded), 1 (did not), 2 (responded): factor 4/3. Class b: 5.
  @Test("moves nonrespondents' weights to the respondents of their class")
  func nonresponse() throws {
    let data = try InlineTable("region,w\na,1\na,1\na,2\nb,5\n")
    let result = try NonresponseAdjustment.adjust(
      weights: data.numbers("w"), table: data.table, classes: ["region"], responded: [true, false, true, true])
    #expect(zip(result.weights, [4.0 / 3, 0, 8.0 / 3, 5]).allSatisfy { close($0, $1) })
  }

  @Test("reports a weighting class without respondents")
  func noRespondent() throws {
    let data = try InlineTable("region,sex,w\na,F,1\nb,M,1\nb,M,2\n")
    let text = failure { () throws(WeightingError) in
      _ = try NonresponseAdjustment.adjust(
        weights: data.numbers("w"), table: data.table, classes: ["region", "sex"], responded: [true, false, false])
    }
    #expect(
      text == "data.csv:3: weighting class region = 'b', sex = 'M' has 2 sampled units but no respondent; merge it"
        + " with a neighbouring class")
  }

  @Test("makes base weights from the stage probabilities")
  func baseWeights() throws {
    let data = try InlineTable("p1,p2\n0.5,0.5\n0.25,1\n")
    #expect(try BaseWeights.fromProbabilities(table: data.table, columns: ["p1", "p2"]) == [4, 4])
  }

  @Test(
    "reports a selection probability outside (0, 1] or missing",
    arguments: [
      ("p\n0.5\n0\n", "data.csv:3: selection probability 'p' is 0; a sampled unit's probability must be in (0, 1]"),
      ("p\n1.5\n", "data.csv:2: selection probability 'p' is 1.5; a sampled unit's probability must be in (0, 1]"),
      (
        "p,q\n0.5,1\n,2\n",
        "data.csv:3: selection probability 'p' is missing (empty) in this row; every sampled unit needs one"
      ),
    ])
  func badProbability(csv: String, expected: String) throws {
    let data = try InlineTable(csv)
    let text = failure { () throws(WeightingError) in
      _ = try BaseWeights.fromProbabilities(table: data.table, columns: ["p"])
    }
    #expect(text == expected)
  }

  /// Weights 1, 2, 3, 4: mean 2.5, sd sqrt(5/3), Kish deff 4 x 30 / 100 = 1.2, n_eff 100/30.
  @Test("summarises weights: CV, Kish design effect and effective n")
  func diagnostics() throws {
    let data = try InlineTable("g,w\na,1\na,2\nb,3\nb,4\n")
    let all = WeightDiagnostics(weights: data.numbers("w"))
    #expect(all.count == 4 && all.sum == 10 && all.minimum == 1 && all.maximum == 4 && all.mean == 2.5)
    #expect(close(all.cv, (5.0 / 3).squareRoot() / 2.5))
    #expect(close(all.kishDesignEffect, 1.2) && close(all.effectiveSize, 10.0 / 3))
    let groups = try WeightDiagnostics.summarize(weights: data.numbers("w"), table: data.table, groupBy: "g")
    #expect(groups.map(\.group) == ["g = 'a'", "g = 'b'", nil])
    #expect(groups.map(\.sum) == [3, 7, 10])
  }
}

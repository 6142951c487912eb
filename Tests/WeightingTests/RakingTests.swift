import SurveyCore
import Testing
import Weighting

/// Raking: hand-checkable cases and every failure message.
@Suite("Raking")
struct RakingTests {
  /// One row per cell of a 2 x 2 table with weights 1, 2, 3, 4. Raking keeps the odds
  /// ratio (1 x 4) / (2 x 3) = 2/3 and meets the margins F 60, M 40, young 70, old 30:
  /// x (x - 30) / ((60 - x)(70 - x)) = 2/3 gives x = 40, so the cells are 40, 20, 30, 10.
  @Test("rakes a 2 x 2 table to known totals")
  func twoByTwo() throws {
    let data = try InlineTable("sex,age,w\nF,young,1\nF,old,2\nM,young,3\nM,old,4\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,60\nsex,M,40\nage,young,70\nage,old,30\n")
    let result = try Raking.rake(
      weights: data.numbers("w"), table: data.table, margins: margins.margins,
      options: .init(tolerance: 1e-14))
    for (ours, expected) in zip(result.weights, [40.0, 20, 30, 10]) { #expect(close(ours, expected, 1e-12)) }
    guard case .raking(let stored)? = result.calibration else {
      Issue.record("a raking calibration")
      return
    }
    #expect(stored.count == 2)
    #expect(stored.map(\.categoryCount) == [2, 2])
  }

  @Test("rakes within the groups of a grouping column")
  func withinGroups() throws {
    let data = try InlineTable(
      "country,sex,age,w\nA,F,young,1\nA,F,old,2\nA,M,young,3\nA,M,old,4\nB,F,young,1\nB,F,old,1\nB,M,young,1\nB,M,old,1\n"
    )
    let margins = try InlineMargins(
      """
      country,variable,level,total
      A,sex,F,60
      A,sex,M,40
      A,age,young,70
      A,age,old,30
      B,sex,F,10
      B,sex,M,10
      B,age,young,10
      B,age,old,10
      """)
    let result = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    for (ours, expected) in zip(result.weights, [40.0, 20, 30, 10, 5, 5, 5, 5]) {
      #expect(close(ours, expected, 1e-9))
    }
  }

  /// After one sweep of the 2 x 2 case the sex margin is off by 3.2168 (F 56.7832).
  @Test("reports a raking that does not converge, with the worst margin and the iterations")
  func notConverged() throws {
    let data = try InlineTable("sex,age,w\nF,young,1\nF,old,2\nM,young,3\nM,old,4\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,60\nsex,M,40\nage,young,70\nage,old,30\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(
        weights: data.numbers("w"), table: data.table, margins: margins.margins, options: .init(maxIterations: 1))
    }
    #expect(
      text == "margins.csv:2: raking did not converge in 1 iteration: sex = 'F' has a weighted total of 56.7832"
        + " against a population total of 60, the largest discrepancy (check that the margins can be met together,"
        + " or allow more iterations)")
  }

  /// Cells (A, X) and (B, Y) only: the margins A 10, B 20, X 20, Y 10 cannot hold
  /// together; every sweep ends at the same weights (R's rake() calls that converged).
  @Test("reports margins that the data cannot meet together")
  func cannotMeet() throws {
    let data = try InlineTable("g,h,w\nA,X,1\nB,Y,1\n")
    let margins = try InlineMargins("variable,level,total\ng,A,10\ng,B,20\nh,X,20\nh,Y,10\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "margins.csv:2: raking settled after 2 iterations without meeting the margins: g = 'A' has a weighted"
        + " total of 20 against a population total of 10 (the data lack rows in combinations of levels that the"
        + " margins need)")
  }

  @Test("reports margins whose totals disagree")
  func totalsDisagree() throws {
    let data = try InlineTable("sex,age,w\nF,young,1\nM,old,1\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,60\nsex,M,40\nage,young,70\nage,old,31\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "margins.csv:4: the totals of age sum to 101 but those of sex to 100 (relative difference"
        + " 0.00990099); the margins must describe the same population")
  }

  @Test("reports a level of the data that has no margin")
  func levelAbsentFromMargins() throws {
    let data = try InlineTable("sex,w\nF,1\nX,1\nM,1\nX,2\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,60\nsex,M,40\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(text == "data.csv:3: sex = 'X' is not in the margins (their levels: F and M); 2 rows have it")
  }

  @Test("reports a margin level absent from the sample")
  func levelAbsentFromSample() throws {
    let data = try InlineTable("sex,w\nF,1\nF,1\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,60\nsex,M,40\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(text == "margins.csv:3: sex = 'M' has a population total of 40 but no row of the data has this level")
  }

  @Test("reports a group of the data without margins, and a margin group without rows")
  func groups() throws {
    let data = try InlineTable("country,sex,w\nA,F,1\nC,F,1\n")
    let margins = try InlineMargins("country,variable,level,total\nA,sex,F,5\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(text == "data.csv:3: country = 'C' has no margins (the margins' groups are A); 1 row is in it")
    let more = try InlineMargins("country,variable,level,total\nA,sex,F,5\nB,sex,F,7\nC,sex,F,1\n")
    let absent = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: more.margins)
    }
    #expect(
      absent == "margins.csv:3: sex = 'F' within country = 'B' has a population total of 7 but no row of the data"
        + " has this level")
  }

  @Test("reports a variable without margins in one group")
  func variableMissingInGroup() throws {
    let data = try InlineTable("country,sex,w\nA,F,1\nB,F,1\nB,M,1\n")
    let margins = try InlineMargins("country,variable,level,total\nA,sex,F,5\nB,age,old,7\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "data.csv:3: 'sex' has no margins within country = 'B', where the data have 2 rows; give its levels'"
        + " totals for every group")
  }

  @Test("reports a margin with total 0 that has rows, a missing value and an unknown variable")
  func otherBinding() throws {
    let data = try InlineTable("sex,age,w\nF,1,1\nM,,1\n")
    let zero = try InlineMargins("variable,level,total\nsex,F,0\nsex,M,4\n")
    #expect(
      failure { () throws(WeightingError) in
        _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: zero.margins)
      } == "margins.csv:2: sex = 'F' has a population total of 0, but 1 row of the data has this level and would"
        + " get weight 0")
    let missing = try InlineMargins("variable,level,total\nage,1,4\n")
    #expect(
      failure { () throws(WeightingError) in
        _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: missing.margins)
      } == "data.csv:3: 'age' (a margin variable) is missing (empty) in this row; every row needs a value to be"
        + " weighted")
    let unknown = try InlineMargins("variable,level,total\nregion,N,4\n")
    #expect(
      failure { () throws(WeightingError) in
        _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: unknown.margins)
      } == "margins.csv:2: the margins name 'region', which is not a column of the data (columns: sex, age, w)")
    let numeric = try InlineMargins("variable,level,total\nw,,4\n")
    #expect(
      failure { () throws(WeightingError) in
        _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: numeric.margins)
      } == "margins.csv:2: 'w' has no level; raking needs one total per level of a categorical variable (a numeric"
        + " total needs linear calibration)")
  }

  @Test("refuses weights that are zero, negative or not finite")
  func badWeights() throws {
    let data = try InlineTable("sex,w\nF,1\nM,0\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,6\nsex,M,4\n")
    let text = failure { () throws(WeightingError) in
      _ = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "data.csv:3: weight 0 is not a positive finite number; raking needs positive weights (leave out rows"
        + " that should not be weighted)")
  }

  @Test("matches numeric level codes by value")
  func numericLevels() throws {
    let data = try InlineTable("sex,w\n1,1\n2,1\n2,2\n")
    let margins = try InlineMargins("variable,level,total\nsex,1.0,10\nsex,2,30\n")
    let result = try Raking.rake(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    #expect(zip(result.weights, [10.0, 10, 20]).allSatisfy { close($0, $1) })
  }
}

import SurveyCore
import Testing
import Weighting

/// Post-stratification and linear calibration: hand-checkable cases and failures.
@Suite("Post-stratification and linear calibration")
struct CalibrationTests {
  /// Region a has weights 1 and 1 (sum 2) and population 10, region b one weight 2
  /// and population 4: the factors are 5 and 2.
  @Test("post-stratifies to known cell totals and keeps the weights before and after")
  func poststratify() throws {
    let data = try InlineTable("region,w\na,1\nb,2\na,1\n")
    let margins = try InlineMargins("variable,level,total\nregion,a,10\nregion,b,4\n")
    let result = try PostStratification.poststratify(
      weights: data.numbers("w"), table: data.table, margins: margins.margins)
    #expect(result.weights == [5, 4, 5])
    guard case .postStratification(let cells, let count, let after, let before)? = result.calibration else {
      Issue.record("a post-stratification calibration")
      return
    }
    #expect(cells == [0, 1, 0] && count == 2 && after == [5, 4, 5] && before == [1, 2, 1])
  }

  /// R's errors.csv case clus1:poststratify:absent_level: a level X with total 10 that
  /// no school has (R: "Some strata absent from sample: use partial=TRUE to ignore them.").
  @Test("reports a margin level absent from the sample, as R's postStratify() refuses it")
  func absentLevel() throws {
    let reference = WeightingReference.rows("errors.csv").first { $0["case"] == "clus1:poststratify:absent_level" }
    #expect(reference?["message"] == "Some strata absent from sample: use partial=TRUE to ignore them.")
    let table = try WeightingReference.table("data/apiclus1.csv")
    let data = try InlineTable("variable,level,total\nstype,E,4421\nstype,H,755\nstype,M,1018\nstype,X,10\n")
    let margins = try Margins(table: data.table)
    let weights = Array(repeating: 33.847, count: table.rowCount)
    let text = failure { () throws(WeightingError) in
      _ = try PostStratification.poststratify(weights: weights, table: table, margins: margins)
    }
    #expect(text == "data.csv:5: stype = 'X' has a population total of 10 but no row of the data has this level")
  }

  @Test("post-stratifies on one variable only")
  func oneVariable() throws {
    let data = try InlineTable("sex,age,w\nF,young,1\nM,old,1\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,6\nsex,M,4\nage,young,5\nage,old,5\n")
    let text = failure { () throws(WeightingError) in
      _ = try PostStratification.poststratify(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "margins.csv: post-stratification uses one variable, but the margins give sex and age; rake or"
        + " calibrate to several, or give cells of two variables with a grouping column")
  }

  /// x = 1, 2, 3 with base weights 1 and total 20: lambda = (20 - 6) / 14 = 1, so
  /// g = 1 + x = 2, 3, 4 and the weights are 2, 3, 4 (sum w x = 20).
  @Test("calibrates to a numeric total as the GREG formula says")
  func numericTotal() throws {
    let data = try InlineTable("x,w\n1,1\n2,1\n3,1\n")
    let margins = try InlineMargins("variable,level,total\nx,,20\n")
    let result = try LinearCalibration.calibrate(
      weights: data.numbers("w"), table: data.table, margins: margins.margins)
    #expect(zip(result.weights, [2.0, 3, 4]).allSatisfy { close($0, $1) })
  }

  @Test("meets categorical and numeric totals together, within groups")
  func mixed() throws {
    let data = try InlineTable(
      "country,sex,x,w\nA,F,1,1\nA,M,2,1\nA,F,3,2\nA,M,1,1\nB,F,2,1\nB,M,5,1\nB,F,1,1\n")
    let margins = try InlineMargins(
      "country,variable,level,total\nA,sex,F,30\nA,sex,M,20\nA,x,,90\nB,sex,F,8\nB,sex,M,4\nB,x,,30\n")
    let result = try LinearCalibration.calibrate(
      weights: data.numbers("w"), table: data.table, margins: margins.margins)
    let w = result.weights
    let x = data.numbers("x")
    #expect(close(w[0] + w[2], 30, 1e-10) && close(w[1] + w[3], 20, 1e-10))
    #expect(close(w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3], 90, 1e-10))
    #expect(close(w[4] + w[6], 8, 1e-10) && close(w[5], 4, 1e-10))
    #expect(close(w[4] * x[4] + w[5] * x[5] + w[6] * x[6], 30, 1e-10))
  }

  @Test("reports collinear calibration variables")
  func collinear() throws {
    let data = try InlineTable("x,y,w\n1,2,1\n2,4,1\n3,6,1\n")
    let margins = try InlineMargins("variable,level,total\nx,,20\ny,,40\n")
    let text = failure { () throws(WeightingError) in
      _ = try LinearCalibration.calibrate(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "margins.csv:3: the calibration variables are collinear in the sample: y adds nothing the earlier"
        + " margins do not, so their totals cannot be met separately (drop it from the margins)")
  }

  /// Total 0 for x = 1, 2, 3: lambda = -6 / 14, so g = 1 - 3x/7 is -2/7 for x = 3.
  @Test("reports a negative calibrated weight")
  func negativeWeight() throws {
    let data = try InlineTable("x,w\n1,1\n2,1\n3,1\n")
    let margins = try InlineMargins("variable,level,total\nx,,0\n")
    let text = failure { () throws(WeightingError) in
      _ = try LinearCalibration.calibrate(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "data.csv:4: linear calibration gives this row the weight -0.285714 (-0.285714 times its base"
        + " weight); set bounds on g = new weight / base weight (--bounds LO:HI) or rake instead, which keeps"
        + " weights positive")
  }

  /// x = 1, 2, 3, 4 with total 12 and g at most 1.2: unbounded, g = 1 + x/15 would
  /// reach 1.27; each Newton step clamps one more row, until g = 1.2 for all (sum 12).
  @Test("bounds g, ending where the bounds bind")
  func bounded() throws {
    let data = try InlineTable("x,w\n1,1\n2,1\n3,1\n4,1\n")
    let margins = try InlineMargins("variable,level,total\nx,,12\n")
    let options = LinearCalibration.Options(bounds: 0.8...1.2, tolerance: 1e-12)
    let result = try LinearCalibration.calibrate(
      weights: data.numbers("w"), table: data.table, margins: margins.margins, options: options)
    #expect(result.weights.allSatisfy { close($0, 1.2) })
    #expect(result.iterations == 3)
  }

  @Test("reports a total that no g within the bounds can reach")
  func unreachable() throws {
    let data = try InlineTable("sex,w\nF,1\nF,1\nM,1\n")
    let margins = try InlineMargins("variable,level,total\nsex,F,5\nsex,M,1\n")
    let text = failure { () throws(WeightingError) in
      _ = try LinearCalibration.calibrate(
        weights: data.numbers("w"), table: data.table, margins: margins.margins, options: .init(bounds: 0.5...2))
    }
    #expect(
      text == "margins.csv:2: sex = 'F' cannot reach its population total 5 with g between 0.5 and 2: its rows'"
        + " base weights give totals from 1 to 4 (widen the bounds)")
  }

  /// Rows (p, r), (q, s), (p, s) with weights 1: the totals force w = 1, 1, 1.9, above 1.5.
  @Test("reports bounds that cannot be met together")
  func boundsNotMet() throws {
    let data = try InlineTable("a,b,w\np,r,1\nq,s,1\np,s,1\n")
    let margins = try InlineMargins("variable,level,total\na,p,2.9\na,q,1\nb,r,1\nb,s,2.9\n")
    let text = failure { () throws(WeightingError) in
      _ = try LinearCalibration.calibrate(
        weights: data.numbers("w"), table: data.table, margins: margins.margins,
        options: .init(bounds: 0.5...1.5, maxIterations: 20))
    }
    #expect(
      text == "margins.csv:5: linear calibration with g between 0.5 and 1.5 did not meet the totals in 20"
        + " iterations: b = 's' has a weighted total of 2.5 against a population total of 2.9, the largest relative"
        + " misfit (0.102564); the bounds may be too tight")
  }

  @Test("refuses bounds that do not contain 1")
  func boundsWithoutOne() throws {
    let data = try InlineTable("x,w\n1,1\n2,1\n")
    let margins = try InlineMargins("variable,level,total\nx,,4\n")
    let text = failure { () throws(WeightingError) in
      _ = try LinearCalibration.calibrate(
        weights: data.numbers("w"), table: data.table, margins: margins.margins, options: .init(bounds: 1.1...2))
    }
    #expect(
      text == "margins.csv: bounds 1.1 to 2 on g (new weight / base weight) must contain 1 strictly inside"
        + " (lower < 1 < upper)")
  }

  @Test("refuses a numeric total for a categorical variable")
  func numericForCategorical() throws {
    let data = try InlineTable("sex,w\nF,1\nM,1\n")
    let margins = try InlineMargins("variable,level,total\nsex,,4\n")
    let text = failure { () throws(WeightingError) in
      _ = try LinearCalibration.calibrate(weights: data.numbers("w"), table: data.table, margins: margins.margins)
    }
    #expect(
      text == "margins.csv:2: 'sex' has a total with an empty level, which asks for a numeric variable, but the"
        + " data's 'sex' is categorical; give one total per level")
  }

  @Test("keeps the calibration only for calibration-aware variance")
  func appliedToDesign() throws {
    let data = try InlineTable("region,w\na,1\nb,2\na,1\n")
    let margins = try InlineMargins("variable,level,total\nregion,a,10\nregion,b,4\n")
    let design = try SurveyDesign(table: data.table, columns: .init(weights: "w"))
    let result = try PostStratification.poststratify(
      weights: design.weights, table: data.table, margins: margins.margins)
    let calibrated = result.applied(to: design)
    let fixed = result.applied(to: design, variance: .fixed)
    #expect(calibrated.weights == [5, 4, 5] && fixed.weights == [5, 4, 5])
    #expect(calibrated.calibrations.count == 1 && fixed.calibrations.isEmpty)
  }
}

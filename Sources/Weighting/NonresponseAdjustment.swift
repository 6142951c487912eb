import SurveyCore

/// Nonresponse adjustment within weighting classes: the weights of the
/// nonrespondents of a class are moved to its respondents (Kalton and
/// Flores-Cervantes 2003; Lohr 2010, section 8.5.2; Valliant, Dever and Kreuter 2013,
/// chapter 13).
///
/// In class c, with R_c its respondents and S_c all its sampled units,
///     w_i <- w_i * (sum over S_c of w) / (sum over R_c of w)   for i in R_c,
///     w_i <- 0                                                  for nonrespondents,
/// so each class keeps its weighted total. The assumption is that, within a class,
/// response does not depend on the survey variables (missing at random given the
/// class). A class with sampled units but no respondent is an error: merge it with a
/// neighbouring class. Nonrespondents end with weight 0; leave them out before
/// calibrating, which needs positive weights.
public enum NonresponseAdjustment {
  /// Adjusts `weights` (one per row of `table`) within the classes formed by the
  /// columns `classes` (every combination of their values; one class when empty);
  /// `responded` says which rows responded.
  public static func adjust(weights: [Double], table: SurveyTable, classes: [String], responded: [Bool])
    throws(WeightingError) -> CalibratedWeights
  {
    precondition(weights.count == table.rowCount && responded.count == table.rowCount, "one value per row")
    try WeightCheck.positive(weights, table: table, method: "nonresponse adjustment")
    var columns: [Column] = []
    for name in classes {
      guard let column = table[name] else {
        throw WeightingError(
          at: table.fileLocation, "weighting class column '\(name)' is not in the data")
      }
      columns.append(column)
    }
    var index: [[String]: Int] = [:]
    var names: [[String]] = []
    var classOfRow = [Int](repeating: 0, count: table.rowCount)
    for row in 0..<table.rowCount {
      var key: [String] = []
      for column in columns {
        if let reason = column.missing[row] {
          throw WeightingError(
            at: table.place(ofRow: row),
            "weighting class column '\(column.name)' is missing (\(reason.name)) in this row; every row needs a class")
        }
        key.append(column.text(at: row))
      }
      if let known = index[key] {
        classOfRow[row] = known
      } else {
        index[key] = names.count
        classOfRow[row] = names.count
        names.append(key)
      }
    }
    var all = [CompensatedSum](repeating: CompensatedSum(), count: max(names.count, 1))
    var respondents = [CompensatedSum](repeating: CompensatedSum(), count: max(names.count, 1))
    var counts = [Int](repeating: 0, count: max(names.count, 1))
    for row in weights.indices {
      all[classOfRow[row]].add(weights[row])
      counts[classOfRow[row]] += 1
      if responded[row] { respondents[classOfRow[row]].add(weights[row]) }
    }
    for (code, key) in names.enumerated() where respondents[code].value == 0 {
      let label = zip(classes, key).map { "\($0) = '\($1)'" }.joined(separator: ", ")
      let row = classOfRow.firstIndex(of: code) ?? 0
      throw WeightingError(
        at: table.place(ofRow: row),
        "weighting class \(label.isEmpty ? "(all rows)" : label) has \(counts[code]) sampled"
          + " unit\(counts[code] == 1 ? "" : "s") but no respondent; merge it with a neighbouring class")
    }
    let factors = all.indices.map { all[$0].value / respondents[$0].value }
    let adjusted = weights.indices.map { responded[$0] ? weights[$0] * factors[classOfRow[$0]] : 0 }
    return CalibratedWeights(weights: adjusted, calibration: nil)
  }
}

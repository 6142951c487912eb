import SurveyCore

/// A survey-aware barrier index: a ``CompositeIndex`` scored per respondent,
/// whose country means, ranks and rank intervals come from the survey design.
///
/// Steps (OECD/JRC Handbook 2008, steps 5 to 7, with the design added):
///
/// 1. ``scores(_:)``: each respondent's index from their item values, by the
///    ``CompositeIndex`` (polarity, normalisation, weights, arithmetic or
///    geometric aggregation). The units are the respondents with every item
///    answered (complete cases), pooled over all countries, so that min-max,
///    z-score and rank normalisations, and PCA weights, are one scale for
///    everyone and country means are comparable. Respondents with a missing
///    item get no score (missing), and are left out of the means below as
///    R's `na.rm = TRUE` does, while staying in the design.
/// 2. ``estimates(_:design:)``: the design-based mean of the score per country and
///    per country x each group variable (legal status), with SE and CI from
///    Aggregation's estimation engine (linearization, or the design's replicate
///    weights): as R's `svyby(~index, ~country, design, svymean, na.rm = TRUE)`.
/// 3. ``ranks(_:design:)``: country ranks with rank intervals from the replicate weights.
/// 4. ``reliability(_:weights:)``: Cronbach's alpha of the items, overall and per country.
/// 5. ``sensitivity(_:design:alternatives:)``: country ranks under other
///    normalisations, weights and aggregations.
///
/// The score is treated as a variable measured on each respondent: the
/// normalisation constants (min, max, mean, sd) and PCA weights are taken as
/// fixed, not as estimates, so their sampling variability is not in the SE
/// (as for any derived variable in R's `svymean`).
public struct BarrierIndex: Sendable, Equatable {
  /// Items, dimensions, polarity, normalisation, weights and aggregation.
  public var index: CompositeIndex
  /// The column holding each respondent's country.
  public var countryVariable: String
  /// Columns crossed with country for further means (e.g. `legal_status`).
  public var groupVariables: [String]
  /// Confidence level of the intervals, e.g. 0.95.
  public var level: Double
  /// Probabilities of the rank interval's ends (R's `quantile` type 7), e.g. 0.025 and 0.975.
  public var rankInterval: (lower: Double, upper: Double)
  /// Cronbach's alpha below this is flagged.
  public var alphaThreshold: Double
  /// The name of the score column added to the table for estimation.
  public var scoreName: String

  public init(
    index: CompositeIndex, countryVariable: String = "country", groupVariables: [String] = ["legal_status"],
    level: Double = 0.95, rankInterval: (lower: Double, upper: Double) = (0.025, 0.975), alphaThreshold: Double = 0.7,
    scoreName: String = "barrier_index"
  ) {
    precondition(level > 0 && level < 1, "the confidence level must be in (0, 1)")
    precondition(
      0 <= rankInterval.lower && rankInterval.lower < rankInterval.upper && rankInterval.upper <= 1,
      "rank interval probabilities must satisfy 0 <= lower < upper <= 1")
    self.index = index
    self.countryVariable = countryVariable
    self.groupVariables = groupVariables
    self.level = level
    self.rankInterval = rankInterval
    self.alphaThreshold = alphaThreshold
    self.scoreName = scoreName
  }

  public static func == (lhs: BarrierIndex, rhs: BarrierIndex) -> Bool {
    lhs.index == rhs.index && lhs.countryVariable == rhs.countryVariable && lhs.groupVariables == rhs.groupVariables
      && lhs.level == rhs.level && lhs.rankInterval == rhs.rankInterval && lhs.alphaThreshold == rhs.alphaThreshold
      && lhs.scoreName == rhs.scoreName
  }

  /// Each respondent's index and dimension scores.
  public struct RespondentScores: Sendable, Equatable {
    /// The index per table row; `nil` where an item is missing.
    public var overall: [Double?]
    /// Dimension name to its score per table row; `nil` where an item is missing.
    public var dimensions: [String: [Double?]]
    /// The computation over the complete cases (weights actually used, normalised values).
    public var computed: CompositeIndex.Scores
    /// Rows with every item answered (the units of the index).
    public var complete: Int
    /// Rows with at least one item missing (no score).
    public var incomplete: Int
  }

  /// The index of every respondent with all items answered (see step 1 above).
  ///
  /// - Throws: ``CompositeIndexError`` if an item is not in the table or not
  ///   numeric (a categorical item needs numeric levels such as `0`/`1`), no
  ///   respondent has every item, or the index is undefined for the data.
  public func scores(_ table: SurveyTable) throws(CompositeIndexError) -> RespondentScores {
    let values = try itemValues(table)
    let complete = (0..<table.rowCount).filter { row in values.values.allSatisfy { $0[row] != nil } }
    guard !complete.isEmpty else {
      throw CompositeIndexError("no respondent has every item of the index answered")
    }
    let units = complete.map { "row \($0 + 1)" }
    let columns = values.mapValues { column in complete.map { column[$0] ?? .nan } }
    let computed = try index.scores(CompositeIndex.Table(units: units, values: columns))
    func spread(_ scores: [Double]) -> [Double?] {
      var full = [Double?](repeating: nil, count: table.rowCount)
      for (position, row) in complete.enumerated() { full[row] = scores[position] }
      return full
    }
    return RespondentScores(
      overall: spread(computed.overall), dimensions: computed.dimensionScores.mapValues(spread), computed: computed,
      complete: complete.count, incomplete: table.rowCount - complete.count)
  }

  /// Item name to one value per row (`nil` where missing or not finite).
  func itemValues(_ table: SurveyTable) throws(CompositeIndexError) -> [String: [Double?]] {
    var values: [String: [Double?]] = [:]
    for item in index.items {
      guard let column = table[item.name] else {
        throw CompositeIndexError("the data has no column for item '\(item.name)'")
      }
      let numbers: [Double]
      switch column.values {
      case .numeric(let stored):
        numbers = stored.doubles()
      case .categorical(let stored):
        let levels = stored.levels.map { Double($0) }
        if let bad = levels.firstIndex(where: { $0 == nil }) {
          throw CompositeIndexError(
            "item '\(item.name)' has the non-numeric level '\(stored.levels[bad])'; index items need numbers")
        }
        numbers = (0..<stored.count).map { levels[stored.codes[$0]] ?? .nan }
      default:
        throw CompositeIndexError("item '\(item.name)' is \(column.type.rawValue), not numeric")
      }
      values[item.name] = numbers.indices.map { row in
        column.missing[row] == nil && numbers[row].isFinite ? numbers[row] : nil
      }
    }
    return values
  }

  /// `table` with the score as a numeric column (missing where there is no score).
  func scoredTable(_ table: SurveyTable, scores: [Double?]) throws(CompositeIndexError) -> SurveyTable {
    guard table[scoreName] == nil else {
      throw CompositeIndexError("the data already has a column '\(scoreName)'; choose another scoreName")
    }
    var missing = MissingMask(count: scores.count)
    for (row, score) in scores.enumerated() where score == nil { missing.set(.notApplicable, at: row) }
    var scored = table
    scored.setColumn(
      Column(
        name: scoreName, type: .numeric, label: "barrier index", values: .numeric(.float64(scores.map { $0 ?? 0 })),
        missing: missing))
    return scored
  }

  /// The country of each row as written (`nil` where missing).
  func countries(_ table: SurveyTable) throws(CompositeIndexError) -> [String?] {
    guard let column = table[countryVariable] else {
      throw CompositeIndexError("the data has no country column '\(countryVariable)'")
    }
    return (0..<table.rowCount).map { column.missing[$0] == nil ? column.text(at: $0) : nil }
  }
}

import SurveyCore

/// A composite indicator built the OECD/JRC way: items grouped into named
/// dimensions, each item normalised so that higher always means more barriers,
/// weighted and aggregated into one score per dimension, and the dimension
/// scores weighted and aggregated into the overall index.
///
/// The layout follows an access framework such as Levesque et al. (2013):
///
/// ```swift
/// let index = try CompositeIndex(
///   dimensions: [
///     .init("affordability", items: [.init("cost_too_high"), .init("insured", polarity: .negative)]),
///     .init("availability", items: [.init("waiting_time"), .init("distance")]),
///   ],
///   normalization: .minMax(), aggregation: .arithmetic)
/// let scores = try index.scores(table)
/// ```
///
/// With `I_qu` the normalised value of item `q` for unit `u`, `w_q` the item
/// weights of dimension `d` (summing to 1 within `d`) and `v_d` the dimension
/// weights (summing to 1), arithmetic aggregation gives
///
///     D_du = sum over q in d of w_q I_qu,      CI_u = sum over d of v_d D_du,
///
/// and geometric aggregation the weighted products `prod I_qu^w_q` and
/// `prod D_du^v_d` (see ``Aggregation``). Dimension scores are aggregated as they
/// are, without a second normalisation: with one normalisation for every item
/// they are already on one scale.
///
/// The *units* are the rows of the ``Table``: country-level item values (for
/// example weighted barrier prevalences per country) when the index ranks
/// countries, or respondents when it scores people. Normalisations, ranks and
/// principal-component weights are computed across exactly those rows, so the
/// same item gives different normalised values in a different set of units.
///
/// The arithmetic is pure and deterministic; design-based standard errors of
/// the index are not computed here.
///
/// Reference: OECD/JRC, *Handbook on Constructing Composite Indicators:
/// Methodology and User Guide* (OECD, 2008), steps 5 to 7 (normalisation,
/// weighting and aggregation) and the sensitivity analysis of step 7;
/// Levesque, Harris and Russell (2013), *Int. J. Equity Health* 12:18.
public struct CompositeIndex: Sendable, Equatable {
  /// Whether a higher raw value of an item means more barriers.
  public enum Polarity: Sendable, Equatable {
    /// Higher raw values mean more barriers (e.g. "could not afford care").
    case positive
    /// Higher raw values mean fewer barriers (e.g. "has health insurance");
    /// the normalisation reverses the item.
    case negative
  }

  /// One item of the index: a column of the ``Table`` and its polarity.
  public struct Item: Sendable, Equatable {
    public var name: String
    public var polarity: Polarity

    public init(_ name: String, polarity: Polarity = .positive) {
      self.name = name
      self.polarity = polarity
    }
  }

  /// A named group of items, scored on its own and then aggregated into the index.
  public struct Dimension: Sendable, Equatable {
    public var name: String
    public var items: [Item]

    public init(_ name: String, items: [Item]) {
      self.name = name
      self.items = items
    }
  }

  /// The data: one row per unit, one column of values per item.
  public struct Table: Sendable, Equatable {
    /// Unit labels (countries or respondent ids), in row order.
    public var units: [String]
    /// Item name to one value per unit, in the order of `units`.
    public var values: [String: [Double]]

    public init(units: [String], values: [String: [Double]]) {
      self.units = units
      self.values = values
    }
  }

  /// The computed index with the weights actually used.
  public struct Scores: Sendable, Equatable {
    public var units: [String]
    /// Dimension names, in declaration order.
    public var dimensions: [String]
    /// Normalised values: item name to one value per unit.
    public var normalized: [String: [Double]]
    /// Item weights, each summing to 1 within its dimension.
    public var itemWeights: [String: Double]
    /// Dimension weights, summing to 1.
    public var dimensionWeights: [String: Double]
    /// Dimension name to one score per unit.
    public var dimensionScores: [String: [Double]]
    /// The overall index, one value per unit.
    public var overall: [Double]
  }

  public private(set) var dimensions: [Dimension]
  public var normalization: Normalization
  /// Weights of the items within each dimension (explicit weights are relative
  /// within a dimension: they are rescaled to sum to 1 there).
  public var itemWeights: Weights
  /// Weights of the dimensions in the overall index.
  public var dimensionWeights: Weights
  public var aggregation: Aggregation

  /// Checks the layout and any explicit weights.
  ///
  /// - Throws: ``CompositeIndexError`` if there are no dimensions, a dimension
  ///   is declared twice or has no items, an item is listed twice, or explicit
  ///   weights do not match the items or dimensions, are negative or all zero.
  public init(
    dimensions: [Dimension], normalization: Normalization = .minMax(), itemWeights: Weights = .equal,
    dimensionWeights: Weights = .equal, aggregation: Aggregation = .arithmetic
  ) throws(CompositeIndexError) {
    guard !dimensions.isEmpty else { throw CompositeIndexError("the index has no dimensions") }
    var dimensionOf: [String: String] = [:]
    var seenDimensions: Set<String> = []
    for dimension in dimensions {
      guard seenDimensions.insert(dimension.name).inserted else {
        throw CompositeIndexError("dimension '\(dimension.name)' is declared twice")
      }
      guard !dimension.items.isEmpty else {
        throw CompositeIndexError("dimension '\(dimension.name)' has no items")
      }
      for item in dimension.items {
        if let other = dimensionOf[item.name] {
          throw CompositeIndexError(
            other == dimension.name
              ? "item '\(item.name)' is listed twice in dimension '\(other)'"
              : "item '\(item.name)' is in two dimensions: '\(other)' and '\(dimension.name)'")
        }
        dimensionOf[item.name] = dimension.name
      }
    }
    try itemWeights.validate(names: dimensions.flatMap { $0.items.map(\.name) }, kind: "item")
    try dimensionWeights.validate(names: dimensions.map(\.name), kind: "dimension")
    for dimension in dimensions {
      try itemWeights.validateNotAllZero(
        names: dimension.items.map(\.name), what: "item weights of dimension '\(dimension.name)'")
    }
    self.dimensions = dimensions
    self.normalization = normalization
    self.itemWeights = itemWeights
    self.dimensionWeights = dimensionWeights
    self.aggregation = aggregation
  }

  /// All items, in dimension order.
  public var items: [Item] { dimensions.flatMap(\.items) }

  /// Normalises, weights and aggregates `table` into dimension scores and the index.
  ///
  /// - Throws: ``CompositeIndexError`` if the table has no units, lacks an item,
  ///   has a column of the wrong length or a non-finite value, if the
  ///   normalisation or principal-component weights are undefined for the data,
  ///   or if geometric aggregation meets a non-positive value.
  public func scores(_ table: Table) throws(CompositeIndexError) -> Scores {
    try Self.check(table, items: items)
    var normalized: [String: [Double]] = [:]
    for item in items {
      normalized[item.name] = try normalization.apply(
        table.values[item.name] ?? [], polarity: item.polarity, item: item.name)
    }
    var itemWeightsUsed: [String: Double] = [:]
    var dimensionScores: [String: [Double]] = [:]
    for dimension in dimensions {
      let names = dimension.items.map(\.name)
      let columns = names.map { normalized[$0] ?? [] }
      let weights = try itemWeights.resolve(
        names: names, columns: columns, kind: "item", group: "dimension '\(dimension.name)'")
      for (name, weight) in zip(names, weights) { itemWeightsUsed[name] = weight }
      dimensionScores[dimension.name] = try aggregation.combine(
        columns, weights: weights, names: names, kind: "item", units: table.units)
    }
    let names = dimensions.map(\.name)
    let columns = names.map { dimensionScores[$0] ?? [] }
    let weights = try dimensionWeights.resolve(names: names, columns: columns, kind: "dimension", group: "the index")
    let overall = try aggregation.combine(
      columns, weights: weights, names: names, kind: "dimension", units: table.units)
    return Scores(
      units: table.units, dimensions: names, normalized: normalized, itemWeights: itemWeightsUsed,
      dimensionWeights: Dictionary(uniqueKeysWithValues: zip(names, weights)), dimensionScores: dimensionScores,
      overall: overall)
  }

  /// Every item present, one finite value per unit.
  private static func check(_ table: Table, items: [Item]) throws(CompositeIndexError) {
    guard !table.units.isEmpty else { throw CompositeIndexError("the table has no units") }
    for item in items {
      guard let column = table.values[item.name] else {
        throw CompositeIndexError("the table has no values for item '\(item.name)'")
      }
      guard column.count == table.units.count else {
        throw CompositeIndexError(
          "item '\(item.name)' has \(column.count) values for \(table.units.count) units")
      }
      if let row = column.firstIndex(where: { !$0.isFinite }) {
        throw CompositeIndexError(
          "item '\(item.name)' has no finite value for unit '\(table.units[row])' (impute or drop the unit first)")
      }
    }
  }
}

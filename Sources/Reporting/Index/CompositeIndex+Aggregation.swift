import Foundation
import SurveyCore

extension CompositeIndex {
  /// How weighted values are combined into a dimension score, and dimension
  /// scores into the index (the same rule at both levels).
  ///
  /// With weights `w_1 ... w_k` summing to 1 and values `I_1 ... I_k` of one unit:
  ///
  /// - ``arithmetic``: `sum w_q I_q` (compensated summation). Fully
  ///   compensatory: a deficit in one item is offset by a surplus in another.
  /// - ``geometric``: `prod I_q^w_q`, computed as `exp(sum w_q log I_q)`.
  ///   Partly compensatory: a unit's low value weighs more than in the arithmetic
  ///   mean. Defined for positive values only.
  ///
  /// Rule for zeros and negatives: geometric aggregation throws for any value
  /// `<= 0`, naming the unit and the item or dimension; it never shifts values
  /// silently. A zero would make the product 0 whatever the other items say.
  /// Normalise onto a positive range instead (`.minMax(to: 1...100)` or
  /// `.rank`); z-scores cannot be aggregated geometrically.
  ///
  /// Reference: OECD/JRC Handbook (2008), section 6.2 (aggregation methods),
  /// equations for linear and geometric aggregation.
  public enum Aggregation: Sendable, Equatable {
    case arithmetic
    case geometric

    /// One combined value per unit from `columns` (one per item or dimension).
    func combine(
      _ columns: [[Double]], weights: [Double], names: [String], kind: String, units: [String]
    ) throws(CompositeIndexError) -> [Double] {
      precondition(columns.count == weights.count && columns.count == names.count, "one weight per column")
      switch self {
      case .arithmetic:
        return units.indices.map { unit in
          zip(columns, weights).lazy.map { $0[unit] * $1 }.compensatedSum()
        }
      case .geometric:
        for (column, name) in zip(columns, names) {
          if let unit = column.firstIndex(where: { !($0 > 0) }) {
            throw CompositeIndexError(
              "geometric aggregation needs positive values, but \(kind) '\(name)' is "
                + "\(NumberFormat.shortest(column[unit])) for unit '\(units[unit])' "
                + "(normalise with minMax(to: 1...100) or rank)")
          }
        }
        return units.indices.map { unit in
          exp(zip(columns, weights).lazy.map { log($0[unit]) * $1 }.compensatedSum())
        }
      }
    }
  }
}

import SurveyCore

/// Base (design) weights from selection probabilities: the inverse of each unit's
/// inclusion probability, the Horvitz-Thompson weight (Horvitz and Thompson 1952;
/// Lohr 2010, section 2.4).
///
/// With the probabilities of the stages of a multistage sample in separate columns,
/// a unit's inclusion probability is their product (each stage's probability being
/// conditional on the earlier stages):
///     w_i = 1 / (p_i1 * p_i2 * ... * p_ik).
/// Every probability must be present, finite and in (0, 1].
public enum BaseWeights {
  /// The base weight of every row of `table` from the probability columns `columns`
  /// (one per stage, first stage first).
  public static func fromProbabilities(table: SurveyTable, columns: [String]) throws(WeightingError) -> [Double] {
    precondition(!columns.isEmpty, "at least one probability column")
    var product = [Double](repeating: 1, count: table.rowCount)
    for name in columns {
      guard let column = table[name] else {
        throw WeightingError(at: table.fileLocation, "selection probability column '\(name)' is not in the data")
      }
      guard case .numeric(let values) = column.values else {
        throw WeightingError(
          at: table.fileLocation,
          "selection probability column '\(name)' is \(column.type.rawValue), not numeric")
      }
      for row in 0..<table.rowCount {
        if let reason = column.missing[row] {
          throw WeightingError(
            at: table.place(ofRow: row),
            "selection probability '\(name)' is missing (\(reason.name)) in this row; every sampled unit needs one")
        }
        let probability = values[row]
        guard probability > 0, probability <= 1 else {
          throw WeightingError(
            at: table.place(ofRow: row),
            "selection probability '\(name)' is \(NumberFormat.shortest(probability)); a sampled unit's probability"
              + " must be in (0, 1]")
        }
        product[row] *= probability
      }
    }
    return product.map { 1 / $0 }
  }
}

import SurveyCore

extension CompositeIndex {
  /// How much each item counts within its dimension, or each dimension in the index.
  ///
  /// Weights are always rescaled to sum to 1 over the items of one dimension
  /// (or over the dimensions), `w_q = c_q / sum c`, so only their ratios matter:
  ///
  /// - ``equal``: `w_q = 1 / k` for the `k` items of a dimension (or dimensions).
  /// - ``explicit(_:)``: one non-negative number per name (item names for item
  ///   weights, dimension names for dimension weights), for example from expert
  ///   budget allocation. Every name needs exactly one weight; negative weights
  ///   and a group whose weights are all zero throw.
  /// - ``principalComponents``: derived from the correlation matrix of the
  ///   normalised items of each dimension (or of the dimension scores) across
  ///   the units, as in the Handbook's step 6 (see
  ///   ``CompositeIndex/principalComponentWeights(correlation:)``). A dimension
  ///   with one item gives it weight 1.
  ///
  /// Reference: OECD/JRC Handbook (2008), section 6.1 (weighting methods).
  public enum Weights: Sendable, Equatable {
    case equal
    case explicit([String: Double])
    case principalComponents

    /// Explicit weights name exactly `names` and are all finite and non-negative.
    func validate(names: [String], kind: String) throws(CompositeIndexError) {
      guard case .explicit(let weights) = self else { return }
      let missing = names.filter { weights[$0] == nil }
      let unknown = weights.keys.filter { !names.contains($0) }.sorted()
      if !missing.isEmpty || !unknown.isEmpty {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("no weight for " + missing.map { "'\($0)'" }.joined(separator: ", ")) }
        if !unknown.isEmpty {
          parts.append("weight for unknown \(kind) " + unknown.map { "'\($0)'" }.joined(separator: ", "))
        }
        throw CompositeIndexError("\(kind) weights do not match the \(kind)s: " + parts.joined(separator: "; "))
      }
      for name in names {
        let weight = weights[name] ?? 0
        guard weight.isFinite, weight >= 0 else {
          throw CompositeIndexError(
            "\(kind) weight for '\(name)' is \(NumberFormat.shortest(weight)); weights must be finite and non-negative")
        }
      }
      try validateNotAllZero(names: names, what: "\(kind) weights")
    }

    /// Explicit weights of `names` do not all vanish.
    func validateNotAllZero(names: [String], what: String) throws(CompositeIndexError) {
      guard case .explicit(let weights) = self else { return }
      if names.allSatisfy({ (weights[$0] ?? 0) == 0 }) {
        throw CompositeIndexError("\(what) are all zero")
      }
    }

    /// The weights of `names`, summing to 1; `columns` are the normalised values
    /// (one column per name) that principal-component weights are derived from.
    func resolve(
      names: [String], columns: [[Double]], kind: String, group: String
    ) throws(CompositeIndexError) -> [Double] {
      switch self {
      case .equal:
        return names.map { _ in 1 / Double(names.count) }
      case .explicit(let weights):
        let raw = names.map { weights[$0] ?? 0 }
        let total = raw.compensatedSum()
        return raw.map { $0 / total }
      case .principalComponents:
        guard names.count > 1 else { return [1] }
        for (name, column) in zip(names, columns) where !column.contains(where: { $0 != column.first }) {
          throw CompositeIndexError(
            "principal-component weights are undefined for \(group): \(kind) '\(name)' does not vary across units")
        }
        let correlation = CompositeIndex.correlationMatrix(columns)
        return try CompositeIndex.principalComponentWeights(correlation: correlation, of: group)
      }
    }
  }
}

extension CompositeIndex {
  /// Pearson correlations between `columns` (each one value per unit):
  /// `r_ij = sum_u (x_iu - mean x_i)(x_ju - mean x_j) / sqrt(sum_u (x_iu - mean x_i)^2 sum_u (x_ju - mean x_j)^2)`,
  /// with compensated sums. Columns must vary (checked by the caller).
  static func correlationMatrix(_ columns: [[Double]]) -> [[Double]] {
    let centred = columns.map { column in
      let mean = column.compensatedSum() / Double(column.count)
      return column.map { $0 - mean }
    }
    let norms = centred.map { $0.map { $0 * $0 }.compensatedSum().squareRoot() }
    return centred.indices.map { i in
      centred.indices.map { j in
        i == j ? 1 : zip(centred[i], centred[j]).lazy.map(*).compensatedSum() / (norms[i] * norms[j])
      }
    }
  }
}

extension CompositeIndex {
  /// Weights from a principal-component analysis of a correlation matrix, by the
  /// OECD/JRC Handbook's procedure (step 6, section 6.1.1, tables 17 and 18).
  ///
  /// 1. Decompose `R = V diag(lambda) V'` (``SymmetricEigen``, Jacobi rotations).
  /// 2. Keep the components with eigenvalue `lambda_k > 1` (Kaiser's criterion;
  ///    `1 + 1e-10` so that an eigenvalue of 1 up to rounding is not kept).
  /// 3. The loadings of component `k` are `l_qk = v_qk sqrt(lambda_k)`; their
  ///    squares scaled to unit sum within the component are
  ///    `l_qk^2 / sum_q l_qk^2 = v_qk^2`.
  /// 4. Each item goes to the kept component on which its scaled squared loading
  ///    is largest (the first such component on a tie), and gets
  ///    `c_q = v_qk^2 * lambda_k / sum over kept components of lambda`.
  /// 5. `w_q = c_q / sum c`.
  ///
  /// For `R = [[1, r], [r, 1]]` with `r != 0` the eigenvalues are `1 + |r|` and
  /// `1 - |r|`; only the first is kept, `v = (1, +-1) / sqrt 2`, so `w = (1/2, 1/2)`.
  ///
  /// Assumptions and edge cases: `R` is a symmetric correlation matrix (unit
  /// diagonal) of at least two items. The Handbook rotates the kept components
  /// (varimax) before step 3; this implementation does not rotate, which changes
  /// nothing when one component is kept. An item that loads on no kept
  /// component gets weight 0. When no eigenvalue exceeds 1 (items about
  /// uncorrelated) the weights are undefined and this throws: use equal weights.
  /// Correlations are computed across the units of the table, so PCA weights
  /// for a few countries rest on few observations (the Handbook warns about
  /// small samples).
  ///
  /// - Returns: one weight per row of `correlation`, summing to 1.
  public static func principalComponentWeights(correlation: [[Double]]) throws(CompositeIndexError) -> [Double] {
    try principalComponentWeights(correlation: correlation, of: "the correlation matrix")
  }

  static func principalComponentWeights(
    correlation: [[Double]], of group: String
  ) throws(CompositeIndexError) -> [Double] {
    precondition(correlation.count > 1, "principal-component weights need at least two items")
    let eigen = SymmetricEigen(correlation)
    let kept = eigen.values.indices.filter { eigen.values[$0] > 1 + 1e-10 }
    guard !kept.isEmpty else {
      throw CompositeIndexError(
        "principal-component weights are undefined for \(group): no component has an eigenvalue above 1 "
          + "(the items are nearly uncorrelated); use equal or explicit weights")
    }
    let explained = kept.map { eigen.values[$0] }.reduce(0, +)
    let raw = correlation.indices.map { item in
      var best = (loading: -1.0, share: 0.0)
      for component in kept {
        let loading = eigen.vectors[component][item] * eigen.vectors[component][item]
        if loading > best.loading { best = (loading, eigen.values[component] / explained) }
      }
      return best.loading * best.share
    }
    let total = raw.reduce(0, +)
    return raw.map { $0 / total }
  }
}

import SurveyCore

extension Crosstab.Tabulation {
  /// The two Rao-Scott tests of the table (formulas in ``Crosstab/Test``), from
  /// `covariance`, the design covariance of the cell proportions, and `nu`, the
  /// design's degrees of freedom; as R's `svychisq` with `statistic = "F"` and
  /// `"Chisq"`.
  func tests(covariance: [[Double]], nu: Double) throws(Crosstab.Error) -> [Crosstab.Test] {
    let p = r * c
    let q = (r - 1) * (c - 1)
    let rows = Double(rowCount)
    let whole = totals.compensatedSum()
    let shares = totals.map { $0 / whole }

    // Pearson's X^2 of the table scaled to N, as chisq.test(svytable(..., Ntotal = N)).
    let observed = totals.map { $0 * rows / whole }
    let sum = observed.compensatedSum()
    let rowSums = (0..<r).map { rowTotal($0, observed) }
    let columnSums = (0..<c).map { columnTotal($0, observed) }
    var pearson = CompensatedSum()
    for k in 0..<p {
      let expected = rowSums[k % r] * columnSums[k / r] / sum
      pearson.add((observed[k] - expected) * (observed[k] - expected) / expected)
    }
    let x2 = pearson.value

    // Delta = (C' D^-1 C / N)^-1 (C' D^-1 V D^-1 C).
    let contrasts = (0..<p).map { k in
      (0..<q).map { m in
        let a = m % (r - 1) + 1
        let b = m / (r - 1) + 1
        return ((k % r == a ? 1 : 0) - 1 / Double(r)) * ((k / r == b ? 1 : 0) - 1 / Double(c))
      }
    }
    let scaled = (0..<p).map { k in contrasts[k].map { shares[k] == 0 ? 0 : $0 / shares[k] } }
    let denominator = (0..<q).map { i in
      (0..<q).map { j in (0..<p).map { contrasts[$0][i] * scaled[$0][j] }.compensatedSum() / rows }
    }
    let middle = (0..<p).map { k in
      (0..<q).map { j in (0..<p).map { covariance[k][$0] * scaled[$0][j] }.compensatedSum() }
    }
    let numerator = (0..<q).map { i in
      (0..<q).map { j in (0..<p).map { scaled[$0][i] * middle[$0][j] }.compensatedSum() }
    }
    guard let delta = Self.solve(denominator, numerator) else {
      throw Crosstab.Error(
        "crosstab: the Rao-Scott tests of \(rowFactor.name) by \(columnFactor.name) are undefined"
          + "\(domain.isEmpty ? "" : " in domain \(Crosstab.label(domain))"): too many zero cells")
    }
    let trace = (0..<q).map { delta[$0][$0] }.compensatedSum()
    let traceOfSquare = (0..<q).flatMap { i in (0..<q).map { delta[i][$0] * delta[$0][i] } }.compensatedSum()
    let d0 = trace * trace / traceOfSquare
    let f = x2 / trace
    let firstOrder = x2 / (trace / Double(q))
    return [
      Crosstab.Test(
        method: .raoScottF, domain: domain, statistic: f, ndf: d0, ddf: d0 * nu,
        pValue: Distribution.FisherF.survival(f, df1: d0, df2: d0 * nu), pearson: x2, n: complete.count,
        rowCount: rowCount),
      Crosstab.Test(
        method: .raoScottChiSquared, domain: domain, statistic: x2, ndf: Double(q), ddf: nil,
        pValue: Distribution.ChiSquared.survival(firstOrder, df: Double(q)), pearson: x2, n: complete.count,
        rowCount: rowCount),
    ]
  }

  /// A^-1 B by Gaussian elimination with partial pivoting, or `nil` when A is
  /// singular (a pivot below 1e-13 of A's largest entry), as R's `solve`.
  static func solve(_ a: [[Double]], _ b: [[Double]]) -> [[Double]]? {
    let n = a.count
    var left = a
    var right = b
    let largest = a.flatMap { $0 }.map(abs).max() ?? 0
    for column in 0..<n {
      var pivot = column
      for row in (column + 1)..<n where abs(left[row][column]) > abs(left[pivot][column]) { pivot = row }
      guard abs(left[pivot][column]) > 1e-13 * largest else { return nil }
      left.swapAt(column, pivot)
      right.swapAt(column, pivot)
      for row in (column + 1)..<n {
        let factor = left[row][column] / left[column][column]
        if factor == 0 { continue }
        for k in column..<n { left[row][k] -= factor * left[column][k] }
        for k in right[row].indices { right[row][k] -= factor * right[column][k] }
      }
    }
    for column in stride(from: n - 1, through: 0, by: -1) {
      for k in right[column].indices {
        var value = right[column][k]
        for j in (column + 1)..<n { value -= left[column][j] * right[j][k] }
        right[column][k] = value / left[column][column]
      }
    }
    return right
  }
}

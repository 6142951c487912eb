import SurveyCore

/// Degrees of freedom of a replicate design as R's `degf()` computes them: the
/// rank of the matrix A of replicate row weights (rows by replicates) less one,
/// with R's `qr(A, tol = 1e-5)$rank`.
///
/// R's LINPACK QR (`dqrdc2`) takes the columns in order and sets aside a column
/// whose norm, after removing its projection on the columns kept before it, is
/// below 1e-5 times its original norm; the rank is the number kept. Rows that are
/// multiples of one another (a_i = c_i u_g, as the rows of one PSU are) are first
/// merged into one row sqrt(sum of c_i^2) u_g, which leaves A'A, and so every
/// residual norm, unchanged; a design with millions of rows then costs its
/// number of PSUs. The residual norms come from Gram-Schmidt with
/// reorthogonalization over the merged rows when there are fewer rows than
/// replicates (a bootstrap of few PSUs), else from the Gram matrix G = A'A: with
/// L the Cholesky factor of G over the kept columns and L y = G[kept, j], the
/// squared residual of column j is G_jj - |y|^2.
///
/// A domain's degrees of freedom (R's `degf(design[domain, ])`, which the beta
/// interval of a proportion uses) are those of the domain's rows alone.
enum ReplicateRank {
  /// R's `tol` for the rank.
  static let tolerance = 1e-5

  /// The degrees of freedom of `replicates` restricted to `rows` (all rows when nil).
  static func degreesOfFreedom(_ replicates: ReplicateWeights, rows: [Bool]? = nil) -> Int {
    degreesOfFreedom(replicates.weights, rows: rows)
  }

  /// The degrees of freedom of replicate row weights (one array per replicate),
  /// restricted to `rows` (all rows when nil).
  static func degreesOfFreedom(_ weights: [[Double]], rows: [Bool]? = nil) -> Int {
    let rowCount = weights.first?.count ?? 0
    // Rows divided by their largest entry, merged when they agree to 2^-40.
    var groupOfKey: [[Int64]: Int] = [:]
    var patterns: [[Double]] = []
    var squares: [Double] = []
    var row = [Double](repeating: 0, count: weights.count)
    for index in 0..<rowCount where rows?[index] ?? true {
      var largest = 0.0
      for replicate in weights.indices {
        row[replicate] = weights[replicate][index]
        largest = max(largest, abs(row[replicate]))
      }
      guard largest > 0, largest.isFinite else { continue }
      for replicate in row.indices { row[replicate] /= largest }
      let key = row.map { Int64(($0 * 0x1p40).rounded()) }
      if let group = groupOfKey[key] {
        squares[group] += largest * largest
      } else {
        groupOfKey[key] = patterns.count
        patterns.append(row)
        squares.append(largest * largest)
      }
    }
    let merged = zip(patterns, squares).map { pattern, square in pattern.map { $0 * square.squareRoot() } }
    return rank(rows: merged, columnCount: weights.count) - 1
  }

  /// The number of columns R's `dqrdc2` keeps, for a matrix given by its rows.
  static func rank(rows: [[Double]], columnCount: Int) -> Int {
    rows.count < columnCount ? orthogonalizedRank(rows, columnCount: columnCount) : rank(gram: gram(rows, columnCount))
  }

  /// Gram-Schmidt over the columns, each reorthogonalized once.
  private static func orthogonalizedRank(_ rows: [[Double]], columnCount: Int) -> Int {
    var basis: [[Double]] = []
    for column in 0..<columnCount where basis.count < rows.count {
      var vector = rows.map { $0[column] }
      let norm = length(vector)
      guard norm > 0 else { continue }
      for _ in 0..<2 {
        for direction in basis {
          var dot = 0.0
          for (a, b) in zip(direction, vector) { dot += a * b }
          for index in vector.indices { vector[index] -= dot * direction[index] }
        }
      }
      let residual = length(vector)
      if residual >= tolerance * norm { basis.append(vector.map { $0 / residual }) }
    }
    return basis.count
  }

  private static func length(_ vector: [Double]) -> Double {
    vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
  }

  /// G_rs = sum over rows of a_r a_s.
  private static func gram(_ rows: [[Double]], _ columnCount: Int) -> [[Double]] {
    var gram = [[Double]](repeating: [Double](repeating: 0, count: columnCount), count: columnCount)
    for row in rows {
      for first in 0..<columnCount where row[first] != 0 {
        let value = row[first]
        for second in first..<columnCount { gram[first][second] += value * row[second] }
      }
    }
    for first in 0..<columnCount {
      for second in 0..<first { gram[first][second] = gram[second][first] }
    }
    return gram
  }

  /// The columns kept, from the Gram matrix: column j is kept when
  /// G_jj - |y|^2 >= tol^2 G_jj (see above).
  private static func rank(gram: [[Double]]) -> Int {
    var kept: [Int] = []
    // Rows of the Cholesky factor of G over the kept columns.
    var factor: [[Double]] = []
    for column in gram.indices {
      let norm = gram[column][column]
      guard norm > 0 else { continue }
      var y = [Double](repeating: 0, count: kept.count)
      var projected = 0.0
      for position in kept.indices {
        var sum = gram[column][kept[position]]
        for earlier in 0..<position { sum -= factor[position][earlier] * y[earlier] }
        y[position] = sum / factor[position][position]
        projected += y[position] * y[position]
      }
      let residual = norm - projected
      if residual >= tolerance * tolerance * norm {
        kept.append(column)
        factor.append(y + [residual.squareRoot()])
      }
    }
    return kept.count
  }
}

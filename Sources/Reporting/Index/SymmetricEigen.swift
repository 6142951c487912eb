/// The eigen-decomposition `A = V diag(lambda) V'` of a real symmetric matrix by
/// the cyclic Jacobi method.
///
/// Each Jacobi rotation `J(p, q, theta)` zeroes the off-diagonal entry `a_pq`:
/// with `theta = (a_qq - a_pp) / (2 a_pq)`, `t = sign(theta) / (|theta| +
/// sqrt(theta^2 + 1))` (the smaller root, so the rotation angle is at most
/// pi/4), `c = 1 / sqrt(t^2 + 1)` and `s = t c`,
///
///     a'_pp = a_pp - t a_pq,   a'_qq = a_qq + t a_pq,   a'_pq = 0,
///     a'_rp = c a_rp - s a_rq, a'_rq = s a_rp + c a_rq   (r != p, q),
///
/// and the same column update accumulates `V`. Sweeps over all pairs `p < q`
/// repeat until the off-diagonal sum of squares is below `(1e-15 ||A||_F)^2`;
/// convergence is quadratic, so a handful of sweeps suffices for the small
/// correlation matrices of an index (precondition: at most 100 sweeps).
///
/// Assumptions: `A` is square and symmetric (checked to 1e-12 relative).
/// Eigenvalues are returned in decreasing order; each eigenvector has unit
/// length and its largest-magnitude entry positive, so the result is
/// deterministic. Repeated eigenvalues get some orthonormal basis of their space.
///
/// Reference: Golub and Van Loan, *Matrix Computations* (4th ed., 2013),
/// section 8.5.2; Press et al., *Numerical Recipes* (3rd ed., 2007), section 11.1.
struct SymmetricEigen: Sendable, Equatable {
  /// Eigenvalues, largest first.
  var values: [Double]
  /// `vectors[k]` is the unit eigenvector of `values[k]`.
  var vectors: [[Double]]

  init(_ matrix: [[Double]]) {
    let n = matrix.count
    precondition(matrix.allSatisfy { $0.count == n }, "SymmetricEigen needs a square matrix")
    var a = matrix
    var scale = 0.0
    for i in 0..<n {
      for j in 0..<n {
        precondition(
          abs(a[i][j] - a[j][i]) <= 1e-12 * max(1, abs(a[i][j])), "SymmetricEigen needs a symmetric matrix")
        scale += a[i][j] * a[i][j]
      }
    }
    var v = (0..<n).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
    let tolerance = 1e-30 * scale
    var sweeps = 0
    while Self.offDiagonal(a) > tolerance {
      sweeps += 1
      precondition(sweeps <= 100, "Jacobi eigen-decomposition did not converge in 100 sweeps")
      for p in 0..<n {
        for q in (p + 1)..<n where a[p][q] != 0 {
          Self.rotate(&a, &v, p, q)
        }
      }
    }
    let order = (0..<n).sorted { a[$0][$0] > a[$1][$1] }
    values = order.map { a[$0][$0] }
    vectors = order.map { k in
      let column = (0..<n).map { v[$0][k] }
      let largest = column.max { abs($0) < abs($1) } ?? 1
      return largest < 0 ? column.map { -$0 } : column
    }
  }

  private static func offDiagonal(_ a: [[Double]]) -> Double {
    var sum = 0.0
    for i in a.indices {
      for j in a.indices where j != i { sum += a[i][j] * a[i][j] }
    }
    return sum
  }

  private static func rotate(_ a: inout [[Double]], _ v: inout [[Double]], _ p: Int, _ q: Int) {
    let apq = a[p][q]
    let theta = (a[q][q] - a[p][p]) / (2 * apq)
    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
    let c = 1 / (t * t + 1).squareRoot()
    let s = t * c
    a[p][p] -= t * apq
    a[q][q] += t * apq
    a[p][q] = 0
    a[q][p] = 0
    for r in a.indices where r != p && r != q {
      let arp = a[r][p]
      let arq = a[r][q]
      a[r][p] = c * arp - s * arq
      a[p][r] = a[r][p]
      a[r][q] = s * arp + c * arq
      a[q][r] = a[r][q]
    }
    for r in v.indices {
      let vrp = v[r][p]
      let vrq = v[r][q]
      v[r][p] = c * vrp - s * vrq
      v[r][q] = s * vrp + c * vrq
    }
  }
}

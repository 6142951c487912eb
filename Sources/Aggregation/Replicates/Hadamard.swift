#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hadamard matrices in 0/1 form, chosen and built exactly as R's
/// `survey:::hadamard(n)` does, so that balanced repeated replication uses the
/// same half-samples as R (which matters for non-linear statistics).
///
/// `matrix(atLeast: n)` returns a matrix of order at least n + 1 (R's BRR uses
/// rows 2 to n + 1, one per stratum, and one replicate per column):
/// - with m = n - n mod 4, the smallest stored matrix (orders 4, 16, 28, 36, the
///   ones R ships, from Sloane's library) with m < order <= m + 4; order 4 when m = 0;
/// - otherwise the stored order doubled k times that fits n + 1 best (the first
///   of equally good ones); when that leaves more than 4 spare rows, Paley's
///   construction (Paley 1933) for a prime p = 3 (mod 4): the (p + 1)-order matrix
///   with a first row and column of ones and entry (i, j) = 0 when (i + j) mod p
///   is 0 or a quadratic residue, else 1, doubled as needed, as R's `paley()`;
/// - doubling is Sylvester's: H2 = [[H, H], [H, 1 - H]].
/// Every two columns of a result agree in exactly half of the rows.
enum Hadamard {
  /// A 0/1 matrix, one array per row.
  typealias Matrix = [[Bool]]

  static func matrix(atLeast n: Int) -> Matrix {
    var result = chosen(n)
    while result.count < n + 1 { result = doubled(result) }
    return result
  }

  private static func chosen(_ n: Int) -> Matrix {
    let m = n - n % 4
    let stored = storedOrders.indices.filter { m < storedOrders[$0] && m + 4 >= storedOrders[$0] }
    if let first = stored.first { return storedMatrix(first) }
    if storedOrders.allSatisfy({ m < $0 }) { return storedMatrix(0) }
    let doublings = storedOrders.map { order in
      max(0, Int(log2(Double(n + 1) / Double(order)).rounded(.up)))
    }
    let sizes = zip(storedOrders, doublings).map { $0 << $1 }
    // R's which.min: the first of the smallest.
    let best = sizes.indices.min { sizes[$0] < sizes[$1] } ?? 0
    if sizes[best] - n > 4, let paley = paley(n, limit: sizes[best]) { return paley }
    var result = storedMatrix(best)
    for _ in 0..<doublings[best] { result = doubled(result) }
    return result
  }

  /// Sylvester's doubling.
  static func doubled(_ h: Matrix) -> Matrix {
    h.map { $0 + $0 } + h.map { row in row + row.map { !$0 } }
  }

  /// R's `paley(n, nmax)`: a Paley matrix of order at least n + 1 and at most
  /// `limit`, or nil.
  private static func paley(_ n: Int, limit: Int) -> Matrix? {
    let ceiling = n + 4 - n % 4
    if n % 4 + 4 == n % 8 {
      var order = ceiling
      while order % 8 == 0 { order /= 2 }
      if smallPrimes.contains(order - 1) {
        var result = paley(prime: order - 1)
        while order < ceiling {
          result = doubled(result)
          order *= 2
        }
        return result
      }
    }
    guard let prime = smallPrimes.first(where: { $0 >= n }) else { return nil }
    if prime + 1 > ceiling + 4, ceiling + 4 < limit { return paley(ceiling + 3, limit: 2 * (ceiling + 3)) }
    if prime > limit { return nil }
    return paley(prime: prime)
  }

  /// Paley's construction of order p + 1 for a prime p = 3 (mod 4).
  static func paley(prime p: Int) -> Matrix {
    var residue = [Bool](repeating: false, count: p)
    residue[0] = true
    for i in 1...max(1, (p - 1) / 2) { residue[(i * i) % p] = true }
    let body = (0..<p).map { i in [true] + (0..<p).map { j in !residue[(i + j) % p] } }
    return [[Bool](repeating: true, count: p + 1)] + body
  }

  /// R's `small.primes`: the primes p = 3 (mod 4) up to 7919.
  static let smallPrimes: [Int] = (3...7919).filter { candidate in
    candidate % 4 == 3
      && !stride(from: 2, through: Int(Double(candidate).squareRoot()), by: 1).contains { candidate % $0 == 0 }
  }

  static let storedOrders = [4, 16, 28, 36]

  private static func storedMatrix(_ index: Int) -> Matrix {
    stored[index].map { row in row.utf8.map { $0 == UInt8(ascii: "1") } }
  }
}

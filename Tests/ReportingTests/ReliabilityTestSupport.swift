/// Whether `value` is defined and within a relative `tolerance` of `reference`
/// (absolute near zero, so that 0 can be a reference).
func isClose(_ value: Double?, _ reference: Double, _ tolerance: Double = 1e-12) -> Bool {
  guard let value else { return false }
  return abs(value - reference) <= tolerance * max(1, abs(reference))
}

/// Columns of a respondents-by-items matrix, as `Reliability.cronbachAlpha` takes them.
func itemColumns(_ rows: [[Double?]]) -> [[Double?]] {
  guard let width = rows.first?.count else { return [] }
  return (0..<width).map { j in rows.map { $0[j] } }
}

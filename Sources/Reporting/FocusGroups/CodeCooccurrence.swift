/// Which codes are applied to the same segments: co-occurrence counts and the
/// Jaccard coefficient for every pair of codes.
///
/// With codes(s) the code set of segment s under the double-coding policy
/// (``CodingExport/DoubleCoding``), n_a = #{s : a in codes(s)} and
/// n_ab = #{s : a and b in codes(s)},
///
///     J(a, b) = n_ab / (n_a + n_b - n_ab) = |S_a intersect S_b| / |S_a union S_b|
///
/// over the sets S_a of segments carrying each code. J is 0 for codes that
/// never meet and 1 for codes always applied together; unlike the raw count it
/// does not grow with how common the codes are. This is ATLAS.ti's
/// c-coefficient of its code co-occurrence table, there computed on
/// overlapping quotations, here on the same segment (ATLAS.ti 9 User Manual,
/// "Code Co-Occurrence Table: the c-coefficient"; Jaccard, P. (1912), The
/// distribution of the flora in the alpine zone, New Phytologist 11(2), 37-50).
/// A segment counts once per pair, however many coders applied the codes.
///
/// Edge cases: a pair whose codes never occur (n_a = n_b = 0) cannot arise, as
/// only codes present in the segments are listed; the diagonal (a = a) holds
/// n_a and J = 1.
public struct CodeCooccurrence: Sendable, Equatable {
  /// One pair of codes (a <= b; the matrix is symmetric).
  public struct Pair: Sendable, Equatable {
    public var codeA: String
    public var codeB: String
    /// Segments carrying both codes, n_ab (n_a on the diagonal).
    public var both: Int
    /// Segments carrying `codeA`, n_a.
    public var segmentsA: Int
    /// Segments carrying `codeB`, n_b.
    public var segmentsB: Int
    /// n_ab / (n_a + n_b - n_ab).
    public var jaccard: Double
  }

  /// Codes present in the segments, sorted.
  public var codes: [String]
  /// Every pair a <= b, including the diagonal and pairs that never co-occur,
  /// in order of `codes`.
  public var pairs: [Pair]
  /// Segments counted (those kept by the double-coding policy).
  public var segments: Int

  public init(_ segments: [CodingExport.Segment], counting: CodingExport.DoubleCoding = .union) {
    let sets = segments.compactMap { $0.codes(counting) }
    let codes = Set(sets.flatMap { $0 }).sorted()
    let position = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
    var counts = [[Int]](repeating: [Int](repeating: 0, count: codes.count), count: codes.count)
    for set in sets {
      let members = set.compactMap { position[$0] }.sorted()
      for (offset, a) in members.enumerated() {
        for b in members[offset...] { counts[a][b] += 1 }
      }
    }
    var pairs: [Pair] = []
    for a in codes.indices {
      for b in a..<codes.count {
        let union = counts[a][a] + counts[b][b] - counts[a][b]
        pairs.append(
          Pair(
            codeA: codes[a], codeB: codes[b], both: counts[a][b], segmentsA: counts[a][a], segmentsB: counts[b][b],
            jaccard: Double(counts[a][b]) / Double(union)))
      }
    }
    self.codes = codes
    self.pairs = pairs
    self.segments = sets.count
  }

  /// The pair of `a` and `b` in either order, if both codes are present.
  public func pair(_ a: String, _ b: String) -> Pair? {
    let (first, second) = a <= b ? (a, b) : (b, a)
    return pairs.first { $0.codeA == first && $0.codeB == second }
  }
}

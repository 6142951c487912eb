/// How often each code was applied, overall or by country, session type and
/// participant type: the segments that carry the code and the documents (focus
/// groups, interviews) in which it appears at least once.
///
/// Counting rules, for a group G of segments (for example country GR, migrants)
/// and a double-coding policy ``CodingExport/DoubleCoding``:
///
///     segments(c, G)  = #{ s in G : c in codes(s) }
///     documents(c, G) = #{ d : some s in G of document d has c in codes(s) }
///     segmentShare    = segments(c, G) / #{ s in G }
///     documentShare   = documents(c, G) / #{ d : d has a segment in G }
///
/// where codes(s) is the segment's code set under the policy (the union of the
/// coders' codes, or the primary coder's). A segment counts at most once per
/// code however many coders applied it; a document counts once however many of
/// its segments carry the code. Under `.primary`, segments the primary coder did
/// not code are outside every group (``segmentsLeftOut``).
///
/// These are the "coding frequency" and "files coded" counts of NVivo's
/// code summaries and of MAXQDA's code frequencies (segments and documents).
public struct CodeFrequencies: Sendable, Equatable {
  /// What the segments are grouped by.
  public enum Facet: String, Sendable, CaseIterable {
    case country
    case sessionType = "session_type"
    case participantType = "participant_type"

    func value(of segment: CodingExport.Segment) -> String {
      switch self {
      case .country: segment.country
      case .sessionType: segment.sessionType
      case .participantType: segment.participantType
      }
    }
  }

  /// One code in one group.
  public struct Row: Sendable, Equatable {
    /// The group's country, or `nil` when not grouped by country.
    public var country: String?
    /// The group's session type, or `nil` when not grouped by it.
    public var sessionType: String?
    /// The group's participant type, or `nil` when not grouped by it.
    public var participantType: String?
    public var code: String
    /// Segments of the group carrying the code.
    public var segments: Int
    /// Documents of the group with at least one segment carrying the code.
    public var documents: Int
    /// Segments in the group (the denominator of `segmentShare`).
    public var groupSegments: Int
    /// Documents in the group (the denominator of `documentShare`).
    public var groupDocuments: Int

    public var segmentShare: Double { Double(segments) / Double(groupSegments) }
    public var documentShare: Double { Double(documents) / Double(groupDocuments) }
  }

  /// The grouping, in order.
  public var facets: [Facet]
  public var counting: CodingExport.DoubleCoding
  /// Rows sorted by group (values in UTF-8 order) and, within a group, by code;
  /// only codes present in the group appear.
  public var rows: [Row]
  /// Segments left out because the primary coder did not code them (0 for `.union`).
  public var segmentsLeftOut: Int

  /// Counts codes in `segments` grouped by `facets` (none: one overall group).
  public init(
    _ segments: [CodingExport.Segment], by facets: [Facet] = [.country], counting: CodingExport.DoubleCoding = .union
  ) {
    var groups: [[String]: [(segment: CodingExport.Segment, codes: Set<String>)]] = [:]
    var leftOut = 0
    for segment in segments {
      guard let codes = segment.codes(counting) else {
        leftOut += 1
        continue
      }
      groups[facets.map { $0.value(of: segment) }, default: []].append((segment, codes))
    }
    var rows: [Row] = []
    for key in groups.keys.sorted(by: Self.precedes) {
      let members = groups[key] ?? []
      var segmentsOf: [String: Int] = [:]
      var documentsOf: [String: Set<String>] = [:]
      for (segment, codes) in members {
        for code in codes {
          segmentsOf[code, default: 0] += 1
          documentsOf[code, default: []].insert(segment.documentID)
        }
      }
      let documents = Set(members.map(\.segment.documentID)).count
      func value(_ facet: Facet) -> String? { facets.firstIndex(of: facet).map { key[$0] } }
      for code in segmentsOf.keys.sorted() {
        rows.append(
          Row(
            country: value(.country), sessionType: value(.sessionType), participantType: value(.participantType),
            code: code, segments: segmentsOf[code] ?? 0, documents: documentsOf[code]?.count ?? 0,
            groupSegments: members.count, groupDocuments: documents))
      }
    }
    self.facets = facets
    self.counting = counting
    self.rows = rows
    self.segmentsLeftOut = leftOut
  }

  /// Group keys in UTF-8 order, field by field.
  static func precedes(_ a: [String], _ b: [String]) -> Bool {
    for (x, y) in zip(a, b) where x != y { return x.utf8.lexicographicallyPrecedes(y.utf8) }
    return a.count < b.count
  }
}

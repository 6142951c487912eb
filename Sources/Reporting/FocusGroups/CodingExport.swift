import SurveyCore

/// The coded segments of focus groups and interviews, as a QDA program (NVivo,
/// ATLAS.ti, MAXQDA) exports them: one row per (segment, coder, code).
///
/// Read with ``read(path:options:)`` or ``init(bytes:file:options:)``. Bad rows
/// do not stop the read: each becomes a ``Diagnostic`` in ``rejects`` naming its
/// file, line and column and why it was refused, and the counts balance:
/// `rowsRead == rows.count + rejects.count`.
///
/// Segment texts are quotations of participants. They are kept only when
/// ``Options/keepsQuotes`` is set; otherwise ``Row/segmentText`` is `nil` for
/// every row, so no later step can publish them by accident.
public struct CodingExport: Sendable {
  /// The columns every export must have (`segment_text` is optional).
  public static let requiredColumns = [
    "document_id", "country", "session_type", "participant_type", "coder", "code", "segment_id",
  ]

  /// What the reader accepts.
  public struct Options: Sendable, Equatable {
    /// The coders of the study; a row by anyone else is rejected. `nil` accepts every coder.
    public var knownCoders: [String]?
    /// The codes of the codebook; a row with another code is rejected. `nil` accepts every code.
    public var knownCodes: [String]?
    /// Keep segment texts (for quotes in a report). Off by default.
    public var keepsQuotes: Bool

    public init(knownCoders: [String]? = nil, knownCodes: [String]? = nil, keepsQuotes: Bool = false) {
      self.knownCoders = knownCoders
      self.knownCodes = knownCodes
      self.keepsQuotes = keepsQuotes
    }
  }

  /// One accepted row: a code applied by a coder to a segment.
  public struct Row: Sendable, Equatable {
    public var documentID: String
    public var country: String
    public var sessionType: String
    public var participantType: String
    public var coder: String
    public var code: String
    public var segmentID: String
    /// The quotation; `nil` unless ``Options/keepsQuotes`` was set.
    public var segmentText: String?
    /// The row's file and line.
    public var location: SourceLocation
  }

  /// The file the rows came from.
  public var file: String
  /// Data records read (the header and blank lines not counted).
  public var rowsRead: Int
  /// Accepted rows, in file order.
  public var rows: [Row]
  /// One diagnostic per refused row, in file order.
  public var rejects: [Diagnostic]

  public init(file: String, rowsRead: Int, rows: [Row], rejects: [Diagnostic]) {
    precondition(rowsRead == rows.count + rejects.count, "coding export: rows read must be accepted + rejected")
    self.file = file
    self.rowsRead = rowsRead
    self.rows = rows
    self.rejects = rejects
  }

  /// The coders of the accepted rows, sorted.
  public var coders: [String] { Set(rows.map(\.coder)).sorted() }

  /// The codes of the accepted rows, sorted.
  public var codes: [String] { Set(rows.map(\.code)).sorted() }

  /// The accepted rows gathered per segment, in order of segment id.
  public var segments: [Segment] {
    var position: [String: Int] = [:]
    var segments: [Segment] = []
    for row in rows {
      if let index = position[row.segmentID] {
        segments[index].codesByCoder[row.coder, default: []].insert(row.code)
      } else {
        position[row.segmentID] = segments.count
        segments.append(
          Segment(
            id: row.segmentID, documentID: row.documentID, country: row.country, sessionType: row.sessionType,
            participantType: row.participantType, codesByCoder: [row.coder: [row.code]]))
      }
    }
    return segments.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
  }
}

extension CodingExport {
  /// One segment with the codes each coder applied to it.
  public struct Segment: Sendable, Equatable {
    public var id: String
    public var documentID: String
    public var country: String
    public var sessionType: String
    public var participantType: String
    /// Coder to the set of codes that coder applied to this segment.
    public var codesByCoder: [String: Set<String>]

    public init(
      id: String, documentID: String, country: String, sessionType: String, participantType: String,
      codesByCoder: [String: Set<String>]
    ) {
      self.id = id
      self.documentID = documentID
      self.country = country
      self.sessionType = sessionType
      self.participantType = participantType
      self.codesByCoder = codesByCoder
    }

    /// The segment's codes under `counting`, or `nil` when the policy leaves the
    /// segment out (a primary coder who did not code it).
    public func codes(_ counting: DoubleCoding) -> Set<String>? {
      switch counting {
      case .union: codesByCoder.values.reduce(into: Set<String>()) { $0.formUnion($1) }
      case .primary(let coder): codesByCoder[coder]
      }
    }
  }

  /// How a segment coded by two (or more) coders is counted in frequencies and
  /// co-occurrences. Either way a segment counts at most once per code.
  public enum DoubleCoding: Sendable, Equatable {
    /// A segment has a code when any coder applied it (the union of the coders'
    /// codes). Keeps every segment; a code one coder added counts.
    case union
    /// A segment has the codes the primary coder applied; segments the primary
    /// coder did not code are left out (and counted as such). The usual choice
    /// when one coder coded everything and a second coded a reliability subset.
    case primary(coder: String)
  }
}

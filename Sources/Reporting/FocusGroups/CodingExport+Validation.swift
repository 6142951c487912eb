import Foundation
import SurveyCore

extension CodingExport {
  /// Checks one data record at a time, remembering what earlier rows said about
  /// each segment, so that contradictions and duplicates are caught.
  struct RowValidator {
    /// What a segment's first row said about it, and where.
    private struct SegmentFacts {
      var values: [String]
      var line: Int
    }

    let file: String
    let options: Options
    private let width: Int
    /// The field position of each required column and of `segment_text`.
    private let position: [String: Int]
    private let knownCoders: Set<String>?
    private let knownCodes: Set<String>?
    private var segments: [String: SegmentFacts] = [:]
    private var applied: [String: Int] = [:]

    /// The columns that must agree between rows of one segment.
    private static let segmentColumns = ["document_id", "country", "session_type", "participant_type"]

    /// The wording of an empty required field.
    private static let emptyMeaning: [String: String] = [
      "document_id": "empty document id", "country": "empty country", "session_type": "empty session type",
      "participant_type": "empty participant type", "coder": "empty coder", "code": "missing code",
      "segment_id": "empty segment id",
    ]

    init(file: String, columns: [String], options: Options) {
      self.file = file
      self.options = options
      width = columns.count
      var position: [String: Int] = [:]
      for (index, name) in columns.enumerated() where position[name] == nil { position[name] = index }
      self.position = position
      knownCoders = options.knownCoders.map(Set.init)
      knownCodes = options.knownCodes.map(Set.init)
    }

    mutating func check(_ record: Record) -> Result<Row, Diagnostic> {
      func reject(_ column: String?, _ message: String) -> Result<Row, Diagnostic> {
        let field = column.flatMap { position[$0] }.map { $0 + 1 }
        let prefix = column.map { "column '\($0)': " } ?? ""
        return .failure(Diagnostic(at: SourceLocation(file: file, line: record.line, column: field), prefix + message))
      }
      guard record.fields.count == width else {
        return .failure(
          Diagnostic(
            at: SourceLocation(file: file, line: record.line, column: min(record.fields.count, width) + 1),
            "the row has \(record.fields.count) fields; the header has \(width)"))
      }
      func value(_ column: String) -> String {
        position[column].map { record.fields[$0].text.trimmingSpacesAndTabs() } ?? ""
      }
      for column in CodingExport.requiredColumns where value(column).isEmpty {
        return reject(column, Self.emptyMeaning[column] ?? "empty")
      }
      let coder = value("coder")
      let code = value("code")
      let segment = value("segment_id")
      if let knownCoders, !knownCoders.contains(coder) {
        return reject("coder", "unknown coder '\(coder)' (expected \(Self.list(knownCoders)))")
      }
      if let knownCodes, !knownCodes.contains(code) {
        return reject("code", "unknown code '\(code)' (not in the codebook of \(knownCodes.count) codes)")
      }
      let facts = Self.segmentColumns.map(value)
      if let seen = segments[segment] {
        for (index, column) in Self.segmentColumns.enumerated() where seen.values[index] != facts[index] {
          return reject(
            column,
            "segment '\(segment)' has \(column) '\(seen.values[index])' on line \(seen.line), "
              + "not '\(facts[index])'")
        }
      }
      let key = "\(segment)\u{1F}\(coder)\u{1F}\(code)"
      if let line = applied[key] {
        return reject("code", "duplicate of line \(line): coder '\(coder)' already applied '\(code)' to '\(segment)'")
      }
      if segments[segment] == nil { segments[segment] = SegmentFacts(values: facts, line: record.line) }
      applied[key] = record.line
      let text = options.keepsQuotes ? position["segment_text"].map { record.fields[$0].text } : nil
      return .success(
        Row(
          documentID: facts[0], country: facts[1], sessionType: facts[2], participantType: facts[3], coder: coder,
          code: code, segmentID: segment, segmentText: text,
          location: SourceLocation(file: file, line: record.line)))
    }

    private static func list(_ names: Set<String>) -> String {
      names.sorted().map { "'\($0)'" }.joined(separator: ", ")
    }
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  func trimmingSpacesAndTabs() -> String {
    trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
  }
}

import CSVCodec
import Foundation
import SurveyCore

extension CodingExport {
  /// Reads the coding export at `path` (see ``init(bytes:file:options:)``).
  ///
  /// - Throws: a ``Diagnostic`` when the file cannot be read.
  public static func read(path: String, options: Options = Options()) throws(Diagnostic) -> CodingExport {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Diagnostic(at: SourceLocation(file: path), "cannot read the coding export")
    }
    return try CodingExport(bytes: [UInt8](data), file: path, options: options)
  }

  /// Parses a coding export: comma-separated UTF-8 with a header naming at least
  /// ``requiredColumns`` (in any order, matched ignoring case and surrounding spaces).
  ///
  /// A row is rejected, with the first problem found, when it has a different
  /// number of fields than the header, a required field is empty, its coder or
  /// code is not among `options`' known ones, its segment id was seen before with
  /// another document, country, session or participant type, or it repeats an
  /// earlier row's (segment, coder, code).
  ///
  /// - Throws: a ``Diagnostic`` for a malformed file (a quote error, with its line
  ///   and column; no header; a required column missing).
  public init(bytes: [UInt8], file: String, options: Options = Options()) throws(Diagnostic) {
    let records = try Self.records(bytes, file: file)
    guard let header = records.first else {
      throw Diagnostic(at: SourceLocation(file: file), "the coding export is empty: it needs a header")
    }
    let names = header.fields.map { $0.text.trimmingSpacesAndTabs().lowercased() }
    let missing = Self.requiredColumns.filter { !names.contains($0) }
    guard missing.isEmpty else {
      throw Diagnostic(
        at: SourceLocation(file: file, line: header.line),
        "the coding export has no column " + missing.map { "'\($0)'" }.joined(separator: ", ")
          + " (the header has: \(names.joined(separator: ", ")))")
    }
    var validator = RowValidator(file: file, columns: names, options: options)
    var rows: [Row] = []
    var rejects: [Diagnostic] = []
    for record in records.dropFirst() {
      switch validator.check(record) {
      case .success(let row): rows.append(row)
      case .failure(let reject): rejects.append(reject)
      }
    }
    self.init(file: file, rowsRead: records.count - 1, rows: rows, rejects: rejects)
  }

  /// The non-blank records of `bytes` with the physical line each starts on.
  static func records(_ bytes: [UInt8], file: String) throws(Diagnostic) -> [Record] {
    let sink = RecordSink()
    let parser = CSVParser(delimiter: UInt8(ascii: ","), reportsAllLineBreaks: true)
    let failure = bytes.withUnsafeBytes { buffer -> CSVParser.Failure? in
      do throws(CSVParser.Failure) {
        try parser.parse(buffer, into: sink)
        try parser.finish(into: sink)
        return nil
      } catch {
        return error
      }
    }
    if let failure {
      let (line, column, message) = Self.describe(failure, bytes: bytes)
      throw Diagnostic(at: SourceLocation(file: file, line: line, column: column), message)
    }
    return sink.records
  }

  /// Line, field and wording of a parser failure.
  private static func describe(_ failure: CSVParser.Failure, bytes: [UInt8]) -> (Int, Int, String) {
    switch failure {
    case .malformedQuote(let offset):
      let (line, column) = position(of: offset, in: bytes)
      return (
        line, column,
        "malformed quote: a quote inside an unquoted field, or text after a closing quote"
          + " (quote the whole field and double the quotes inside it)"
      )
    case .unterminatedQuote:
      let (line, column) = position(of: openQuote(in: bytes) ?? 0, in: bytes)
      return (
        line, column, "unterminated quote: the quoted field that starts here is still open at the end of the file"
      )
    case .fieldTooLarge(let limit, let offset):
      let (line, column) = position(of: offset, in: bytes)
      return (line, column, "a field is longer than the limit of \(limit) bytes")
    case .outOfMemory:
      return (1, 1, "out of memory while reading the coding export")
    }
  }

  /// The physical line and field number of byte `offset` (CRLF counts once).
  private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var field = 1
    var quoted = false
    for index in 0..<min(offset, bytes.count) {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") { quoted.toggle() }
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        let isCRLF = byte == UInt8(ascii: "\n") && index > 0 && bytes[index - 1] == UInt8(ascii: "\r")
        if !isCRLF { line += 1 }
        if !quoted { field = 1 }
      } else if byte == UInt8(ascii: ","), !quoted {
        field += 1
      }
    }
    return (line, field)
  }

  /// Where the last quoted field that is still open at the end starts.
  private static func openQuote(in bytes: [UInt8]) -> Int? {
    var opened: Int?
    var quoted = false
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") {
      quoted.toggle()
      opened = quoted ? index : nil
    }
    return opened
  }
}

extension CodingExport {
  /// One CSV record: its fields and the physical line it starts on.
  struct Record {
    struct Field {
      var text: String
      /// Empty, quoted or not.
      var isEmpty: Bool { text.isEmpty }
    }

    var line: Int
    var fields: [Field]
  }

  /// Collects records and counts physical lines: with every unquoted CR and LF
  /// reported, a record with no fields is a blank line or the LF of a CRLF.
  private final class RecordSink: CSVRecordSink {
    var records: [Record] = []
    private var fields: [Record.Field] = []
    private var line = 1
    private var breaksInFields = 0
    private var previousBreak: UInt8?

    func field(_ bytes: UnsafeRawBufferPointer, isUnquotedEmpty: Bool) {
      var previous: UInt8 = 0
      for byte in bytes {
        if byte == UInt8(ascii: "\r") || (byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r")) {
          breaksInFields += 1
        }
        previous = byte
      }
      fields.append(Record.Field(text: String(decoding: bytes, as: UTF8.self)))
    }

    func endRecord(lineBreak: UInt8?) {
      defer { previousBreak = lineBreak }
      if fields.isEmpty {
        let isCRLF = lineBreak == UInt8(ascii: "\n") && previousBreak == UInt8(ascii: "\r")
        if lineBreak != nil && !isCRLF { line += 1 }
        return
      }
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(Record(line: line, fields: fields))
      }
      line += breaksInFields + (lineBreak == nil ? 0 : 1)
      breaksInFields = 0
      fields = []
    }
  }
}

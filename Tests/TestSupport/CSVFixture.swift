import CSVCodec

/// A small CSV file read as text records, for reference fixtures.
public struct CSVFixture: Sendable {
  public var header: [String]
  public var rows: [[String: String]]

  /// Reads `path` (comma-separated, UTF-8, first record the header).
  public init(path: String) throws {
    let bytes = try readFile(path)
    let collector = RecordCollector()
    let parser = CSVParser(delimiter: UInt8(ascii: ","))
    try bytes.withUnsafeBytes { buffer in try parser.parse(buffer, into: collector) }
    try parser.finish(into: collector)
    guard let first = collector.records.first else {
      header = []
      rows = []
      return
    }
    header = first
    rows = collector.records.dropFirst().map { record in
      Dictionary(
        uniqueKeysWithValues: zip(first, record + Array(repeating: "", count: max(0, first.count - record.count))))
    }
  }
}

private final class RecordCollector: CSVRecordSink {
  var records: [[String]] = []
  private var current: [String] = []

  func field(_ bytes: UnsafeRawBufferPointer, isUnquotedEmpty: Bool) {
    current.append(String(decoding: bytes, as: UTF8.self))
  }

  func endRecord(lineBreak: UInt8?) {
    if !current.isEmpty { records.append(current) }
    current = []
  }
}

/// The bytes of a file.
public func readFile(_ path: String) throws -> [UInt8] {
  guard let handle = FileHandleShim(path: path) else { throw FixtureError(message: "cannot read \(path)") }
  return handle.bytes
}

struct FixtureError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

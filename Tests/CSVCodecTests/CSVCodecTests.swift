import CSVCodec
import Testing

/// Collects records as arrays of strings, marking unquoted empty cells as `nil`.
private final class Records: CSVRecordSink {
  var rows: [[String?]] = []
  var breaks: [UInt8?] = []
  private var current: [String?] = []

  func field(_ bytes: UnsafeRawBufferPointer, isUnquotedEmpty: Bool) {
    current.append(isUnquotedEmpty ? nil : String(decoding: bytes, as: UTF8.self))
  }

  func endRecord(lineBreak: UInt8?) {
    rows.append(current)
    breaks.append(lineBreak)
    current = []
  }
}

/// Feeds `bytes` to `parser`, returning the failure, if any.
private func feed(_ bytes: [UInt8], to parser: CSVParser, _ records: Records) -> CSVParser.Failure? {
  bytes.withUnsafeBytes { buffer in
    do {
      try parser.parse(buffer, into: records)
      return nil
    } catch {
      return error as? CSVParser.Failure
    }
  }
}

private func parse(_ text: String, allBreaks: Bool = false) throws(CSVParser.Failure) -> Records {
  let records = Records()
  let parser = CSVParser(delimiter: UInt8(ascii: ","), reportsAllLineBreaks: allBreaks)
  if let failure = feed(Array(text.utf8), to: parser, records) { throw failure }
  try parser.finish(into: records)
  return records
}

@Suite("The libcsv layer")
struct CSVCodecTests {
  @Test("reads quoted fields with delimiters, doubled quotes and line breaks")
  func quoted() throws {
    let records = try parse("a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\n")
    #expect(records.rows == [["a", "b,c", "say \"hi\"", "x\ny"]])
  }

  @Test("tells an unquoted empty cell from a quoted empty string")
  func emptyCells() throws {
    let records = try parse("\"\",,x\n")
    #expect(records.rows == [["", nil, "x"]])
  }

  @Test("reports every line break, so blank lines and CRLF can be counted")
  func allLineBreaks() throws {
    let records = try parse("a\r\n\nb", allBreaks: true)
    #expect(records.rows == [["a"], [], [], ["b"]])
    #expect(records.breaks == [0x0D, 0x0A, 0x0A, nil])
  }

  @Test("reports the offset of a stray quote")
  func strayQuote() {
    #expect(throws: CSVParser.Failure.malformedQuote(byteOffset: 3)) { try parse("a,b\"c,d\n") }
  }

  @Test("reports a quote left open at the end of the input")
  func unterminated() {
    #expect(throws: CSVParser.Failure.unterminatedQuote) { try parse("a,\"bc\n") }
  }

  @Test("stops at a field larger than the limit")
  func fieldLimit() {
    let records = Records()
    let parser = CSVParser(delimiter: UInt8(ascii: ","), maxFieldBytes: 1000)
    let failure = feed(Array(("\"" + String(repeating: "x", count: 3 << 20)).utf8), to: parser, records)
    guard case .fieldTooLarge(let limit, _) = failure else {
      Issue.record("expected fieldTooLarge, got \(String(describing: failure))")
      return
    }
    #expect(limit == 1000)
  }

  @Test(
    "quotes a field only when it needs quotes",
    arguments: [
      ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
      (" padded", "\" padded\""), ("", ""), ("a;b", "a;b"),
    ])
  func quoting(field: String, written: String) {
    #expect(CSVWriter.line([field]) == written + "\n")
  }

  @Test("writes with another delimiter")
  func semicolon() {
    #expect(CSVWriter.line(["a;b", "c"], delimiter: UInt8(ascii: ";")) == "\"a;b\";c\n")
  }

  @Test("what it writes reads back to the same fields")
  func roundTrip() throws {
    let fields = ["id", "a, b", "\"q\"", "x\r\ny", " s ", "Ελλάδα", ""]
    let records = try parse(CSVWriter.line(fields))
    #expect(records.rows == [fields.map { $0.isEmpty ? nil : $0 }])
  }
}

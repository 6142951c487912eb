import Foundation
import Ingest
import SurveyCore
import TestSupport
import Testing

/// Problems with a whole file: the run stops with one diagnostic that names the
/// file, the line and the field where the problem is.
@Suite("Whole-file problems")
struct FileErrorTests {
  static let utf8Advice = "convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"
  static let nulMessage =
    "the file contains a NUL byte; is it a spreadsheet, a binary file or UTF-16 text? Export it as CSV in UTF-8"
  static let malformedQuote =
    "malformed quote: a quote inside an unquoted field, or text after a closing quote"
    + " (quote the whole field and double the quotes inside it)"
  static let unterminatedQuote =
    "unterminated quote: the quoted field that starts here is still open at the end of the file"

  // MARK: Files that cannot be read

  @Test("reports a file that does not exist")
  func missingFile() {
    let directory = TemporaryDirectory("ingest")
    let outcome = ingest(paths: ["\(directory.path)/missing.csv"], in: directory)
    #expect(errorText(outcome) == "TMP/missing.csv: error: cannot open file: No such file or directory")
  }

  @Test("reports a directory given as a file")
  func directoryAsFile() throws {
    let directory = TemporaryDirectory("ingest")
    try FileManager.default.createDirectory(atPath: "\(directory.path)/data.csv", withIntermediateDirectories: false)
    let outcome = ingest(paths: ["\(directory.path)/data.csv"], in: directory)
    #expect(errorText(outcome) == "TMP/data.csv: error: not a regular file")
  }

  @Test("reports the first bad file of several, after reading none of the rest")
  func missingSecondFile() {
    let directory = TemporaryDirectory("ingest")
    let good = directory.write("a.csv", "id,x\n1,2\n")
    let outcome = ingest(paths: [good, "\(directory.path)/b.csv"], in: directory)
    #expect(errorText(outcome) == "TMP/b.csv: error: cannot open file: No such file or directory")
  }

  @Test("reports an empty file (0 bytes)")
  func emptyFile() {
    #expect(errorText(ingest("")) == "TMP/data.csv:1:1: error: the file is empty")
  }

  // MARK: Header but no data

  @Test(
    "reports a file with a header but no data rows",
    arguments: [
      ("id,age", "TMP/data.csv:1: error: the file has a header but no data rows"),
      ("id,age\n", "TMP/data.csv:1: error: the file has a header but no data rows"),
      ("id,age\r\n", "TMP/data.csv:1: error: the file has a header but no data rows"),
      ("id,age\n\n\n", "TMP/data.csv:1: error: the file has a header but no data rows"),
      ("id,age\r\n\r\n\r\n", "TMP/data.csv:1: error: the file has a header but no data rows"),
      ("id,age\n\n  \n\t\n", "TMP/data.csv:1: error: the file has a header but no data rows"),
    ])
  func headerOnly(csv: String, expected: String) {
    #expect(errorText(ingest(csv)) == expected)
  }

  @Test("reports a file that holds only a byte order mark as empty")
  func onlyByteOrderMark() {
    let outcome = ingest(bytes: [0xEF, 0xBB, 0xBF])
    #expect(errorText(outcome) == "TMP/data.csv:1:1: error: the file is empty")
  }

  @Test("reports a blank first line instead of reading a header with no columns")
  func blankFirstLine() {
    let outcome = ingest("\nid,age\n1,30\n2,41\n")
    // The header is on line 1: a file that starts with a blank line has no header there.
    // Whatever the wording, it must stop the run at line 1 rather than reject every row.
    #expect(outcome.result == nil)
    #expect(errorText(outcome).hasPrefix("TMP/data.csv:1"))
    #expect(outcome.result?.rejects.count ?? 0 == 0)
  }

  // MARK: Encoding

  static let invalidUTF8Files: [(bytes: [UInt8], expected: String)] = [
    // A lone 0xFF in the middle of line 3.
    (
      Array("id,name,age\n1,ab,30\n2,c".utf8) + [0xFF] + Array("d,41\n3,e,52\n".utf8),
      "TMP/data.csv:3:2: error: invalid UTF-8 (byte 0xFF); \(utf8Advice)"
    ),
    // A Latin-1 é (0xE9) followed by ASCII.
    (
      Array("id,name,age\n1,ab,30\n2,caf".utf8) + [0xE9] + Array(",41\n".utf8),
      "TMP/data.csv:3:2: error: invalid UTF-8 (byte 0xE9); \(utf8Advice)"
    ),
    // A two-byte sequence cut after its first byte at the very end of the file.
    (
      Array("id,name\n1,ab\n2,caf".utf8) + [0xC3],
      "TMP/data.csv:3:2: error: invalid UTF-8 (byte 0xC3); \(utf8Advice)"
    ),
    // A three-byte sequence (the euro sign) cut after two bytes at the very end of the file.
    (
      Array("id,price\n1,3\n2,4 ".utf8) + [0xE2, 0x82],
      "TMP/data.csv:3:2: error: invalid UTF-8 (byte 0xE2); \(utf8Advice)"
    ),
    // A stray continuation byte after a valid é, on line 4, field 3.
    (
      Array("id,name,city\n1,a,b\n2,c,d\n3,e,caf".utf8) + [0xC3, 0xA9, 0x80] + Array("\n".utf8),
      "TMP/data.csv:4:3: error: invalid UTF-8 (byte 0x80); \(utf8Advice)"
    ),
    // An invalid byte in the header.
    (
      Array("id,n".utf8) + [0xFF] + Array("me\n1,a\n".utf8),
      "TMP/data.csv:1:2: error: invalid UTF-8 (byte 0xFF); \(utf8Advice)"
    ),
  ]

  @Test("reports invalid UTF-8 at its line and field", arguments: invalidUTF8Files.indices)
  func invalidUTF8(index: Int) {
    let (bytes, expected) = Self.invalidUTF8Files[index]
    #expect(errorText(ingest(bytes: bytes)) == expected)
  }

  @Test("reports a UTF-16 little-endian file with a byte order mark at its first byte")
  func utf16LittleEndian() {
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in "id,age\n1,30\n2,41\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    #expect(
      errorText(ingest(bytes: bytes))
        == "TMP/data.csv:1:1: error: the file is UTF-16 text (byte order mark FF FE); export it as CSV in UTF-8")
  }

  @Test("reports a NUL byte at its line and field")
  func nulByte() {
    let bytes = Array("id,name\n1,a\n2,b\n3,c".utf8) + [0] + Array("d\n4,e\n".utf8)
    #expect(errorText(ingest(bytes: bytes)) == "TMP/data.csv:4:2: error: \(Self.nulMessage)")
  }

  // MARK: Quotes

  @Test(
    "reports an unterminated quote where the quote opens",
    arguments: [
      ("id,note\n1,a\n2,\"open\n3,c\n", "TMP/data.csv:3:2"),
      ("id,note\n1,a\n2,\"open", "TMP/data.csv:3:2"),
      ("id,note,x\n1,\"a\nb\",2\n2,\"c\"\"d\",3\n3,x,\"open\n4,5,6", "TMP/data.csv:5:3"),
      ("id,note\r\n1,a\r\n\r\n2,\"open\r\n3,c\r\n", "TMP/data.csv:4:2"),
      ("id,note\n1,\"\"\n2,\"x\"\"\n3,c\n", "TMP/data.csv:3:2"),
    ])
  func unterminatedQuote(csv: String, location: String) {
    #expect(errorText(ingest(csv)) == "\(location): error: \(Self.unterminatedQuote)")
  }

  @Test(
    "reports a malformed quote at its line and field",
    arguments: [
      ("w,x,y\n1,2,3\na,b\"c,d\n4,5,6\n", "TMP/data.csv:3:2"),
      ("w,x,y\n1,2,3\na,\"b\"c,d\n4,5,6\n", "TMP/data.csv:3:2"),
      ("w,x,y\n1,\"p\nq\",3\n\na,b,c\"d\n", "TMP/data.csv:5:3"),
      ("w,x,y\r\n1,2,3\r\na,\"b\"\"\"c,d\r\n", "TMP/data.csv:3:2"),
    ])
  func malformedQuote(csv: String, location: String) {
    #expect(errorText(ingest(csv)) == "\(location): error: \(Self.malformedQuote)")
  }

  @Test("reports a malformed quote in the header at its field")
  func malformedQuoteInHeader() {
    #expect(errorText(ingest("id,na\"me,age\n1,a,2\n")) == "TMP/data.csv:1:2: error: malformed quote in the header")
  }

  // MARK: Header names

  @Test(
    "reports a duplicate column name at its second occurrence",
    arguments: [
      ("id,age,id\n1,2,3\n", "TMP/data.csv:1:3: error: duplicate column 'id' in the header (also column 1)"),
      ("id,age,sex,age\n1,2,3,4\n", "TMP/data.csv:1:4: error: duplicate column 'age' in the header (also column 2)"),
      // Names are matched ignoring case, so these are duplicates too; without a
      // codebook there is no variable to speak of.
      ("id,age,ID\n1,2,3\n", "TMP/data.csv:1:3: error: duplicate column 'ID' in the header (also column 1)"),
    ])
  func duplicateHeader(csv: String, expected: String) {
    #expect(errorText(ingest(csv)) == expected)
  }

  @Test(
    "reports a header column without a name",
    arguments: [
      ("id,,age\n1,2,3\n", "TMP/data.csv:1:2: error: column 2 of the header has no name"),
      ("id,age,\n1,2,3\n", "TMP/data.csv:1:3: error: column 3 of the header has no name"),
      ("id,\"  \",age\n1,2,3\n", "TMP/data.csv:1:2: error: column 2 of the header has no name"),
      (",id\n1,2\n", "TMP/data.csv:1:1: error: column 1 of the header has no name"),
    ])
  func emptyHeaderName(csv: String, expected: String) {
    #expect(errorText(ingest(csv)) == expected)
  }

  // MARK: Codebook columns

  @Test("reports a required column missing from the header")
  func missingRequiredColumn() {
    let book = codebook([
      variable("id", .id, required: true),
      variable("age", .numeric, required: true),
      variable("sex", .categorical, levels: [level("F"), level("M")]),
    ])
    let outcome = ingest("id,sex\n1,F\n", codebook: book)
    #expect(errorText(outcome) == "TMP/data.csv:1: error: missing required column 'age' (the codebook requires it)")
  }

  @Test("accepts a required column under one of its aliases")
  func requiredColumnByAlias() throws {
    let book = codebook([
      variable("id", .id, required: true), variable("age", .numeric, required: true, aliases: ["alter"]),
    ])
    let result = try #require(ingest("id,Alter\n1,30\n", codebook: book).result)
    #expect(result.table.columnNames == ["id", "age"])
    #expect(cells(result.table) == [["1", "30"]])
  }

  @Test("reports two header columns that map to the same variable through aliases")
  func aliasCollision() {
    let book = codebook([
      variable("id", .id),
      variable("sex", .categorical, levels: [level("F"), level("M")], aliases: ["geschlecht", "sexe"]),
    ])
    let outcome = ingest("id,geschlecht,sexe\n1,F,F\n", codebook: book)
    #expect(
      errorText(outcome)
        == "TMP/data.csv:1:3: error: column 'sexe' and column 2 ('geschlecht') both map to variable 'sex'")
  }

  @Test("reports a column named like a variable and another named like its alias")
  func nameAndAliasCollision() {
    let book = codebook([variable("id", .id), variable("sex", .categorical, levels: [level("F")], aliases: ["sexe"])])
    let outcome = ingest("sexe,id,sex\nF,1,F\n", codebook: book)
    #expect(
      errorText(outcome) == "TMP/data.csv:1:3: error: column 'sex' and column 1 ('sexe') both map to variable 'sex'")
  }

  // MARK: Limits

  @Test("accepts a 10 MB field with the default limits")
  func tenMegabyteField() throws {
    let big = String(repeating: "x", count: 10_000_000)
    let result = try #require(ingest("id,blob\n1,\(big)\n2,short\n").result)
    #expect(result.table.rowCount == 2)
    #expect(result.table["blob"]?.text(at: 0).utf8.count == 10_000_000)
    #expect(result.table["blob"]?.text(at: 1) == "short")
    #expect(result.table.sources[0].lines == [2, 3])
  }

  @Test("reports a 10 MB field over a 1 MiB limit")
  func tenMegabyteFieldOverLimit() {
    let big = String(repeating: "x", count: 10_000_000)
    let outcome = ingest("id,blob\n1,\(big)\n2,short\n", options: .init(maxFieldBytes: 1 << 20))
    #expect(
      errorText(outcome)
        == "TMP/data.csv:2:2: error: a field is longer than the limit of 1048576 bytes (--max-field-bytes)")
  }

  @Test("reports a field just over the limit at its own line, not where reading stopped")
  func fieldJustOverLimit() {
    let big = String(repeating: "x", count: (1 << 20) + 50_000)
    let outcome = ingest("id,blob\n1,a\n2,\(big)\n3,b\n4,c\n", options: .init(maxFieldBytes: 1 << 20))
    #expect(
      errorText(outcome)
        == "TMP/data.csv:3:2: error: a field is longer than the limit of 1048576 bytes (--max-field-bytes)")
  }

  @Test("holds the field limit to the byte", arguments: [1000, 1 << 20])
  func fieldLimitExact(limit: Int) {
    let atLimit = ingest("id,blob\n1,\(String(repeating: "y", count: limit))\n", options: .init(maxFieldBytes: limit))
    #expect(errorText(atLimit) == "no error")
    #expect(atLimit.result?.table["blob"]?.text(at: 0).utf8.count == limit)
    let over = ingest("id,blob\n1,\(String(repeating: "y", count: limit + 1))\n", options: .init(maxFieldBytes: limit))
    #expect(
      errorText(over)
        == "TMP/data.csv:2:2: error: a field is longer than the limit of \(limit) bytes (--max-field-bytes)")
  }

  @Test("reports a record over the line limit at its line")
  func lineTooLong() {
    let long = String(repeating: "z", count: 150)
    let outcome = ingest("id,note\n1,short\n2,\(long)\n3,ok\n", options: .init(maxLineBytes: 100))
    #expect(
      errorText(outcome) == "TMP/data.csv:3: error: the record is longer than the limit of 100 bytes (--max-line-bytes)"
    )
  }

  @Test("reports a record over the line limit after quoted line breaks at the line it starts on")
  func lineTooLongAfterQuotedBreaks() {
    let long = String(repeating: "z", count: 150)
    let outcome = ingest("id,note\n1,\"a\nb\"\n\n2,\"\(long)\n\"\n3,ok\n", options: .init(maxLineBytes: 100))
    #expect(
      errorText(outcome) == "TMP/data.csv:5: error: the record is longer than the limit of 100 bytes (--max-line-bytes)"
    )
  }

  @Test("holds the line limit to the byte, for data and header lines")
  func lineLimitExact() {
    // "2," and 98 letters: exactly 100 bytes without the line break.
    let exact = "2," + String(repeating: "z", count: 98)
    let atLimit = ingest("id,note\n1,a\n\(exact)\n", options: .init(maxLineBytes: 100))
    #expect(errorText(atLimit) == "no error")
    let over = ingest("id,note\n1,a\n\(exact)z\n", options: .init(maxLineBytes: 100))
    #expect(
      errorText(over) == "TMP/data.csv:3: error: the record is longer than the limit of 100 bytes (--max-line-bytes)")

    let header = "id," + String(repeating: "h", count: 97)
    #expect(errorText(ingest("\(header)\n1,a\n", options: .init(maxLineBytes: 100))) == "no error")
    #expect(
      errorText(ingest("\(header)h\n1,a\n", options: .init(maxLineBytes: 100)))
        == "TMP/data.csv:1:1: error: the header line is longer than the limit of 100 bytes (--max-line-bytes)")
  }

  @Test("reads a file of 20,000 columns")
  func twentyThousandColumns() throws {
    let width = 20_000
    var csv = (1...width).map { "c\($0)" }.joined(separator: ",") + "\n"
    for row in 0..<3 {
      csv += (1...width).map { String(row * 100_000 + $0) }.joined(separator: ",") + "\n"
    }
    let result = try #require(ingest(csv).result)
    #expect(result.table.columns.count == width)
    #expect(result.table.rowCount == 3)
    #expect(result.table.columnNames.last == "c20000")
    #expect(result.table["c12345"]?.text(at: 2) == "212345")
    #expect(result.table["c12345"]?.type == .numeric)
    #expect(result.accounts[0].read == 3)
  }
}

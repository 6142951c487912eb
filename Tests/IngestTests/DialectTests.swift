import Ingest
import SurveyCore
import Testing

@Suite("Reading CSV dialects")
struct DialectTests {
  @Test("reads quoted fields with delimiters, doubled quotes and line breaks")
  func quotedFields() throws {
    let outcome = ingest("id,comment,age\n1,\"a, b\",30\n2,\"say \"\"hi\"\"\",41\n3,\"two\nlines\",52\n")
    let result = try #require(outcome.result)
    #expect(cells(result.table) == [["1", "a, b", "30"], ["2", "say \"hi\"", "41"], ["3", "two\nlines", "52"]])
    #expect(result.table.sources[0].lines == [2, 3, 4])
  }

  @Test("numbers physical lines after quoted line breaks, CRLF and blank lines")
  func physicalLines() throws {
    let csv = "id,x\r\n1,\"a\r\nb\"\r\n\r\n2,ok\r\n3,\"c\nd\ne\"\r\n4,z"
    let result = try #require(ingest(csv).result)
    #expect(result.table.sources[0].lines == [2, 5, 6, 9])
    #expect(result.accounts[0].blankLines == 1)
    #expect(result.accounts[0].read == 4)
  }

  @Test(
    "sniffs the delimiter from the header",
    arguments: [
      ("a;b;c\n1;2;3\n", UInt8(ascii: ";")),
      ("a\tb\tc\n1\t2\t3\n", UInt8(ascii: "\t")),
      ("a,b,c\n1,2,3\n", UInt8(ascii: ",")),
      ("\"x;y\",b,c\n1,2,3\n", UInt8(ascii: ",")),
    ])
  func sniffing(csv: String, delimiter: UInt8) throws {
    let result = try #require(ingest(csv).result)
    #expect(result.accounts[0].delimiter == delimiter)
    #expect(result.table.columns.count == 3)
  }

  @Test("skips a UTF-8 byte order mark")
  func byteOrderMark() throws {
    let result = try #require(ingest(bytes: [0xEF, 0xBB, 0xBF] + Array("id,x\n1,2\n".utf8)).result)
    #expect(result.table.columnNames == ["id", "x"])
  }

  @Test("reads a decimal comma when asked")
  func decimalComma() throws {
    let result = try #require(ingest("id;w\n1;1,5\n2;12,25\n", options: .init(decimalComma: true)).result)
    guard case .numeric(let values) = result.table["w"]?.values else {
      Issue.record("w is not numeric")
      return
    }
    #expect(values.doubles() == [1.5, 12.25])
  }

  @Test("keeps empty tab-separated cells")
  func tabEmptyCells() throws {
    let result = try #require(ingest("a\tb\tc\n1\t\t3\n").result)
    #expect(cells(result.table) == [["1", "", "3"]])
    #expect(result.table["b"]?.missing[0] == .empty)
  }

  @Test("tells an empty cell from a quoted empty string in text columns")
  func emptyVersusQuotedEmpty() throws {
    let here = SourceLocation(file: "test")
    let codebook = Codebook(
      path: "test",
      variables: [
        Codebook.Variable(name: "id", type: .id, location: here),
        Codebook.Variable(name: "note", type: .text, location: here),
      ])
    let result = try #require(ingest("id,note\n1,\n2,\"\"\n3,x\n", codebook: codebook).result)
    let note = try #require(result.table["note"])
    #expect(note.missing[0] == .empty)
    #expect(note.missing[1] == nil)
  }

  @Test("infers numeric columns in the narrowest exact storage, and categorical otherwise")
  func inference() throws {
    let result = try #require(ingest("a,b,c,d\n1,1.5,x,300\n0,NA,y,-2\n,2,x,70000\n").result)
    let table = result.table
    #expect(table["a"]?.type == .numeric)
    if case .numeric(let a) = table["a"]?.values { #expect(a.storage == .int8) }
    if case .numeric(let b) = table["b"]?.values { #expect(b.storage == .float64) }
    if case .numeric(let d) = table["d"]?.values { #expect(d.storage == .int32) }
    #expect(table["b"]?.missing[1] == .empty)
    guard case .categorical(let c) = table["c"]?.values else {
      Issue.record("c is not categorical")
      return
    }
    #expect(c.levels == ["x", "y"])
    #expect(cells(table) == [["1", "1.5", "x", "300"], ["0", "", "y", "-2"], ["", "2", "x", "70000"]])
  }

  @Test("widens every column that one record needs, and none for a ragged row", arguments: [1, 2])
  func widensSeveralColumns(jobs: Int) throws {
    // Row 2 needs three wider kinds at once; the ragged row 3 is rejected and
    // leaves `c` numeric; `d` widens again past the sample, in the full pass.
    var csv = "a,b,c,d\n1,2,3,4\nx,y,3,z\n5,6,oops\n7,8,9,10\n"
    for row in 0..<6000 { csv += "\(row % 5),\(row % 7),\(row),\(row % 3)\n" }
    csv += "8,9,10,late\n"
    let result = try #require(ingest(csv, options: IngestStage.Options(jobs: jobs, blockBytes: 4096)).result)
    let table = result.table
    #expect(table["a"]?.type == .categorical)
    #expect(table["b"]?.type == .categorical)
    #expect(table["c"]?.type == .numeric)
    #expect(table["d"]?.type == .categorical)
    #expect(result.accounts[0].accepted == 6004 && result.accounts[0].rejected == 1)
    #expect(result.rejects.map(\.location.line) == [4])
    #expect(cells(table).prefix(3) == [["1", "2", "3", "4"], ["x", "y", "3", "z"], ["7", "8", "9", "10"]])
  }
}

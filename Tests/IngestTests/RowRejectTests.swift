import Ingest
import SurveyCore
import TestSupport
import Testing

/// Bad rows: each is set aside with its reason, file, line and field, and the run goes on.
@Suite("Row-level rejects")
struct RowRejectTests {
  /// A small study codebook: an id, an age with a range, a legal status with labels in
  /// several languages, an arrival date and a multi-select of chronic conditions.
  static let book = codebook([
    variable("id", .id, required: true),
    variable("age", .numeric, range: 0...90),
    variable(
      "status", .categorical,
      levels: [
        level("refugee", "Refugee", labels: ["fr": "Réfugié", "de": "Flüchtling"], aliases: ["ref"]),
        level("asylum_seeker", "Asylum seeker", labels: ["fr": "Demandeur d'asile"]),
        level("migrant_worker", "Migrant worker"),
      ]),
    variable("arrived", .date),
    variable("conditions", .multiSelect, levels: [level("diabetes"), level("asthma"), level("hypertension")]),
  ])

  /// The columns of `book`, one row per line after this header.
  static let header = "id,age,status,arrived,conditions\n"

  /// Checks the books of the only file: read = accepted + rejected.
  func expectBalanced(_ result: IngestStage.Result, read: Int, rejected: Int) {
    #expect(result.accounts.count == 1)
    #expect(result.accounts[0].read == read)
    #expect(result.accounts[0].rejected == rejected)
    #expect(result.accounts[0].accepted == read - rejected)
    #expect(result.accounts[0].balances)
    #expect(result.table.rowCount == read - rejected)
    #expect(result.rejects.count == rejected)
  }

  // MARK: Field counts

  @Test("rejects rows with too few or too many fields at the first missing or extra field")
  func raggedRows() throws {
    let outcome = ingest("id,age,status\n1,30,refugee\n2,31\n3,32,refugee,extra\n4,33,asylum\n")
    let result = try #require(outcome.result)
    #expect(
      rejectTexts(outcome) == [
        "TMP/data.csv:3:3: the row has 2 fields, the header has 3",
        "TMP/data.csv:4:4: the row has 4 fields, the header has 3",
      ])
    #expect(result.rejects.map(\.variable) == [nil, nil])
    #expect(result.rejects.map(\.record) == ["2,31", "3,32,refugee,extra"])
    #expect(cells(result.table) == [["1", "30", "refugee"], ["4", "33", "asylum"]])
    #expect(result.table.sources[0].lines == [2, 5])
    expectBalanced(result, read: 4, rejected: 2)
  }

  @Test(
    "rejects ragged rows in every dialect",
    arguments: [
      ("2", "TMP/data.csv:3:2: the row has 1 field, the header has 3", "2"),
      ("2,31,refugee,", "TMP/data.csv:3:4: the row has 4 fields, the header has 3", "2,31,refugee,"),
      (",", "TMP/data.csv:3:3: the row has 2 fields, the header has 3", ","),
      ("2,\"a\nb\"", "TMP/data.csv:3:3: the row has 2 fields, the header has 3", "2,\"a\nb\""),
      ("2,\"x,y\",\"z\",\"w\"", "TMP/data.csv:3:4: the row has 4 fields, the header has 3", "2,\"x,y\",\"z\",\"w\""),
      ("2;31;refugee", "TMP/data.csv:3:2: the row has 1 field, the header has 3", "2;31;refugee"),
    ])
  func raggedDialects(row: String, expected: String, record: String) throws {
    let outcome = ingest("id,age,status\n1,30,refugee\n\(row)\n9,40,refugee\n")
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == [expected])
    #expect(result.rejects.first?.record == record)
    let lastLine = Int32(4 + row.filter { $0 == "\n" }.count)
    #expect(result.table.sources[0].lines == [2, lastLine])
    expectBalanced(result, read: 3, rejected: 1)
  }

  // MARK: Codebook values

  @Test(
    "rejects a value that is not a number in a numeric column",
    arguments: [
      ("1O5", "cannot read '1O5' as a number"),
      ("30 years", "cannot read '30 years' as a number"),
      ("\"3,5\"", "cannot read '3,5' as a number"),
      ("1e", "cannot read '1e' as a number"),
      ("--1", "cannot read '--1' as a number"),
      ("0x10", "cannot read '0x10' as a number"),
      ("inf", "cannot read 'inf' as a number"),
      ("nan", "cannot read 'nan' as a number"),
      ("\"1 000\"", "cannot read '1 000' as a number"),
    ])
  func notANumber(cell: String, reason: String) throws {
    let outcome = ingest(Self.header + "1,30,refugee,2020-01-02,\n2,\(cell),ref,2020-01-03,\n", codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:3:2: column 'age': \(reason)"])
    #expect(result.rejects.first?.variable == "age")
    #expect(result.rejects.first?.record == "2,\(cell),ref,2020-01-03,")
    expectBalanced(result, read: 2, rejected: 1)
  }

  @Test("shortens a long offending value in the reason but keeps it whole in the reject")
  func longValue() throws {
    let long = String(repeating: "ab", count: 40)
    let outcome = ingest(Self.header + "1,\(long),ref,2020-01-02,\n", codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(
      rejectTexts(outcome) == ["TMP/data.csv:2:2: column 'age': cannot read '\(long.prefix(60))...' as a number"])
    #expect(result.rejects.first?.value == long)
  }

  @Test(
    "rejects a number outside the codebook range",
    arguments: [
      ("130", "'130' is outside the valid range 0 to 90"),
      ("-1", "'-1' is outside the valid range 0 to 90"),
      ("90.5", "'90.5' is outside the valid range 0 to 90"),
      ("1e3", "'1e3' is outside the valid range 0 to 90"),
    ])
  func outOfRange(cell: String, reason: String) throws {
    let outcome = ingest(Self.header + "1,90,refugee,,\n2,\(cell),refugee,,\n3,0,refugee,,\n", codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:3:2: column 'age': \(reason)"])
    #expect(result.rejects.first?.value == cell)
    #expect(cells(result.table).map { $0[1] } == ["90", "0"])
    expectBalanced(result, read: 3, rejected: 1)
  }

  @Test("writes a fractional range bound as written")
  func fractionalRange() throws {
    let book = codebook([variable("id", .id), variable("bmi", .numeric, range: 12.5...60.25)])
    let outcome = ingest("id,bmi\n1,12.4\n", codebook: book)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:2:2: column 'bmi': '12.4' is outside the valid range 12.5 to 60.25"])
  }

  @Test("rejects a value that is not a level, naming the levels")
  func notALevel() throws {
    let outcome = ingest(Self.header + "1,30,tourist,,\n2,31,refugee,,\n", codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(
      rejectTexts(outcome) == [
        "TMP/data.csv:2:3: column 'status': 'tourist' is not a level of 'status'"
          + " (expected refugee, asylum_seeker, migrant_worker, or a label of one)"
      ])
    #expect(result.rejects.first?.value == "tourist")
    #expect(result.rejects.first?.variable == "status")
    expectBalanced(result, read: 2, rejected: 1)
  }

  @Test(
    "reads a level by its value, its label, a label in another language or an alias",
    arguments: [
      ("refugee", "refugee"), ("Refugee", "refugee"), ("Réfugié", "refugee"), ("Flüchtling", "refugee"),
      ("ref", "refugee"), ("\"Demandeur d'asile\"", "asylum_seeker"), ("Asylum seeker", "asylum_seeker"),
      ("migrant_worker", "migrant_worker"),
    ])
  func levelSpellings(cell: String, value: String) throws {
    let outcome = ingest(Self.header + "1,30,\(cell),,\n", codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(result.rejects.isEmpty)
    #expect(result.table["status"]?.text(at: 0) == value)
  }

  @Test("reads missing codes as missing reasons rather than rejecting the row")
  func missingCodes() throws {
    let csv = Self.header + "1,98,refugee,,\n2,99,99,,\n3,97,98,,98\n4,NA,,,\n5,.,ref,NA,\n6,40,ref,2021-03-04,asthma\n"
    let outcome = ingest(csv, codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == [])
    expectBalanced(result, read: 6, rejected: 0)
    #expect(reasons(result.table["age"]) == [.dontKnow, .refused, .notApplicable, .empty, .empty, nil])
    #expect(reasons(result.table["status"]) == [nil, .refused, .dontKnow, .empty, nil, nil])
    #expect(reasons(result.table["arrived"]) == [.empty, .empty, .empty, .empty, .empty, nil])
    #expect(reasons(result.table["conditions"]) == [.empty, .empty, .dontKnow, .empty, .empty, nil])
    #expect(
      cells(result.table).map { Array($0.prefix(3)) } == [
        ["1", ".dont_know", "refugee"], ["2", ".refused", ".refused"], ["3", ".not_applicable", ".dont_know"],
        ["4", "", ""], ["5", "", "refugee"], ["6", "40", "refugee"],
      ])
    #expect(result.table["age"]?.missing.counts() == [.dontKnow: 1, .refused: 1, .notApplicable: 1, .empty: 2])
  }

  @Test("counts the missing cells of accepted rows only, with one worker or several", arguments: [1, 2])
  func missingCountsAfterRejects(jobs: Int) throws {
    // Rows 2 and 4 have missing cells before the cell that rejects them.
    let csv =
      Self.header + "1,,refugee,,\n2,,nobody,,\n3,98,ref,,\n4,99,ref,,diabetes;flu\n5,40,,2021-03-04,asthma\n"
    let outcome = ingest(csv, codebook: Self.book, options: IngestStage.Options(jobs: jobs, blockBytes: 64))
    let result = try #require(outcome.result)
    expectBalanced(result, read: 5, rejected: 2)
    for name in ["age", "status", "arrived", "conditions"] {
      let missing = try #require(result.table[name]?.missing)
      #expect(missing.missingCount == missing.counts().values.reduce(0, +), "\(name)")
      #expect(missing.missingCount == (0..<missing.count).filter { missing[$0] != nil }.count, "\(name)")
    }
    #expect(result.table["age"]?.missing.missingCount == 2)
    #expect(result.table["arrived"]?.missing.missingCount == 2)
  }

  @Test(
    "rejects a required column without a value",
    arguments: [
      ("", "a value is required, found an empty cell", ""),
      ("\"\"", "a value is required, found an empty cell", ""),
    ])
  func requiredValue(cell: String, reason: String, value: String) throws {
    let outcome = ingest(Self.header + "1,30,ref,,\n\(cell),31,ref,,\n3,32,ref,,\n", codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:3:1: column 'id': \(reason)"])
    #expect(result.rejects.first?.value == value)
    #expect(result.rejects.first?.variable == "id")
    #expect(cells(result.table).map(\.first) == ["1", "3"])
    expectBalanced(result, read: 3, rejected: 1)
  }

  @Test(
    "rejects a bad date, naming the expected format",
    arguments: [
      (nil, "2023-02-30", "cannot read '2023-02-30' as a date (YYYY-MM-DD)"),
      (nil, "2023-2-3", "cannot read '2023-2-3' as a date (YYYY-MM-DD)"),
      (nil, "03/02/2023", "cannot read '03/02/2023' as a date (YYYY-MM-DD)"),
      ("DD/MM/YYYY", "31/04/2023", "cannot read '31/04/2023' as a date (DD/MM/YYYY)"),
      ("DD.MM.YYYY", "2023-04-01", "cannot read '2023-04-01' as a date (DD.MM.YYYY)"),
      ("MM/DD/YYYY", "13/01/2023", "cannot read '13/01/2023' as a date (MM/DD/YYYY)"),
    ] as [(String?, String, String)])
  func badDate(format: String?, cell: String, reason: String) throws {
    let book = codebook([variable("id", .id), variable("arrived", .date, format: format)])
    let good = ["DD/MM/YYYY": "29/02/2024", "DD.MM.YYYY": "29.02.2024", "MM/DD/YYYY": "02/29/2024"][format ?? ""]
    let outcome = ingest("id,arrived\n1,\(good ?? "2024-02-29")\n2,\(cell)\n", codebook: book)
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:3:2: column 'arrived': \(reason)"])
    #expect(cells(result.table) == [["1", "2024-02-29"]])
    expectBalanced(result, read: 2, rejected: 1)
  }

  @Test("rejects a multi-select cell with an unknown option, naming the option")
  func unknownOption() throws {
    let csv = Self.header + "1,30,ref,,diabetes asthma\n2,31,ref,,diabetes cancer\n3,32,ref,,hypertension  diabetes\n"
    let outcome = ingest(csv, codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(
      rejectTexts(outcome) == [
        "TMP/data.csv:3:5: column 'conditions': 'cancer' is not an option of 'conditions'"
          + " (expected diabetes, asthma, hypertension)"
      ])
    #expect(result.rejects.first?.value == "diabetes cancer")
    #expect(cells(result.table).map(\.last) == ["diabetes asthma", "diabetes hypertension"])
    expectBalanced(result, read: 3, rejected: 1)
  }

  @Test("reads multi-select options with the codebook's separator")
  func optionSeparator() throws {
    let book = codebook([
      variable("id", .id), variable("c", .multiSelect, levels: [level("a"), level("b")], separator: ";"),
    ])
    let outcome = ingest("id,c\n1,a;b\n2,b;x\n", codebook: book)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:3:2: column 'c': 'x' is not an option of 'c' (expected a, b)"])
    #expect(outcome.result.map { cells($0.table) } == [["1", "a b"]])
  }

  @Test("reports the first problem of a row with several")
  func firstProblem() throws {
    let outcome = ingest(Self.header + "1,abc,tourist,2020-13-01,cancer\n", codebook: Self.book)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:2:2: column 'age': cannot read 'abc' as a number"])
  }

  // MARK: The record and its line

  @Test(
    "keeps the raw record of a rejected row, with its quoted line breaks",
    arguments: [
      ("id,note,age\n1,\"two\nlines\",abc\n2,x,3\n", "1,\"two\nlines\",abc", "TMP/data.csv:2:3"),
      ("id,note,age\r\n1,\"a\r\nb\",x\r\n2,x,3\r\n", "1,\"a\r\nb\",x", "TMP/data.csv:2:3"),
      ("id,note,age\n0,a,1\n1,\"say \"\"hi\"\"\nnow\",abc", "1,\"say \"\"hi\"\"\nnow\",abc", "TMP/data.csv:3:3"),
      ("id,note,age\n\n1,\"x,y\",abc,\"extra\nfield\"\n2,x,3\n", "1,\"x,y\",abc,\"extra\nfield\"", "TMP/data.csv:3:3"),
    ])
  func rawRecord(csv: String, record: String, location: String) throws {
    let book = codebook([variable("id", .id), variable("note", .text), variable("age", .numeric)])
    let outcome = ingest(csv, codebook: book)
    let result = try #require(outcome.result)
    #expect(result.rejects.map(\.record) == [record])
    #expect(rejectTexts(outcome).first?.hasPrefix("\(location): ") == true)
  }

  @Test(
    "numbers the line of a bad row after CRLF, blank lines and quoted line breaks",
    arguments: ["\r\n", "\n", "\r"])
  func lineAfterBreaks(newline: String) throws {
    let book = codebook([variable("id", .id), variable("note", .text), variable("age", .numeric)])
    let lines = [
      "id,note,age", "1,\"a\(newline)b\",30", "", "2,\"c\nd\r\ne\",40", "", "3,x,abc", "4,\"\",50", "5,y,1O5",
    ]
    let outcome = ingest(lines.joined(separator: newline), codebook: book)
    let result = try #require(outcome.result)
    // Lines: header 1; row 1 on 2-3; blank 4; row 2 on 5-7; blank 8; row 3 on 9; row 4 on 10; row 5 on 11.
    #expect(
      rejectTexts(outcome) == [
        "TMP/data.csv:9:3: column 'age': cannot read 'abc' as a number",
        "TMP/data.csv:11:3: column 'age': cannot read '1O5' as a number",
      ])
    #expect(result.rejects.map(\.record) == ["3,x,abc", "5,y,1O5"])
    #expect(result.table.sources[0].lines == [2, 5, 10])
    #expect(result.accounts[0].blankLines == 2)
    expectBalanced(result, read: 5, rejected: 2)
  }

  @Test("counts a whitespace-only line that follows a CR line end", arguments: [" ", "\t", "  \t "])
  func whitespaceLineAfterCR(blank: String) throws {
    let book = codebook([variable("id", .id), variable("age", .numeric)])
    // Line 3 holds only whitespace and ends with LF; line 2 ends with a lone CR.
    let outcome = ingest("id,age\r1,30\r\(blank)\n2,abc\r3,40\r", codebook: book)
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == ["TMP/data.csv:4:2: column 'age': cannot read 'abc' as a number"])
    #expect(result.rejects.map(\.record) == ["2,abc"])
    #expect(result.table.sources[0].lines == [2, 5])
    #expect(result.accounts[0].blankLines == 1)
  }

  @Test("numbers lines correctly after a rejected row that spans lines")
  func lineAfterRejectedMultilineRow() throws {
    let book = codebook([variable("id", .id), variable("age", .numeric), variable("note", .text)])
    let outcome = ingest("id,age,note\n1,x,\"a\nb\nc\"\n2,5,ok\n3,y,\"d\r\ne\"\n4,6,ok\n", codebook: book)
    let result = try #require(outcome.result)
    #expect(
      rejectTexts(outcome) == [
        "TMP/data.csv:2:2: column 'age': cannot read 'x' as a number",
        "TMP/data.csv:6:2: column 'age': cannot read 'y' as a number",
      ])
    #expect(result.rejects.map(\.record) == ["1,x,\"a\nb\nc\"", "3,y,\"d\r\ne\""])
    #expect(result.table.sources[0].lines == [5, 8])
  }

  @Test("numbers lines correctly after rejected rows in a level column spanning lines")
  func lineAfterMultilineLevel() throws {
    let book = codebook([
      variable("id", .id), variable("g", .categorical, levels: [level("a\nb"), level("c")]), variable("age", .numeric),
    ])
    let outcome = ingest("id,g,age\n1,\"a\nb\",x\n2,\"a\nb\",3\n3,\"z\nz\",4\n4,c,5\n", codebook: book)
    let result = try #require(outcome.result)
    #expect(
      rejectTexts(outcome) == [
        "TMP/data.csv:2:3: column 'age': cannot read 'x' as a number",
        "TMP/data.csv:6:2: column 'g': 'z\nz' is not a level of 'g' (expected a\nb, c, or a label of one)",
      ])
    #expect(result.table.sources[0].lines == [4, 8])
  }

  @Test("keeps going after many bad rows and balances the books")
  func manyRejects() throws {
    var csv = Self.header
    var bad = 0
    for row in 1...500 {
      // Ids from 1001 on, so that none is a missing code.
      if row % 7 == 0 {
        csv += "\(1000 + row),abc,ref,,\n"
        bad += 1
      } else if row % 11 == 0 {
        csv += "\(1000 + row),30\n"
        bad += 1
      } else {
        csv += "\(1000 + row),\(row % 90),ref,,\n"
      }
    }
    let result = try #require(ingest(csv, codebook: Self.book).result)
    expectBalanced(result, read: 500, rejected: bad)
    #expect(result.rejects.map { $0.location.line ?? 0 } == result.rejects.map { $0.location.line ?? 0 }.sorted())
    #expect(result.rejects.first?.location.line == 8)
  }

  @Test("reads respondent ids that look like missing codes as ids")
  func idsLikeMissingCodes() throws {
    // The codebook's default missing codes (97, 98, 99) are answers' codes; a
    // respondent id is never an answer, and respondents 97 to 99 exist in every
    // study with more than 99 respondents.
    var csv = Self.header
    for id in 95...101 { csv += "\(id),30,ref,,\n" }
    let outcome = ingest(csv, codebook: Self.book)
    let result = try #require(outcome.result)
    #expect(rejectTexts(outcome) == [])
    #expect(cells(result.table).map(\.first) == ["95", "96", "97", "98", "99", "100", "101"])
  }

  @Test("sets aside 10,000 bad rows without rescanning the file for each one")
  func manyRejectsInLinearTime() throws {
    var csv = "id,a,b\n"
    for row in 0..<10_000 { csv += "\(row),x\n" }
    var outcome: IngestOutcome?
    let elapsed = ContinuousClock().measure { outcome = ingest(csv) }
    let result = try #require(outcome?.result)
    #expect(result.rejects.count == 10_000)
    #expect(result.rejects.last?.record == "9999,x")
    #expect(result.rejects.last?.location.line == 10_001)
    // About 0.1 s of work in a debug build; a record found by scanning from the start
    // of its chunk for every reject makes this quadratic (seconds here, hours for a
    // large file whose every row is bad, e.g. one read with the wrong delimiter).
    #expect(elapsed < .seconds(3), "10,000 rejects took \(elapsed)")
  }

  @Test("a rejected row does not change the inferred type of a column")
  func rejectedRowDoesNotWiden() throws {
    let result = try #require(ingest("id,x\n1,2\n2,abc,extra\n3,4\n").result)
    #expect(result.rejects.count == 1)
    #expect(result.table["x"]?.type == .numeric)
    #expect(cells(result.table) == [["1", "2"], ["3", "4"]])
  }
}

import Ingest
import SurveyCore
import TestSupport
import Testing

/// Parallel parsing cuts files into blocks and chunks at record boundaries; the
/// result must not depend on where the cuts fall or on how many workers run.
@Suite("Chunked parallel parsing")
struct ChunkingTests {
  /// Block sizes that put chunk edges next to quoted line breaks, doubled quotes and CRLF pairs.
  static let blockSizes = [64, 97, 256, 1000, 4096]
  /// Everything in one block, read by one worker: the reference.
  static let oneBlock = IngestStage.Options(jobs: 1, blockBytes: 1 << 30)

  static func chunked(_ blockBytes: Int) -> IngestStage.Options {
    IngestStage.Options(jobs: 2, blockBytes: blockBytes)
  }

  /// The codebook of the generated files: three declared columns; `comment`,
  /// `score` and `group` are not declared, so their types are inferred.
  static let book = codebook([
    variable("id", .id, missingCodes: [], required: true),
    variable("age", .numeric, range: 0...120),
    variable(
      "status", .categorical,
      levels: [
        level("refugee", "Refugee", labels: ["fr": "Réfugié"]),
        level("asylum_seeker", "Asylum seeker", labels: ["fr": "Demandeur d'asile"]),
      ]),
  ])

  // MARK: Generated files

  /// SplitMix64 (Steele, Lea and Flood 2014): a small deterministic generator.
  struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
  }

  /// A generated file and what it holds.
  struct MessyFile {
    var csv: String
    var records: Int
    var badRows: Int
    var blankLines: Int
  }

  /// `records` data records with quoted fields holding line breaks (LF, CRLF and
  /// CR), doubled quotes and delimiters, non-ASCII text, CRLF and LF line ends,
  /// blank lines, ragged rows and bad values, and a `score` column that is
  /// numeric until a few records before the end.
  static func messyFile(
    records: Int, seed: UInt64, extraColumn: Bool = false, lineEnds: [String] = ["\r\n", "\r\n", "\r\n", "\n"]
  ) -> MessyFile {
    var random = SplitMix64(state: seed)
    var csv = "id,comment,age,status,score,group" + (extraColumn ? ",site" : "") + lineEnds[0]
    var badRows = 0
    var blankLines = 0
    for row in 1...records {
      if random.below(25) == 0 {
        csv += lineEnds[random.below(lineEnds.count)]
        blankLines += 1
      }
      let comment: String
      switch random.below(9) {
      case 0: comment = "\"line one\r\nline two\""
      case 1: comment = "\"she said \"\"yes\"\", then left\""
      case 2: comment = "\"a\nb\nc\""
      case 3: comment = "plain"
      case 4: comment = "\"\""
      case 5: comment = "\"comma, inside\""
      case 6: comment = "\"note \(row)\r\n\"\"quoted\"\" second line\""
      case 7: comment = "café au lait"
      default: comment = ""
      }
      var age = random.below(20) == 0 ? "" : random.below(30) == 0 ? "NA" : String(18 + random.below(70))
      if random.below(50) == 0 { age = ["98", "99"][random.below(2)] }
      var status = ["refugee", "asylum_seeker", "Réfugié", "\"Demandeur d'asile\""][random.below(4)]
      let score =
        row == records - 7
        ? "n/a" : random.below(2) == 0 ? String(random.below(1000)) : "\(random.below(100)).\(random.below(10) + 1)"
      let group = ["north", "south", "\"east\nwest\"", "\"\"\"quoted\"\"\"", "\"x\r\ny\""][random.below(5)]
      var fields = ["\(row)", comment, age, status, score, group]
      if extraColumn { fields.append(["\"A\"", "B", "\"C\nD\""][random.below(3)]) }
      if row % 97 == 0 {
        fields.removeLast()
        badRows += 1
      } else if row % 89 == 0 {
        fields.append("\"extra\nfield\"")
        badRows += 1
      } else if row % 113 == 0 {
        fields[2] = "1O5"
        badRows += 1
      } else if row % 131 == 0 {
        status = "tourist"
        fields[3] = status
        badRows += 1
      }
      csv += fields.joined(separator: ",")
      if row < records { csv += lineEnds[random.below(lineEnds.count)] }
    }
    return MessyFile(csv: csv, records: records, badRows: badRows, blankLines: blankLines)
  }

  // MARK: Comparing results

  /// Expects `chunked` to equal `reference` in every part: cells, column types and
  /// storage, missing masks, row sources, rejects, accounts and warnings.
  func expectSame(_ chunked: IngestStage.Result, as reference: IngestStage.Result, _ comment: String) {
    let a = chunked.table
    let b = reference.table
    #expect(a.columnNames == b.columnNames, "\(comment)")
    #expect(a.rowCount == b.rowCount, "\(comment)")
    for (x, y) in zip(a.columns, b.columns) {
      #expect(x.type == y.type, "column '\(y.name)': type; \(comment)")
      switch (x.values, y.values) {
      case (.numeric(let p), .numeric(let q)):
        #expect(p.storage == q.storage, "column '\(y.name)': storage; \(comment)")
      case (.categorical(let p), .categorical(let q)):
        #expect(p.levels == q.levels, "column '\(y.name)': levels; \(comment)")
      case (.text, .text), (.multiSelect, .multiSelect), (.date, .date):
        break
      default:
        Issue.record("column '\(y.name)': stored as \(x.type), expected \(y.type); \(comment)")
      }
      let mine = reasons(x)
      let theirs = reasons(y)
      if let row = firstDifference(mine, theirs) {
        let found = row < mine.count ? String(describing: mine[row]) : "none"
        let expected = row < theirs.count ? String(describing: theirs[row]) : "none"
        Issue.record(
          "column '\(y.name)': missing masks differ first at row \(row) (\(found) vs \(expected)); \(comment)")
      }
    }
    let mine = cells(a)
    let theirs = cells(b)
    if let row = firstDifference(mine, theirs) {
      let found = row < mine.count ? mine[row] : []
      let expected = row < theirs.count ? theirs[row] : []
      Issue.record("cells differ first at row \(row): \(found) vs \(expected); \(comment)")
    }
    #expect(a.sources == b.sources, "\(comment)")
    #expect(chunked.rejects.map(\.description) == reference.rejects.map(\.description), "\(comment)")
    #expect(chunked.rejects.map(\.record) == reference.rejects.map(\.record), "\(comment)")
    #expect(chunked.rejects == reference.rejects, "\(comment)")
    #expect(chunked.accounts == reference.accounts, "\(comment)")
    #expect(chunked.warnings == reference.warnings, "\(comment)")
  }

  /// Whether two results agree in every part `expectSame` checks.
  func isSame(_ a: IngestStage.Result, _ b: IngestStage.Result) -> Bool {
    a.table.columnNames == b.table.columnNames && a.table.columns.map(\.type) == b.table.columns.map(\.type)
      && a.table.columns.map(reasons) == b.table.columns.map(reasons) && cells(a.table) == cells(b.table)
      && a.table.sources == b.table.sources && a.rejects == b.rejects && a.accounts == b.accounts
  }

  /// The first index where `a` and `b` differ (the shorter length when one is a prefix), or `nil`.
  func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int? {
    if let index = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { return index }
    return a.count == b.count ? nil : min(a.count, b.count)
  }

  /// Runs the stage on files already written, reporting the error text with `TMP`.
  func run(_ paths: [String], in directory: TemporaryDirectory, codebook: Codebook?, _ options: IngestStage.Options)
    -> IngestOutcome
  {
    ingest(paths: paths, in: directory, codebook: codebook, options: options)
  }

  // MARK: One file

  @Test("the generated file reads as expected in one block")
  func reference() throws {
    let file = Self.messyFile(records: 6500, seed: 42)
    #expect(file.csv.utf8.count > 300 << 10, "the bad score must lie beyond the 256 KiB sample")
    let outcome = ingest(file.csv, codebook: Self.book, options: Self.oneBlock)
    let result = try #require(outcome.result)
    #expect(result.accounts[0].read == file.records)
    #expect(result.accounts[0].rejected == file.badRows)
    #expect(result.accounts[0].blankLines == file.blankLines)
    #expect(result.accounts[0].balances)
    #expect(result.table.rowCount == file.records - file.badRows)
    // `score` widened from numeric to categorical at its one non-number near the end.
    #expect(result.table["score"]?.type == .categorical)
    #expect(result.table["group"]?.type == .categorical)
    if case .categorical(let group) = result.table["group"]?.values {
      #expect(group.levels == ["\"quoted\"", "east\nwest", "north", "south", "x\r\ny"])
    }
    #expect(result.table["status"]?.missing.hasMissing == false)
    #expect(result.table["age"]?.missing.counts()[.refused] ?? 0 > 0)
    #expect(result.warnings.count == 3)
    // Lines rise strictly, and every accepted row's first line is distinct from every reject's.
    let lines = result.table.sources[0].lines
    #expect(zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 })
    let rejected = Set(result.rejects.compactMap { $0.location.line.map(Int32.init) })
    #expect(rejected.isDisjoint(with: lines))
    #expect(result.rejects.allSatisfy { file.csv.contains($0.record) })
  }

  @Test("gives the same table, rejects and accounts in chunks as in one block", arguments: blockSizes)
  func sameResult(blockBytes: Int) throws {
    let file = Self.messyFile(records: 6500, seed: 42)
    let directory = TemporaryDirectory("ingest")
    let path = directory.write("data.csv", file.csv)
    let reference = try #require(run([path], in: directory, codebook: Self.book, Self.oneBlock).result)
    let outcome = run([path], in: directory, codebook: Self.book, Self.chunked(blockBytes))
    #expect(errorText(outcome) == "no error")
    let chunked = try #require(outcome.result)
    expectSame(chunked, as: reference, "blockBytes \(blockBytes)")
  }

  @Test("gives the same table without a codebook, every column inferred", arguments: blockSizes)
  func sameResultInferred(blockBytes: Int) throws {
    let file = Self.messyFile(records: 3000, seed: 7)
    let directory = TemporaryDirectory("ingest")
    let path = directory.write("data.csv", file.csv)
    let reference = try #require(run([path], in: directory, codebook: nil, Self.oneBlock).result)
    #expect(reference.table["score"]?.type == .categorical)
    let chunked = try #require(run([path], in: directory, codebook: nil, Self.chunked(blockBytes)).result)
    expectSame(chunked, as: reference, "blockBytes \(blockBytes)")
  }

  @Test("gives the same result with one worker and many chunks", arguments: [64, 1000])
  func oneWorkerManyChunks(blockBytes: Int) throws {
    let file = Self.messyFile(records: 1500, seed: 3)
    let directory = TemporaryDirectory("ingest")
    let path = directory.write("data.csv", file.csv)
    let reference = try #require(run([path], in: directory, codebook: Self.book, Self.oneBlock).result)
    let options = IngestStage.Options(jobs: 1, blockBytes: blockBytes)
    let chunked = try #require(run([path], in: directory, codebook: Self.book, options).result)
    expectSame(chunked, as: reference, "jobs 1, blockBytes \(blockBytes)")
  }

  @Test("a column with more than 65,536 distinct values becomes text the same way in chunks")
  func manyLevels() throws {
    var csv = "id,code\n"
    for row in 0..<70_000 { csv += row % 1000 == 0 ? "\(row),\"\"\n" : "\(row),v\(row)\n" }
    let directory = TemporaryDirectory("ingest")
    let path = directory.write("data.csv", csv)
    let reference = try #require(run([path], in: directory, codebook: nil, Self.oneBlock).result)
    #expect(reference.table["code"]?.type == .text)
    let chunked = try #require(run([path], in: directory, codebook: nil, Self.chunked(64 << 10)).result)
    expectSame(chunked, as: reference, "blockBytes 65536")
  }

  // MARK: Whole-file problems found in a later chunk

  /// 300 good records of two lines each (record `i` starts on line `2i`), then
  /// `bad` as record 301 (line 602), then 50 more good records.
  static func fileWithBadRecord(_ bad: [UInt8]) -> [UInt8] {
    var bytes = Array("id,note,x\n".utf8)
    for row in 1...300 { bytes += Array("\(row),\"a\nb\",\(row % 7)\n".utf8) }
    bytes += bad + Array("\n".utf8)
    for row in 302...351 { bytes += Array("\(row),plain,\(row % 7)\n".utf8) }
    return bytes
  }

  /// Bad records and the diagnostic each must give wherever the chunk edges fall.
  static let badRecords: [(name: String, bytes: [UInt8], options: IngestStage.Options, expected: String)] = [
    (
      "unterminated quote", Array("301,\"open,1".utf8), .init(),
      "TMP/data.csv:602:2: error: unterminated quote: the quoted field that starts here is still open at the end of the file"
    ),
    (
      "malformed quote", Array("301,a\"b,1".utf8), .init(),
      "TMP/data.csv:602:2: error: malformed quote: a quote inside an unquoted field, or text after a closing quote"
        + " (quote the whole field and double the quotes inside it)"
    ),
    (
      "NUL byte", Array("301,a".utf8) + [0] + Array("b,1".utf8), .init(),
      "TMP/data.csv:602:2: error: the file contains a NUL byte; is it a spreadsheet, a binary file or UTF-16 text?"
        + " Export it as CSV in UTF-8"
    ),
    (
      "invalid UTF-8", Array("301,caf".utf8) + [0xE9] + Array(",1".utf8), .init(),
      "TMP/data.csv:602:2: error: invalid UTF-8 (byte 0xE9); convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"
    ),
    (
      "long record", Array("301,\(String(repeating: "w", count: 300)),1".utf8), .init(maxLineBytes: 200),
      "TMP/data.csv:602: error: the record is longer than the limit of 200 bytes (--max-line-bytes)"
    ),
    (
      "long field", Array("301,\(String(repeating: "w", count: 3000)),1".utf8), .init(maxFieldBytes: 1000),
      "TMP/data.csv:602:2: error: a field is longer than the limit of 1000 bytes (--max-field-bytes)"
    ),
  ]

  @Test(
    "reports a whole-file problem at the same place in one block and in chunks",
    arguments: badRecords.indices, [1 << 30] + blockSizes)
  func sameDiagnostic(index: Int, blockBytes: Int) {
    let bad = Self.badRecords[index]
    var options = bad.options
    options.blockBytes = blockBytes
    options.jobs = blockBytes == 1 << 30 ? 1 : 2
    let outcome = ingest(bytes: Self.fileWithBadRecord(bad.bytes), options: options)
    #expect(errorText(outcome) == bad.expected, "\(bad.name), blockBytes \(blockBytes)")
  }

  @Test("finds a stray UTF-8 continuation byte that starts a block", arguments: blockSizes)
  func strayContinuationAtBlockStart(blockBytes: Int) {
    // Header (8 bytes), then "1,<pad>\n", then "2,caf" é and a stray 0x80, which
    // lands at offset 2 * blockBytes, the start of the third block.
    let pad = String(repeating: "p", count: 2 * blockBytes - 18)
    let bytes = Array("id,note\n1,\(pad)\n2,caf".utf8) + [0xC3, 0xA9, 0x80] + Array("\n3,ok\n".utf8)
    #expect(bytes[2 * blockBytes] == 0x80)
    let expected =
      "TMP/data.csv:3:2: error: invalid UTF-8 (byte 0x80); convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"
    #expect(errorText(ingest(bytes: bytes, options: Self.oneBlock)) == expected)
    #expect(errorText(ingest(bytes: bytes, options: Self.chunked(blockBytes))) == expected, "blockBytes \(blockBytes)")
  }

  // MARK: Several files

  @Test("keeps the order of files and marks a column absent from a file as absent")
  func severalFiles() throws {
    let outcome = ingest(files: [
      ("b.csv", Array("id;age;region\n3;40;north\n4;41;south\n".utf8)),
      ("a.csv", Array("id,age,sex\n1,30,F\n\n2,31,M\n".utf8)),
      ("c.csv", Array("ID,Age\r\n5,50\r\n".utf8)),
    ])
    let result = try #require(outcome.result)
    let table = result.table
    #expect(table.columnNames == ["id", "age", "region", "sex"])
    #expect(
      cells(table) == [
        ["3", "40", "north", ".absent"], ["4", "41", "south", ".absent"],
        ["1", "30", ".absent", "F"], ["2", "31", ".absent", "M"],
        ["5", "50", ".absent", ".absent"],
      ])
    #expect(reasons(table["region"]) == [nil, nil, .absent, .absent, .absent])
    #expect(reasons(table["sex"]) == [.absent, .absent, nil, nil, .absent])
    #expect(reasons(table["age"]) == [nil, nil, nil, nil, nil])
    #expect([table["region"], table["sex"], table["age"]].map { $0?.missing.missingCount } == [3, 3, 0])
    let dir = outcome.directory.path
    #expect(
      table.sources == [
        SurveyTable.Source(file: "\(dir)/b.csv", rows: 0..<2, lines: [2, 3]),
        SurveyTable.Source(file: "\(dir)/a.csv", rows: 2..<4, lines: [2, 4]),
        SurveyTable.Source(file: "\(dir)/c.csv", rows: 4..<5, lines: [2]),
      ])
    #expect(result.accounts.map(\.file) == ["\(dir)/b.csv", "\(dir)/a.csv", "\(dir)/c.csv"])
    #expect(result.accounts.map(\.delimiter) == [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: ",")])
    #expect(result.accounts.map(\.read) == [2, 2, 1])
    #expect(result.accounts.map(\.blankLines) == [0, 1, 0])
    #expect(table.location(ofRow: 3) == SourceLocation(file: "\(dir)/a.csv", line: 4))
  }

  @Test("maps local column names of several files onto one codebook variable")
  func severalFilesWithAliases() throws {
    let book = codebook([
      variable("id", .id, required: true),
      variable(
        "sex", .categorical, levels: [level("F", labels: ["de": "w"]), level("M", labels: ["de": "m"])],
        aliases: ["geschlecht"]),
      variable("age", .numeric),
    ])
    let outcome = ingest(
      files: [
        ("de.csv", Array("id,geschlecht\n1,w\n2,m\n3,x\n".utf8)),
        ("uk.csv", Array("id,sex,age\n4,F,30\n".utf8)),
      ], codebook: book)
    let result = try #require(outcome.result)
    #expect(cells(result.table) == [["1", "F", ".absent"], ["2", "M", ".absent"], ["4", "F", "30"]])
    #expect(
      rejectTexts(outcome) == [
        "TMP/de.csv:4:2: column 'sex': 'x' is not a level of 'sex' (expected F, M, or a label of one)"
      ])
    #expect(result.accounts.map(\.rejected) == [1, 0])
  }

  @Test("gives the same result for several files in chunks as in one block", arguments: blockSizes)
  func severalFilesChunked(blockBytes: Int) throws {
    let directory = TemporaryDirectory("ingest")
    let paths = [
      directory.write("one.csv", Self.messyFile(records: 800, seed: 1).csv),
      // With a UTF-8 byte order mark.
      directory.write(
        "two.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(Self.messyFile(records: 600, seed: 2, extraColumn: true).csv.utf8)),
      // Old Mac line ends: CR alone.
      directory.write("three.csv", Self.messyFile(records: 400, seed: 5, lineEnds: ["\r"]).csv),
      directory.write("four.csv", "id,age\n9001,40\n9002,41\n"),
    ]
    let reference = try #require(run(paths, in: directory, codebook: Self.book, Self.oneBlock).result)
    #expect(reference.table.sources.map(\.file) == paths)
    #expect(reasons(reference.table["site"]).prefix(3) == [.absent, .absent, .absent])
    #expect(reasons(reference.table["comment"]).suffix(2) == [.absent, .absent])
    let chunked = try #require(run(paths, in: directory, codebook: Self.book, Self.chunked(blockBytes)).result)
    expectSame(chunked, as: reference, "blockBytes \(blockBytes)")
  }
}

extension ChunkingTests {
  /// A small file built from the awkward pieces of CSV: fields that are only a
  /// line break, quoted empties, doubled quotes, lone CR line ends, blank and
  /// whitespace lines, ragged rows.
  static func awkwardFile(seed: UInt64, records: Int) -> String {
    var random = SplitMix64(state: seed)
    let pieces = [
      "\"\"", "\"\n\"", "\"\r\n\"", "\"\r\"", "\"a\"\"b\"", "\"\"\"\"", "plain", "", "\"x,y\"", "12", "3.5", "NA",
      "\"\n\n\"", "é", "\"ü\r\n\"",
    ]
    let ends = ["\n", "\r\n", "\r"]
    var csv = "a,b,c" + ends[random.below(3)]
    for row in 0..<records {
      switch random.below(12) {
      case 0: csv += ends[random.below(3)]
      case 1: csv += " " + ends[random.below(3)]
      default: break
      }
      var count = 3
      if random.below(10) == 0 { count = 1 + random.below(5) }
      csv += (0..<count).map { _ in pieces[random.below(pieces.count)] }.joined(separator: ",")
      if row < records - 1 || random.below(2) == 0 { csv += ends[random.below(3)] }
    }
    return csv
  }

  @Test("gives the same result for awkward small files at every block size", arguments: 1...24)
  func awkwardFiles(seed: Int) throws {
    let csv = Self.awkwardFile(seed: UInt64(seed), records: 40)
    let directory = TemporaryDirectory("ingest")
    let path = directory.write("data.csv", csv)
    let reference = try #require(run([path], in: directory, codebook: nil, Self.oneBlock).result)
    for blockBytes in stride(from: 64, through: 200, by: 3) {
      let outcome = run([path], in: directory, codebook: nil, Self.chunked(blockBytes))
      let chunked = try #require(outcome.result, "blockBytes \(blockBytes): \(errorText(outcome))")
      if !isSame(chunked, reference) {
        // Report the first block size that differs, in detail.
        expectSame(chunked, as: reference, "seed \(seed), blockBytes \(blockBytes)")
        break
      }
    }
  }
}

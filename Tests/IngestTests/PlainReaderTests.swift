import SurveyCore
import Testing

@testable import Ingest

/// The in-place reader (`ChunkReader.readPlain`) against libcsv on the same bytes:
/// where it reads a chunk, every count, line, reject and stored byte must be the same.
@Suite("The in-place reader agrees with libcsv")
struct PlainReaderTests {
  /// What a chunk reader ends with, in comparable form.
  struct Outcome: Equatable {
    var rows: Int
    var records: Int
    var blankLines: Int
    var lines: Int
    var rowLines: [Int32]
    var rejects: [String]
    var stop: String
    var text: [TextValues]
    var missing: [[UInt8]]
  }

  /// Three text columns: text keeps every byte, so any difference in the fields shows.
  static func reader(fields: Int = 3) -> ChunkReader {
    let specs = (0..<fields).map { index in
      var spec = ColumnSpec(inferredName: "c\(index)")
      spec.setKind(.text)
      return spec
    }
    return ChunkReader(
      specs: specs, decimalSeparator: UInt8(ascii: "."), maxLineBytes: 1 << 20, maxFieldBytes: 1 << 20)
  }

  static func outcome(_ reader: ChunkReader, fields: Int = 3) -> Outcome {
    Outcome(
      rows: reader.rows, records: reader.records, blankLines: reader.blankLines, lines: reader.lines,
      rowLines: reader.acceptedRowLines(),
      rejects: reader.rejects.map { "\($0.line):\($0.field):\($0.cause):\($0.value)" },
      stop: reader.stop.map { "\($0)" } ?? "",
      text: (0..<fields).map { reader.column($0).pointee.textValues() },
      missing: (0..<fields).map { reader.column($0).pointee.missingReasons() })
  }

  /// Reads `csv` both ways; returns whether the in-place reader took it, and both outcomes.
  static func both(_ csv: String) -> (plain: Bool, fast: Outcome, reference: Outcome) {
    let bytes = Array(csv.utf8)
    return bytes.withUnsafeBytes { raw in
      let fast = reader()
      let plain = fast.readPlain(raw, delimiter: UInt8(ascii: ","))
      let reference = reader()
      try? reference.read(raw, delimiter: UInt8(ascii: ","), maxFieldBytes: 1 << 20, keepsSpaces: false)
      return (plain, outcome(fast), outcome(reference))
    }
  }

  @Test(
    "reads plain records exactly as libcsv does",
    arguments: [
      "a,b,c\n1,2,3\n",
      "a,b,c\n1,2,3",
      "a,,c\n,,\n",
      "a,b,\n",
      "a,b,",
      "\"a\",\"\",\"c\"\n",
      "\"say \"\"hi\"\"\",b,\"\"\"\"\n",
      "\"two\nlines\",b,c\nx,y,z\n",
      "\"comma, inside\",b,c\n",
      "a,b,c\n\n\nd,e,f\n",
      "a,b\nc,d,e,f\ng,h,i\n",
      "\"Termin erst in sechs Wochen, zu spät\",ü,€\n",
      "a,b,\"c\"",
      "\"\",\"\",\"\"\n",
      "\n\na,b,c\n",
    ])
  func agrees(csv: String) {
    let (plain, fast, reference) = Self.both(csv)
    #expect(plain, "the in-place reader should take \(csv.debugDescription)")
    #expect(fast == reference, "\(csv.debugDescription)")
  }

  @Test(
    "leaves to libcsv what it does not read itself",
    arguments: [
      "a,b,c\r\n1,2,3\r\n",
      " a,b,c\n",
      "a ,b,c\n",
      "a,b\t,c\n",
      "a,\"b\" ,c\n",
      "a,b\"c,d\n",
      "\"a\"b,c,d\n",
      "a,\"b,c\n",
    ])
  func declines(csv: String) {
    let bytes = Array(csv.utf8)
    let plain = bytes.withUnsafeBytes { Self.reader().readPlain($0, delimiter: UInt8(ascii: ",")) }
    #expect(!plain, "\(csv.debugDescription)")
  }
}

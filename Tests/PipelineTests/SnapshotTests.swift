import Aggregation
import Ingest
import Testing

@testable import Pipeline
@testable import SurveyCore

@Suite("Stage results in the cache")
struct SnapshotTests {
  @Test("a table of every column kind comes back equal from its snapshot, rows' files and lines included")
  func tableRoundTrip() throws {
    var missing = MissingMask(count: 3)
    missing.set(.refused, at: 1)
    var text = TextValues()
    for value in ["a", "", "ünïcode, \"quoted\"\nline"] { text.append(value) }
    let columns = [
      Column(name: "x", type: .numeric, values: .numeric(.float64([1.5, .nan, -0.0])), missing: missing),
      Column(name: "i8", type: .numeric, values: .numeric(.int8([1, -2, 3]))),
      Column(name: "i16", type: .numeric, values: .numeric(.int16([300, -2, 3]))),
      Column(name: "i32", type: .numeric, values: .numeric(.int32([70000, -2, 3]))),
      Column(
        name: "sex", type: .categorical, label: "Sex",
        values: .categorical(
          CategoricalValues(levels: ["F", "M"], labels: ["Women", "Men"], codes: .uint8([0, 1, 0])))),
      Column(
        name: "many", type: .ordinal,
        values: .categorical(CategoricalValues(levels: ["a"], isOrdered: true, codes: .uint16([0, 0, 0])))),
      Column(
        name: "langs", type: .multiSelect,
        values: .multiSelect(MultiSelectValues(options: ["ar", "fr"], masks: [0, 3, 1]))),
      Column(name: "comment", type: .text, values: .text(text)),
      Column(name: "day", type: .date, values: .date([0, 19000, -5])),
    ]
    let table = SurveyTable(
      columns: columns,
      sources: [
        .init(file: "a.csv", rows: 0..<2, lines: [2, 5]), .init(file: "b.csv", rows: 2..<3, lines: [2]),
      ])
    let back = try SurveyTable(snapshot: table.snapshot())
    #expect(back.sources == table.sources)
    #expect(back.columns.count == table.columns.count)
    for (a, b) in zip(back.columns, table.columns) {
      // NaN != NaN: compare the float column's bits.
      if case .numeric(.float64(let x)) = a.values, case .numeric(.float64(let y)) = b.values {
        #expect(x.map(\.bitPattern) == y.map(\.bitPattern))
        #expect(a.missing == b.missing && a.name == b.name)
      } else {
        #expect(a == b)
      }
    }
  }

  @Test("a damaged or truncated snapshot is an error, never a wrong table")
  func damaged() throws {
    let table = SurveyTable(columns: [Column(name: "x", type: .numeric, values: .numeric(.int8([1, 2])))])
    let bytes = table.snapshot()
    for cut in [0, 3, bytes.count / 2, bytes.count - 1] {
      #expect(throws: SnapshotError.self) { try SurveyTable(snapshot: Array(bytes.prefix(cut))) }
    }
    #expect(throws: SnapshotError.self) { try SurveyTable(snapshot: bytes + [0]) }
  }

  @Test("a stage result keeps its estimates, design and log exactly")
  func stageResult() throws {
    let row = EstimateRow(
      statistic: "proportion", variable: "unmet_need", level: "1",
      domain: [.init(variable: "country", value: "DE")], estimate: 0.1 + 0.2, se: 1e-3, ciLow: 0.2, ciHigh: 0.4,
      deff: nil, deffReplace: 1.25, df: 58, n: 196, nMissing: 2)
    let calibration = Calibration.raking(margins: [.init(categories: [0, 1], categoryCount: 2, weights: [1.5, 2.5])])
    let table = SurveyTable(columns: [Column(name: "w", type: .numeric, values: .numeric(.float64([1.5, 2.5])))])
    var result = StageResult(
      table: table,
      design: .init(
        columns: .init(weights: "w", strata: nil, clusters: [], fpc: [], nest: false, lonelyPSU: .fail),
        calibrations: [calibration]),
      estimates: [row])
    result.rejectCounts = [.init(stage: "ingest", source: "a.csv", rows: 3)]
    let back = try StageResult(snapshot: result.snapshot())
    #expect(back.estimates == [row])
    #expect(back.rejectCounts == result.rejectCounts)
    #expect(back.design?.columns.weights == "w")
    guard case .raking(let margins) = back.design?.calibrations.first else {
      Issue.record("the calibration is lost")
      return
    }
    #expect(margins.first?.weights == [1.5, 2.5] && margins.first?.categories == [0, 1])
  }

  @Test("cache keys ignore where a parameter is written and sort dictionaries")
  func canonicalText() {
    let here = SurveyCore.SourceLocation(file: "p.yaml", line: 3, column: 5)
    let there = SurveyCore.SourceLocation(file: "p.yaml", line: 30, column: 9)
    struct Spec {
      var name: String
      var location: SurveyCore.SourceLocation
      var table: [String: Int]
    }
    let a = Spec(name: "x", location: here, table: ["a": 1, "b": 2, "c": 3])
    let b = Spec(name: "x", location: there, table: ["c": 3, "a": 1, "b": 2])
    let c = Spec(name: "y", location: here, table: ["a": 1, "b": 2, "c": 3])
    #expect(CanonicalText.of(a) == CanonicalText.of(b))
    #expect(CanonicalText.of(a) != CanonicalText.of(c))
  }

  @Test("SHA-256 of known texts (FIPS 180-4 examples)")
  func sha256() {
    #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }
}

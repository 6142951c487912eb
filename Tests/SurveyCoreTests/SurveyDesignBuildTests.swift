import SurveyCore
import Testing

/// How a design is built from a table's columns: the dense codes of strata and
/// units, the units per stratum, and the errors for bad weights and clusters that
/// are not nested in their strata.
@Suite("Survey design from a table")
struct SurveyDesignBuildTests {
  /// Six rows: strata as a category whose level order differs from the order of
  /// first appearance, PSUs in several storages, weights.
  static func table(psu: Column.Values, weights: [Double] = [1, 2, 3, 4, 5, 6]) -> SurveyTable {
    SurveyTable(
      columns: [
        Column(
          name: "stratum", type: .categorical,
          values: .categorical(CategoricalValues(levels: ["a", "b", "c"], codes: .uint8([2, 2, 0, 0, 0, 2])))),
        Column(name: "psu", type: .numeric, values: psu),
        Column(name: "w", type: .numeric, values: .numeric(.float64(weights))),
      ],
      sources: [SurveyTable.Source(file: "data.csv", rows: 0..<6, lines: [2, 3, 4, 5, 6, 7])])
  }

  static let psuStorages: [Column.Values] = [
    .numeric(.int8([-3, 7, 1, 1, 5, -3])),
    .numeric(.int16([-300, 700, 100, 100, 500, -300])),
    .numeric(.float64([-3.5, 7, 1, 1, 5, -3.5])),
    .categorical(CategoricalValues(levels: ["p1", "p5", "p7", "pm3"], codes: .uint16([3, 2, 0, 0, 1, 3]))),
    .text(text(["x", "y", "z", "z", "v", "x"])),
  ]

  static func text(_ values: [String]) -> TextValues {
    var text = TextValues()
    for value in values { text.append(value) }
    return text
  }

  @Test("numbers strata and PSUs in order of first appearance, whatever the storage", arguments: psuStorages)
  func denseCodes(psu: Column.Values) throws {
    let design = try SurveyDesign(
      table: Self.table(psu: psu), columns: .init(weights: "w", strata: "stratum", clusters: ["psu"]))
    let stage = try #require(design.stages.first)
    #expect(stage.strata == [0, 0, 1, 1, 1, 0])
    #expect(stage.strataLabels == ["c", "a"])
    #expect(stage.units == [0, 1, 2, 2, 3, 0])
    #expect(stage.unitCount == 4)
    #expect(stage.unitStrata == [0, 0, 1, 1])
    #expect(stage.sampledUnits == [2, 2])
    #expect(design.weights == [1, 2, 3, 4, 5, 6])
    #expect(design.degreesOfFreedom == 2)
  }

  @Test("degrees of freedom count only units and strata with a non-zero weight, as R's degf")
  func degreesOfFreedom() throws {
    let psu = Column.Values.numeric(.int8([-3, 7, 1, 1, 5, -3]))
    let columns = SurveyDesign.Columns(weights: "w", strata: "stratum", clusters: ["psu"])
    // Units (strata): -3 (c, rows 1 and 6), 7 (c), 1 (a, rows 3 and 4), 5 (a).
    #expect(try SurveyDesign(table: Self.table(psu: psu), columns: columns).degreesOfFreedom == 2)
    // Unit 5 has only a zero weight: 3 units in 2 strata.
    let oneUnit = Self.table(psu: psu, weights: [1, 2, 3, 4, 0, 6])
    #expect(try SurveyDesign(table: oneUnit, columns: columns).degreesOfFreedom == 1)
    // Unit -3 keeps a non-zero row: still 4 units.
    let oneRow = Self.table(psu: psu, weights: [0, 2, 3, 4, 5, 6])
    #expect(try SurveyDesign(table: oneRow, columns: columns).degreesOfFreedom == 2)
    // Stratum a has zero weights only: 2 units in 1 stratum.
    let oneStratum = Self.table(psu: psu, weights: [1, 2, 0, 0, 0, 6])
    #expect(try SurveyDesign(table: oneStratum, columns: columns).degreesOfFreedom == 1)
  }

  @Test("names the cluster, both strata and the row's line when clusters are not nested")
  func notNested() {
    // PSU 1 is in stratum a (rows 3 and 4) and again in stratum c (row 6).
    let table = Self.table(psu: .numeric(.int8([-3, 7, 1, 1, 5, 1])))
    let columns = SurveyDesign.Columns(weights: "w", strata: "stratum", clusters: ["psu"])
    #expect {
      try SurveyDesign(table: table, columns: columns)
    } throws: { error in
      let text = "\(error)"
      return text.contains("data.csv:7") && text.contains("cluster '1' of 'psu' is in strata 'a' and 'c'")
        && text.contains("--nest")
    }
  }

  @Test("with nest, cluster ids that restart within strata are different units")
  func nested() throws {
    let table = Self.table(psu: .numeric(.int8([1, 2, 1, 1, 2, 1])))
    let design = try SurveyDesign(
      table: table, columns: .init(weights: "w", strata: "stratum", clusters: ["psu"], nest: true))
    let stage = try #require(design.stages.first)
    #expect(stage.units == [0, 1, 2, 2, 3, 0])
    #expect(stage.unitStrata == [0, 0, 1, 1])
    #expect(stage.sampledUnits == [2, 2])
  }

  @Test(
    "rejects a weight that is negative, infinite or not a number, naming its line", arguments: [-1, .infinity, .nan])
  func badWeight(weight: Double) {
    let table = Self.table(psu: .numeric(.int8([1, 2, 3, 3, 4, 1])), weights: [1, 2, 3, 4, weight, 6])
    #expect {
      try SurveyDesign(table: table, columns: .init(weights: "w", strata: "stratum", clusters: ["psu"]))
    } throws: { error in
      "\(error)".contains("data.csv:6") && "\(error)".contains("is not a finite number >= 0")
    }
  }

  @Test("a second stage is stratified by the first stage's units")
  func secondStage() throws {
    let table = SurveyTable(columns: [
      Column(name: "psu", type: .numeric, values: .numeric(.int8([1, 1, 1, 2, 2, 2]))),
      Column(name: "ssu", type: .numeric, values: .numeric(.int8([1, 2, 1, 1, 1, 2]))),
      Column(name: "w", type: .numeric, values: .numeric(.float64([1, 1, 1, 1, 1, 1]))),
    ])
    let design = try SurveyDesign(table: table, columns: .init(weights: "w", clusters: ["psu", "ssu"]))
    #expect(design.stages.count == 2)
    #expect(design.stages[1].strata == [0, 0, 0, 1, 1, 1])
    #expect(design.stages[1].units == [0, 1, 0, 2, 2, 3])
    #expect(design.stages[1].unitStrata == [0, 0, 1, 1])
    #expect(design.stages[1].sampledUnits == [2, 2])
  }
}

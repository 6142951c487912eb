import Aggregation
import Clean
import SurveyCore
import Weighting

/// What a stage hands to the stages that need it, kept in memory during a run and in
/// the cache (`result.bin`) between runs.
///
/// Each kind fills its part: ingest and clean the table; clean its log; weight the
/// table with the final weights, the design and the diagnostics; aggregate the estimates.
struct StageResult: Sendable {
  var table: SurveyTable?
  /// The design's columns and calibrations; the design itself is rebuilt from the table.
  var design: DesignRecord?
  var cleaningLog: [CleanStage.LogEntry] = []
  var diagnostics: [WeightDiagnostics] = []
  var estimates: [EstimateRow] = []
  var crosstabs: [Crosstab.Result] = []
  /// Rows set aside so far, by stage and file or rule (counts only: the rows stay in the
  /// stages' rejects.csv).
  var rejectCounts: [RejectCount] = []

  struct RejectCount: Sendable, Equatable {
    var stage: String
    var source: String
    var rows: Int
  }

  /// The survey design of a weighted table: its columns, the final weights' column
  /// and the calibrations whose residuals the SEs use (none for `variance: fixed`).
  struct DesignRecord: Sendable {
    var columns: SurveyDesign.Columns
    var calibrations: [Calibration]

    /// The design over `table`, as the weight stage made it.
    func design(over table: SurveyTable) throws(Diagnostic) -> SurveyDesign {
      var design = try SurveyDesign(table: table, columns: columns)
      design.calibrations = calibrations
      return design
    }
  }
}

extension StageResult {
  private static let magic: [UInt8] = Array("MHSR".utf8) + [1]

  func snapshot() -> [UInt8] {
    var writer = SnapshotWriter()
    for byte in Self.magic { writer.write(byte) }
    writer.write(table != nil)
    if let table { writer.write(table.snapshot()) }
    writer.write(design != nil)
    if let design {
      let columns = design.columns
      writer.write(columns.weights)
      writer.write(columns.strata)
      writer.write(columns.clusters)
      writer.write(columns.fpc)
      writer.write(columns.nest)
      writer.write(columns.lonelyPSU.rawValue)
      writer.write(UInt64(design.calibrations.count))
      for calibration in design.calibrations { calibration.write(to: &writer) }
    }
    writer.write(UInt64(cleaningLog.count))
    for entry in cleaningLog {
      writer.write(entry.rule)
      writer.write(entry.kind)
      writer.write(entry.country)
      writer.write([Int64(entry.changed), Int64(entry.flagged), Int64(entry.rejected)])
    }
    writer.write(UInt64(diagnostics.count))
    for item in diagnostics {
      writer.write(item.group)
      writer.write(Int64(item.count))
      writer.write([
        item.sum, item.minimum, item.maximum, item.mean, item.cv, item.kishDesignEffect, item.effectiveSize,
      ])
    }
    writer.write(UInt64(estimates.count))
    for row in estimates { row.write(to: &writer) }
    writer.write(UInt64(crosstabs.count))
    for result in crosstabs { Self.write(result, to: &writer) }
    writer.write(rejectCounts.map(\.stage))
    writer.write(rejectCounts.map(\.source))
    writer.write(rejectCounts.map { Int64($0.rows) })
    return writer.bytes
  }

  init(snapshot bytes: [UInt8]) throws {
    var reader = SnapshotReader(bytes)
    for byte in Self.magic {
      guard try reader.read(UInt8.self) == byte else { throw SnapshotError(reason: "not a stage result") }
    }
    if try reader.read(Bool.self) {
      table = try SurveyTable(snapshot: try reader.read([UInt8].self))
    }
    if try reader.read(Bool.self) {
      let weights = try reader.read(String.self)
      let strata = try reader.read(String?.self)
      let clusters: [String] = try reader.read()
      let fpc: [String] = try reader.read()
      let nest = try reader.read(Bool.self)
      guard let lonely = SurveyDesign.LonelyPSU(rawValue: try reader.read(String.self)) else {
        throw SnapshotError(reason: "unknown lonely-PSU policy")
      }
      let rows = table?.rowCount ?? 0
      var calibrations: [Calibration] = []
      for _ in 0..<Int(try reader.read(UInt64.self)) {
        calibrations.append(try Calibration(from: &reader, rowCount: rows))
      }
      let columns = SurveyDesign.Columns(
        weights: weights, strata: strata, clusters: clusters, fpc: fpc, nest: nest, lonelyPSU: lonely)
      design = DesignRecord(columns: columns, calibrations: calibrations)
    }
    for _ in 0..<Int(try reader.read(UInt64.self)) {
      let rule = try reader.read(String.self)
      let kind = try reader.read(String.self)
      let country = try reader.read(String?.self)
      let counts: [Int64] = try reader.read()
      guard counts.count == 3 else { throw SnapshotError(reason: "a damaged cleaning log") }
      cleaningLog.append(
        CleanStage.LogEntry(
          rule: rule, kind: kind, country: country, changed: Int(counts[0]), flagged: Int(counts[1]),
          rejected: Int(counts[2])))
    }
    for _ in 0..<Int(try reader.read(UInt64.self)) {
      let group = try reader.read(String?.self)
      let count = Int(try reader.read(Int64.self))
      let values: [Double] = try reader.read()
      guard values.count == 7 else { throw SnapshotError(reason: "damaged weight diagnostics") }
      diagnostics.append(
        WeightDiagnostics(
          group: group, count: count, sum: values[0], minimum: values[1], maximum: values[2], mean: values[3],
          cv: values[4], kishDesignEffect: values[5], effectiveSize: values[6]))
    }
    for _ in 0..<Int(try reader.read(UInt64.self)) {
      estimates.append(try EstimateRow(from: &reader))
    }
    for _ in 0..<Int(try reader.read(UInt64.self)) {
      crosstabs.append(try Self.readCrosstab(from: &reader))
    }
    let stages: [String] = try reader.read()
    let sources: [String] = try reader.read()
    let rows: [Int64] = try reader.read()
    guard stages.count == sources.count, stages.count == rows.count else {
      throw SnapshotError(reason: "damaged reject counts")
    }
    rejectCounts = stages.indices.map { RejectCount(stage: stages[$0], source: sources[$0], rows: Int(rows[$0])) }
    guard reader.isAtEnd else { throw SnapshotError(reason: "bytes after the stage result") }
  }
}

extension StageResult {
  /// A cross-table's cells are written as estimate rows (`statistic` the cell
  /// statistic, `variable` and `level` its row and column levels), then its tests.
  fileprivate static func write(_ result: Crosstab.Result, to writer: inout SnapshotWriter) {
    writer.write(result.rows)
    writer.write(result.columns)
    writer.write(UInt64(result.cells.count))
    for cell in result.cells {
      EstimateRow(
        statistic: cell.statistic.rawValue, variable: cell.rowLevel, level: cell.columnLevel, domain: cell.domain,
        estimate: cell.estimate, se: cell.se, ciLow: cell.ciLow, ciHigh: cell.ciHigh, deff: cell.deff,
        deffReplace: nil, df: cell.df, n: cell.n, nMissing: cell.nMissing
      ).write(to: &writer)
    }
    writer.write(UInt64(result.tests.count))
    for test in result.tests {
      writer.write(test.method.rawValue)
      writer.write(test.domain.map(\.variable))
      writer.write(test.domain.map(\.value))
      writer.write([test.statistic, test.ndf, test.ddf ?? .nan, test.pValue, test.pearson])
      writer.write(test.ddf != nil)
      writer.write([Int64(test.n), Int64(test.rowCount)])
    }
  }

  fileprivate static func readCrosstab(from reader: inout SnapshotReader) throws -> Crosstab.Result {
    let rows = try reader.read(String.self)
    let columns = try reader.read(String.self)
    var cells: [Crosstab.Cell] = []
    for _ in 0..<Int(try reader.read(UInt64.self)) {
      let row = try EstimateRow(from: &reader)
      guard let statistic = Crosstab.Statistic(rawValue: row.statistic), let columnLevel = row.level else {
        throw SnapshotError(reason: "a damaged cross-table cell")
      }
      cells.append(
        Crosstab.Cell(
          statistic: statistic, rowLevel: row.variable, columnLevel: columnLevel, domain: row.domain,
          estimate: row.estimate, se: row.se, ciLow: row.ciLow, ciHigh: row.ciHigh, deff: row.deff, df: row.df,
          n: row.n, nMissing: row.nMissing))
    }
    var tests: [Crosstab.Test] = []
    for _ in 0..<Int(try reader.read(UInt64.self)) {
      guard let method = Crosstab.Test.Method(rawValue: try reader.read(String.self)) else {
        throw SnapshotError(reason: "a damaged cross-table test")
      }
      let variables: [String] = try reader.read()
      let values: [String] = try reader.read()
      let numbers: [Double] = try reader.read()
      let hasDDF = try reader.read(Bool.self)
      let counts: [Int64] = try reader.read()
      guard variables.count == values.count, numbers.count == 5, counts.count == 2 else {
        throw SnapshotError(reason: "a damaged cross-table test")
      }
      tests.append(
        Crosstab.Test(
          method: method, domain: zip(variables, values).map { EstimateRow.Group(variable: $0, value: $1) },
          statistic: numbers[0], ndf: numbers[1], ddf: hasDDF ? numbers[2] : nil, pValue: numbers[3],
          pearson: numbers[4], n: Int(counts[0]), rowCount: Int(counts[1])))
    }
    return Crosstab.Result(rows: rows, columns: columns, cells: cells, tests: tests)
  }
}

extension EstimateRow {
  fileprivate func write(to writer: inout SnapshotWriter) {
    writer.write(statistic)
    writer.write(variable)
    writer.write(level)
    writer.write(domain.map(\.variable))
    writer.write(domain.map(\.value))
    writer.write([estimate, se, ciLow, ciHigh, deff ?? .nan, deffReplace ?? .nan])
    writer.write(deff != nil)
    writer.write(deffReplace != nil)
    writer.write([Int64(df), Int64(n), Int64(nMissing)])
  }

  fileprivate init(from reader: inout SnapshotReader) throws {
    let statistic = try reader.read(String.self)
    let variable = try reader.read(String.self)
    let level = try reader.read(String?.self)
    let variables: [String] = try reader.read()
    let values: [String] = try reader.read()
    let numbers: [Double] = try reader.read()
    let hasDeff = try reader.read(Bool.self)
    let hasDeffReplace = try reader.read(Bool.self)
    let counts: [Int64] = try reader.read()
    guard variables.count == values.count, numbers.count == 6, counts.count == 3 else {
      throw SnapshotError(reason: "a damaged estimate")
    }
    self.init(
      statistic: statistic, variable: variable, level: level,
      domain: zip(variables, values).map { EstimateRow.Group(variable: $0, value: $1) },
      estimate: numbers[0], se: numbers[1], ciLow: numbers[2], ciHigh: numbers[3],
      deff: hasDeff ? numbers[4] : nil, deffReplace: hasDeffReplace ? numbers[5] : nil,
      df: Int(counts[0]), n: Int(counts[1]), nMissing: Int(counts[2]))
  }
}

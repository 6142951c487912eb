import CSVCodec
import Dispatch
import Ingest
import SurveyCore
import Synchronization

/// What one stage sees while it runs: its definition, the results of the stages it
/// needs, the task pool, and the folder its published files go to.
///
/// Stage work is a plain function of this context: it reads only the pipeline's
/// inputs and its upstream results, and writes only below `filesDirectory` (a
/// temporary cache entry that the runner commits as a whole).
struct StageContext: Sendable {
  let definition: PipelineDefinition
  let stage: PipelineDefinition.Stage
  let pool: TaskPool
  /// The results of the stages, read from the cache when a stage did not run.
  let results: ResultStore
  /// The stages this one needs, directly or not, nearest first (breadth-first over `needs`).
  let upstreamOrder: [String]
  let filesDirectory: String
  let progress: RunProgress

  /// The nearest upstream result that has `part`.
  func nearest<T>(_ part: (StageResult) -> T?) throws(Diagnostic) -> T? {
    for name in upstreamOrder {
      if let value = part(try results.result(of: name)) { return value }
    }
    return nil
  }

  /// The table this stage works on: that of the nearest upstream stage with one.
  func table() throws(Diagnostic) -> SurveyTable {
    guard let table = try nearest(\.table) else {
      throw Diagnostic(
        at: stage.location, "stage '\(stage.name)' needs a stage that makes a table (ingest, clean or weight)")
    }
    return table
  }

  /// The weighted table and its design, from the nearest upstream stage that has a
  /// design (weight), so that the design's columns are those of that table.
  func weighted() throws(Diagnostic) -> (table: SurveyTable, design: SurveyDesign)? {
    for name in upstreamOrder {
      let result = try results.result(of: name)
      if let record = result.design, let table = result.table { return (table, try record.design(over: table)) }
    }
    return nil
  }

  /// The confidence level of the nearest upstream aggregate stage.
  func nearestAggregateLevel() throws(Diagnostic) -> Double? {
    for name in upstreamOrder {
      if case .aggregate(let aggregate) = definition.stage(name)?.spec { return aggregate.level }
    }
    return nil
  }

  /// The files of the input named `name` (checked when the pipeline was read).
  func files(of name: String) -> [String] { definition.input(name)?.files ?? [] }

  /// Writes a CSV file `name` below the stage's folder.
  func writeCSV(_ name: String, header: [String], rows: [[String]]) throws(Diagnostic) {
    try writeCSV(name) { writer in
      writer.writeRow(header)
      for row in rows { writer.writeRow(row) }
    }
  }

  func writeCSV(_ name: String, _ body: (CSVWriter) -> Void) throws(Diagnostic) {
    try IngestOutput.writing(FileSystem.join(filesDirectory, name), body)
  }

  /// `body` applied to every item as a task of the pool, each timed and reported to the
  /// progress log by `name` as it finishes; the results keep the items' order.
  func tasks<Item: Sendable, Output: Sendable>(
    _ items: [Item], name: @escaping @Sendable (Item) -> String, _ body: @escaping @Sendable (Item) throws -> Output
  ) throws -> [(output: Output, timing: TaskTiming)] {
    let finished = Atomic<Int>(0)
    let total = items.count
    return try pool.map(items) { item in
      let start = DispatchTime.now()
      let output = try body(item)
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
      let done = finished.add(1, ordering: .relaxed).newValue
      progress.task(stage.name, name(item), done: done, total: total, seconds: seconds)
      return (output, TaskTiming(name: "\(stage.name)[\(name(item))]", seconds: seconds))
    }
  }

  /// The rows of `table` by value of `variable`, the tasks of a `per:` fan-out: values in
  /// level order for a categorical column and sorted otherwise, only values that rows
  /// have; rows where the variable is missing are in no group. One pass over the rows.
  static func groups(of variable: String, in table: SurveyTable, stage: PipelineDefinition.Stage)
    throws(Diagnostic) -> [(name: String, rows: [Int])]
  {
    guard let column = table[variable] else {
      throw Diagnostic(at: stage.location, "stage '\(stage.name)': per: '\(variable)' is not a column of the data")
    }
    if case .categorical(let values) = column.values {
      var rows = [[Int]](repeating: [], count: values.levels.count)
      for row in 0..<table.rowCount where column.missing[row] == nil { rows[values.codes[row]].append(row) }
      return zip(values.levels, rows).filter { !$0.1.isEmpty }.map { ($0.0, $0.1) }
    }
    var rows: [String: [Int]] = [:]
    for row in 0..<table.rowCount where column.missing[row] == nil {
      rows[column.text(at: row), default: []].append(row)
    }
    return rows.keys.sorted().map { ($0, rows[$0] ?? []) }
  }
}

/// What a stage's run gives the runner: its result, its row accounting and its tasks.
struct StageOutcome: Sendable {
  var result: StageResult
  /// `nil` for a stage that does not pass rows on (report).
  var rows: RowAccount?
  /// The per-value tasks of a `per:` stage, with their wall times.
  var tasks: [TaskTiming] = []
  /// A clean stage's log summed over countries, for the manifest.
  var cleaning: [Manifest.RuleSummary]?
  /// Warnings the stage printed (kept with its cache entry, shown again when it is cached).
  var warnings: [String] = []
}

/// Rows into and out of a stage, and whether they balance.
public struct RowAccount: Sendable, Codable, Equatable {
  public var rowsIn: Int
  public var rowsOut: Int
  public var rejected: Int
  /// The identity checked, e.g. `in = out + rejected`.
  public var check: String
  public var balances: Bool
  /// What is counted: `rows` (survey rows), or e.g. `coding-export rows`.
  public var unit = "rows"

  enum CodingKeys: String, CodingKey {
    case rowsIn = "in"
    case rowsOut = "out"
    case rejected, check, balances, unit
  }

  /// A stage that neither drops nor adds rows: in = out.
  static func unchanged(_ rows: Int) -> RowAccount {
    RowAccount(rowsIn: rows, rowsOut: rows, rejected: 0, check: "in = out", balances: true)
  }

  /// A stage that sets rows aside: in = out + rejected.
  static func filtering(in rowsIn: Int, out: Int, rejected: Int) -> RowAccount {
    RowAccount(
      rowsIn: rowsIn, rowsOut: out, rejected: rejected, check: "in = out + rejected",
      balances: rowsIn == out + rejected)
  }
}

/// One task of a fan-out and how long it took.
public struct TaskTiming: Sendable, Codable, Equatable {
  public var name: String
  public var seconds: Double
}

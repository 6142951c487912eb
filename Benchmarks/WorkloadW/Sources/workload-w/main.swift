// Workload W of ../shared/bench/README.md with mighealth's stages:
//   1. read every column of the CSV (ingest stage, parallel libcsv);
//   2. rake design_weight within each country to the sex and age_group margins
//      (IPF, sex then age_group per cycle; stop after the first full cycle with
//      max |w_new / w_old - 1| < 1e-6, at most 50 cycles);
//   3. take the raked weight as a fixed weight of the stratified cluster design
//      (strata `stratum`, PSUs `psu`, with replacement);
//   4. the weighted proportion of 1 of each barrier item among non-missing answers,
//      by country and overall, with linearized SEs (one pass for all domains);
//   5. barrier_count (the items' sum, an empty cell counted as 0): mean by country and overall;
//   6. weighted totals of country x legal_status x unmet_need;
//   7. write measure,country,item,level,estimate,se,ci_low,ci_high sorted, 17 significant digits.
// Usage: workload-w DATA.csv MARGINS.csv OUT.csv   (prints one TIMING line on stderr)
import Aggregation
import Dispatch
import Glibc
import Ingest
import SurveyCore
import Synchronization

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
  printError("usage: workload-w DATA.csv MARGINS.csv OUT.csv\n")
  exit(2)
}
let barriers = [
  "bar_language", "bar_cost", "bar_documentation", "bar_information", "bar_discrimination", "bar_distance",
  "bar_waiting_time", "bar_cultural", "bar_fear_of_authorities", "bar_administrative",
]
/// Writes `text` to standard error.
@Sendable nonisolated func printError(_ text: String) {
  var text = text
  text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// `value` printed by C's printf with `format` (what String(format:) gives, without
/// loading Foundation at start-up).
nonisolated func formatted(_ value: Double, _ format: String) -> String {
  var buffer = [CChar](repeating: 0, count: 64)
  let length = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
  return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The codes of a categorical column, whatever their width.
nonisolated func codes(_ codes: CategoricalValues.Codes) -> [Int32] {
  switch codes {
  case .uint8(let values): widened(values)
  case .uint16(let values): widened(values)
  }
}

/// `values` as Int32, in a loop the compiler vectorises.
nonisolated func widened<Code: FixedWidthInteger>(_ values: [Code]) -> [Int32] {
  values.withUnsafeBufferPointer { source in
    [Int32](unsafeUninitializedCapacity: source.count) { target, initialized in
      for index in 0..<source.count { target[index] = Int32(source[index]) }
      initialized = source.count
    }
  }
}

/// barrier_count: the sum of the items, an empty cell counted as 0; stored in
/// the narrowest storage that holds it exactly (a count of ten 0/1 items is int8,
/// which the estimation engine reads as small codes).
@Sendable nonisolated func barrierCount(_ table: SurveyTable, barriers: [String]) -> NumericValues {
  let rows = table.rowCount
  var count = [Double](repeating: 0, count: rows)
  var whole = true
  for name in barriers {
    guard let column = table[name], case .numeric(let values) = column.values else { fail("no column \(name)") }
    let missing = column.missing.hasMissing ? column.missing.flags() : []
    // Read in the column's own storage: a [Double] copy of each item would be 8 MB
    // of fresh memory per million rows.
    func add<Value>(_ numbers: [Value], _ double: (Value) -> Double) {
      numbers.withUnsafeBufferPointer { numbers in
        count.withUnsafeMutableBufferPointer { count in
          for row in 0..<rows where missing.isEmpty || !missing[row] { count[row] += double(numbers[row]) }
        }
      }
    }
    switch values {
    case .int8(let numbers): add(numbers) { Double($0) }
    case .int16(let numbers): add(numbers) { Double($0) }
    case .int32(let numbers): add(numbers) { Double($0) }
    case .float64(let numbers):
      whole = false
      add(numbers) { $0 }
    }
  }
  guard whole, count.allSatisfy({ $0 >= -128 && $0 <= 127 }) else { return .float64(count) }
  return .int8(count.map { Int8($0) })
}

@Sendable nonisolated func fail(_ message: String) -> Never {
  printError(message + "\n")
  exit(1)
}

// The work lives in a nonisolated function: in top-level (main-actor) code, loops
// and closures pay for executor checks.
nonisolated func runWorkload(_ arguments: [String], barriers: [String]) throws {
  var clock = ContinuousClock.now
  var timing: [(String, Double)] = []
  func lap(_ name: String) {
    let now = ContinuousClock.now
    let elapsed = now - clock
    timing.append((name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
    clock = now
  }
  var table = try IngestStage.run(files: [arguments[1]], codebook: nil).table
  let margins = try IngestStage.run(files: [arguments[2]], codebook: nil, options: .init(jobs: 1)).table
  lap("read")

  // Raking within country.
  guard case .categorical(let country) = table["country"]?.values,
    case .categorical(let sex) = table["sex"]?.values,
    case .categorical(let age) = table["age_group"]?.values,
    case .numeric(let base) = table["design_weight"]?.values
  else { fail("the data lack country, sex, age_group or design_weight") }
  let rows = table.rowCount
  var population: [String: Double] = [:]
  for row in 0..<margins.rowCount {
    let key = ["country", "margin", "category"].compactMap { margins[$0]?.text(at: row) }.joined(separator: "|")
    population[key] = margins["population"].map { column -> Double in
      if case .numeric(let values) = column.values { return values[row] }
      return .nan
    }
  }
  let countries = country.levels.count
  func targets(_ margin: String, _ levels: [String]) -> [Double] {
    var result = [Double](repeating: .nan, count: countries * levels.count)
    for c in 0..<countries {
      for (l, level) in levels.enumerated() {
        guard let total = population["\(country.levels[c])|\(margin)|\(level)"] else {
          fail("no margin for \(country.levels[c]) \(margin)=\(level)")
        }
        result[c * levels.count + l] = total
      }
    }
    return result
  }
  let sexTargets = targets("sex", sex.levels)
  let ageTargets = targets("age_group", age.levels)
  // IPF on the country x sex x age_group cells: every respondent of a cell is
  // scaled by the same factors, so raking the cells' base-weight totals is raking
  // the rows (the same margins, the same ratio w_new / w_old for every member of a
  // cell, so the same stopping cycle); each row then takes its cell's cumulative
  // factor once, instead of every cycle touching every row.
  let sexCount = sex.levels.count
  let ageCount = age.levels.count
  let cellCount = countries * sexCount * ageCount
  let countryCodes = codes(country.codes)
  let sexCodes = codes(sex.codes)
  let ageCodes = codes(age.codes)
  var weights = base.doubles()
  var cellOf = [Int32](repeating: 0, count: rows)
  var baseTotals = [CompensatedSum](repeating: CompensatedSum(), count: cellCount)
  var occupied = [Bool](repeating: false, count: cellCount)
  // Plain pointers in the loops over rows: no bounds or uniqueness checks per row.
  cellOf.withUnsafeMutableBufferPointer { cellOf in
    baseTotals.withUnsafeMutableBufferPointer { baseTotals in
      occupied.withUnsafeMutableBufferPointer { occupied in
        for row in 0..<rows {
          let cell = (Int(countryCodes[row]) * sexCount + Int(sexCodes[row])) * ageCount + Int(ageCodes[row])
          cellOf[row] = Int32(cell)
          baseTotals[cell].add(weights[row])
          occupied[cell] = true
        }
      }
    }
  }
  let cellBase = baseTotals.map(\.value)
  var factor = [Double](repeating: 1, count: cellCount)
  /// Scales the cells to one margin's targets (`level` gives a cell's level of it).
  func rake(to goal: [Double], levels: Int, level: (Int) -> Int) {
    var sums = [CompensatedSum](repeating: CompensatedSum(), count: countries * levels)
    for cell in 0..<cellCount where occupied[cell] {
      sums[cell / (sexCount * ageCount) * levels + level(cell)].add(cellBase[cell] * factor[cell])
    }
    for cell in 0..<cellCount where occupied[cell] {
      let margin = cell / (sexCount * ageCount) * levels + level(cell)
      factor[cell] *= goal[margin] / sums[margin].value
    }
  }
  for _ in 0..<50 {
    let start = factor
    rake(to: sexTargets, levels: sexCount) { $0 / ageCount % sexCount }
    rake(to: ageTargets, levels: ageCount) { $0 % ageCount }
    var change = 0.0
    for cell in 0..<cellCount where occupied[cell] { change = max(change, abs(factor[cell] / start[cell] - 1)) }
    if change < 1e-6 { break }
  }
  weights.withUnsafeMutableBufferPointer { weights in
    for row in 0..<rows { weights[row] *= factor[Int(cellOf[row])] }
  }
  table.setColumn(Column(name: "w", type: .numeric, values: .numeric(.float64(weights))))

  // The design (strata and PSUs of the weighted table) and barrier_count are
  // independent: one thread builds each.
  let weighted = table
  let built = Mutex<(design: Result<SurveyDesign, Diagnostic>?, count: NumericValues)>((nil, .float64([])))
  DispatchQueue.concurrentPerform(iterations: 2) { part in
    if part == 0 {
      let design = Result { () throws(Diagnostic) in
        try SurveyDesign(
          table: weighted, columns: SurveyDesign.Columns(weights: "w", strata: "stratum", clusters: ["psu"]))
      }
      built.withLock { $0.design = design }
    } else {
      let count = barrierCount(weighted, barriers: barriers)
      built.withLock { $0.count = count }
    }
  }
  let (designResult, count) = built.withLock { $0 }
  guard let designResult else { preconditionFailure("concurrentPerform runs both parts") }
  let design = try designResult.get()
  table.setColumn(Column(name: "bar_count", type: .numeric, values: .numeric(count)))
  lap("rake")

  let request = EstimationRequest(
    statistics: barriers.map { .mean($0) } + [.mean("bar_count")], groups: ["country"], includeOverall: true)
  let estimates = try Estimation.run(request, table: table, design: design)
  // Weighted totals of country x legal_status x unmet_need (no SE).
  guard case .categorical(let legal) = table["legal_status"]?.values,
    case .numeric(let unmet) = table["unmet_need"]?.values
  else { fail("the data lack legal_status or unmet_need") }
  // Cell index: (country x legal_status) x unmet_need (0 or 1), no string per row;
  // unmet_need read in its own storage (no [Double] copy).
  let legalCount = legal.levels.count
  var cells = [CompensatedSum](repeating: CompensatedSum(), count: countries * legalCount * 2)
  var seen = [Bool](repeating: false, count: cells.count)
  let legalCodes = codes(legal.codes)
  func addCells<Value>(_ unmetValues: [Value], isNonzero: (Value) -> Bool) {
    unmetValues.withUnsafeBufferPointer { unmetValues in
      cells.withUnsafeMutableBufferPointer { cells in
        seen.withUnsafeMutableBufferPointer { seen in
          for row in 0..<rows {
            let cell =
              (Int(countryCodes[row]) * legalCount + Int(legalCodes[row])) * 2 + (isNonzero(unmetValues[row]) ? 1 : 0)
            cells[cell].add(weights[row])
            seen[cell] = true
          }
        }
      }
    }
  }
  switch unmet {
  case .int8(let values): addCells(values) { $0 != 0 }
  case .int16(let values): addCells(values) { $0 != 0 }
  case .int32(let values): addCells(values) { $0 != 0 }
  case .float64(let values): addCells(values) { $0 != 0 }
  }
  lap("estimate")

  let z975 = 1.959963984540054
  func number(_ value: Double) -> String { value.isNaN ? "" : formatted(value, "%.17g") }
  var lines: [[String]] = []
  for row in estimates {
    let place = row.domain.first?.value ?? "ALL"
    let isCount = row.variable == "bar_count"
    lines.append([
      isCount ? "barrier_index" : "barrier_prop", place, isCount ? "barrier_count" : row.variable,
      isCount ? "mean" : "1",
      number(row.estimate),
      number(row.se), number(row.estimate - z975 * row.se), number(row.estimate + z975 * row.se),
    ])
  }
  for cell in cells.indices where seen[cell] {
    let c = cell / (legalCount * 2)
    let l = (cell / 2) % legalCount
    lines.append([
      "xtab_total", country.levels[c], legal.levels[l], String(cell % 2), number(cells[cell].value), "", "", "",
    ])
  }
  lines.sort { a, b in
    for index in 0..<4 where a[index] != b[index] { return a[index].utf8.lexicographicallyPrecedes(b[index].utf8) }
    return false
  }
  let text =
    (["measure,country,item,level,estimate,se,ci_low,ci_high"] + lines.map { $0.joined(separator: ",") })
    .joined(separator: "\n") + "\n"
  guard let file = fopen(arguments[3], "w") else { fail("cannot write \(arguments[3])") }
  let written = fwrite(text, 1, text.utf8.count, file)
  guard fclose(file) == 0, written == text.utf8.count else { fail("cannot write \(arguments[3])") }
  lap("write")
  let parts = timing.map { "\"\($0.0)\": \(formatted($0.1, "%.4f"))" }.joined(separator: ", ")
  printError("TIMING {\"peer\": \"mighealth\", \(parts), \"n\": \(rows)}\n")
  // The output is written and closed: end the process here rather than free the
  // table's memory a buffer at a time on the way out (the system reclaims it at once).
  exit(0)
}

do {
  try runWorkload(arguments, barriers: barriers)
} catch {
  fail("\(error)")
}

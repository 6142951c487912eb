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

/// Folds one categorical variable into each row's cell number (mixed radix:
/// cell = cell x levels + code), in a loop the compiler vectorises.
@Sendable nonisolated func combine(_ cells: inout [Int32], _ variable: CategoricalValues) {
  func fold<Code: FixedWidthInteger>(_ codes: [Code]) {
    let levels = Int32(variable.levels.count)
    codes.withUnsafeBufferPointer { codes in
      cells.withUnsafeMutableBufferPointer { cells in
        for row in 0..<cells.count { cells[row] = cells[row] &* levels &+ Int32(codes[row]) }
      }
    }
  }
  switch variable.codes {
  case .uint8(let codes): fold(codes)
  case .uint16(let codes): fold(codes)
  }
}

/// Weighted totals of the cells of `variables` x (`indicator` non-zero): cell
/// (c1, c2, ..., nonzero) is ((c1 x levels2 + c2) ...) x 2 + nonzero; `nil` for a
/// cell without rows. The indicator is read in its own storage (no [Double] copy).
@Sendable nonisolated func weightedTotals(
  weights: [Double], by variables: [CategoricalValues], and indicator: NumericValues
) -> [Double?] {
  let rows = weights.count
  var cellOf = [Int32](repeating: 0, count: rows)
  for variable in variables { combine(&cellOf, variable) }
  var cells = [CompensatedSum](repeating: CompensatedSum(), count: variables.map(\.levels.count).reduce(2, *))
  var seen = [Bool](repeating: false, count: cells.count)
  func add<Value>(_ values: [Value], isNonzero: (Value) -> Bool) {
    values.withUnsafeBufferPointer { values in
      cellOf.withUnsafeBufferPointer { cellOf in
        weights.withUnsafeBufferPointer { weights in
          cells.withUnsafeMutableBufferPointer { cells in
            seen.withUnsafeMutableBufferPointer { seen in
              for row in 0..<rows {
                let cell = Int(cellOf[row]) * 2 + (isNonzero(values[row]) ? 1 : 0)
                cells[cell].add(weights[row])
                seen[cell] = true
              }
            }
          }
        }
      }
    }
  }
  switch indicator {
  case .int8(let values): add(values) { $0 != 0 }
  case .int16(let values): add(values) { $0 != 0 }
  case .int32(let values): add(values) { $0 != 0 }
  case .float64(let values): add(values) { $0 != 0 }
  }
  return zip(cells, seen).map { $1 ? $0.value : nil }
}

/// Raking (iterative proportional fitting) of `base` within each level of
/// `variables[0]` to the margins of the other variables: `margins` holds, per
/// margin variable (an index into `variables`), the population total of each
/// (group, level) pair. Each cycle fits the margins in order; the rake stops
/// after the first full cycle with max |w_new / w_old - 1| < 1e-6, or after 50.
///
/// Every respondent of a cell (one level of each variable) is scaled by the same
/// factors, so raking the cells' base-weight totals is raking the rows: the same
/// margins, the same ratio w_new / w_old for every member of a cell, so the same
/// stopping cycle. Each row then takes its cell's cumulative factor once, instead
/// of every cycle touching every row.
@Sendable nonisolated func rakedWeights(
  base: NumericValues, variables: [CategoricalValues], margins: [(variable: Int, totals: [Double])]
) -> [Double] {
  let rows = base.count
  let sizes = variables.map(\.levels.count)
  let cellCount = sizes.reduce(1, *)
  var cellOf = [Int32](repeating: 0, count: rows)
  for variable in variables { combine(&cellOf, variable) }
  var weights = base.doubles()
  var baseTotals = [CompensatedSum](repeating: CompensatedSum(), count: cellCount)
  var occupied = [Bool](repeating: false, count: cellCount)
  // Plain pointers in the loop over rows: no bounds or uniqueness checks per row.
  cellOf.withUnsafeBufferPointer { cellOf in
    weights.withUnsafeBufferPointer { weights in
      baseTotals.withUnsafeMutableBufferPointer { baseTotals in
        occupied.withUnsafeMutableBufferPointer { occupied in
          for row in 0..<rows {
            let cell = Int(cellOf[row])
            baseTotals[cell].add(weights[row])
            occupied[cell] = true
          }
        }
      }
    }
  }
  let cellBase = baseTotals.map(\.value)
  let cellsPerGroup = cellCount / sizes[0]
  /// The (group, level of `variable`) margin of a cell.
  func margin(_ cell: Int, _ variable: Int) -> Int {
    let stride = sizes[(variable + 1)...].reduce(1, *)
    return cell / cellsPerGroup * sizes[variable] + cell / stride % sizes[variable]
  }
  var factor = [Double](repeating: 1, count: cellCount)
  for _ in 0..<50 {
    let start = factor
    for (variable, totals) in margins {
      var sums = [CompensatedSum](repeating: CompensatedSum(), count: sizes[0] * sizes[variable])
      for cell in 0..<cellCount where occupied[cell] { sums[margin(cell, variable)].add(cellBase[cell] * factor[cell]) }
      for cell in 0..<cellCount where occupied[cell] {
        factor[cell] *= totals[margin(cell, variable)] / sums[margin(cell, variable)].value
      }
    }
    var change = 0.0
    for cell in 0..<cellCount where occupied[cell] { change = max(change, abs(factor[cell] / start[cell] - 1)) }
    if change < 1e-6 { break }
  }
  for cell in 0..<cellCount where occupied[cell] && !(factor[cell].isFinite && factor[cell] > 0) {
    fail("raking gives cell \(cell) the factor \(factor[cell]); is a margin total zero or missing?")
  }
  factor.withUnsafeBufferPointer { factor in
    cellOf.withUnsafeBufferPointer { cellOf in
      weights.withUnsafeMutableBufferPointer { weights in
        for row in 0..<rows { weights[row] *= factor[Int(cellOf[row])] }
      }
    }
  }
  return weights
}

/// barrier_count: the sum of the items, an empty cell counted as 0; stored in
/// the narrowest storage that holds it exactly (a count of ten 0/1 items is int8,
/// which the estimation engine reads as small codes).
@Sendable nonisolated func barrierCount(_ table: SurveyTable, barriers: [String]) -> NumericValues {
  let rows = table.rowCount
  // One-byte items (the usual 0/1 answers) are summed as Int16 in branch-free loops
  // that the compiler vectorises; any other storage is summed as doubles.
  var small = [Int16](repeating: 0, count: rows)
  var other: [Double] = []
  for name in barriers {
    guard let column = table[name], case .numeric(let values) = column.values else { fail("no column \(name)") }
    let missing = column.missing.hasMissing ? column.missing.flags() : [Bool](repeating: false, count: rows)
    if case .int8(let numbers) = values {
      numbers.withUnsafeBufferPointer { numbers in
        missing.withUnsafeBufferPointer { missing in
          small.withUnsafeMutableBufferPointer { small in
            for row in 0..<rows {
              // All ones where present, zero where missing (a bit mask rather than a
              // conditional, which would compile to a branch per row).
              let present = Int16(unsafeBitCast(missing[row], to: UInt8.self)) &- 1
              small[row] &+= Int16(numbers[row]) & present
            }
          }
        }
      }
    } else {
      if other.isEmpty { other = [Double](repeating: 0, count: rows) }
      for row in 0..<rows where !missing[row] { other[row] += values[row] }
    }
  }
  // At most 258 items of -128...127 each: the Int16 sums cannot overflow.
  precondition(barriers.count <= 258, "too many items for Int16 sums")
  if other.isEmpty {
    // Plain loops (the compiler vectorises them; allSatisfy and map go one element at a time).
    let fitsInt8 = small.withUnsafeBufferPointer { small in
      var low: Int16 = 0
      var high: Int16 = 0
      for sum in small {
        low = min(low, sum)
        high = max(high, sum)
      }
      return low >= -128 && high <= 127
    }
    if fitsInt8 {
      return .int8(
        small.withUnsafeBufferPointer { small in
          [Int8](unsafeUninitializedCapacity: small.count) { counts, initialized in
            for row in 0..<small.count { counts[row] = Int8(truncatingIfNeeded: small[row]) }
            initialized = small.count
          }
        })
    }
  }
  var count = other.isEmpty ? [Double](repeating: 0, count: rows) : other
  for row in 0..<rows { count[row] += Double(small[row]) }
  guard count.allSatisfy({ $0 == $0.rounded() && $0 >= -32768 && $0 <= 32767 }) else { return .float64(count) }
  return .int16(count.map { Int16($0) })
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
  // The design's strata and PSUs do not depend on the weights: one thread builds
  // the design (on the base weights, checked there) and sums barrier_count while
  // the other rakes the weights; the raked weights then replace the base ones.
  let source = table
  let stages = Mutex<(design: Result<SurveyDesign, Diagnostic>?, weights: [Double], count: NumericValues)>(
    (nil, [], .float64([])))
  DispatchQueue.concurrentPerform(iterations: 2) { part in
    if part == 0 {
      let design = Result { () throws(Diagnostic) in
        try SurveyDesign(
          table: source, columns: SurveyDesign.Columns(weights: "design_weight", strata: "stratum", clusters: ["psu"]))
      }
      let count = barrierCount(source, barriers: barriers)
      stages.withLock {
        $0.design = design
        $0.count = count
      }
    } else {
      let weights = rakedWeights(
        base: base, variables: [country, sex, age], margins: [(1, sexTargets), (2, ageTargets)])
      stages.withLock { $0.weights = weights }
    }
  }
  let (designResult, weights, count) = stages.withLock { $0 }
  guard let designResult else { preconditionFailure("concurrentPerform runs both parts") }
  var design = try designResult.get()
  design.weights = weights
  table.setColumn(Column(name: "w", type: .numeric, values: .numeric(.float64(weights))))
  table.setColumn(Column(name: "bar_count", type: .numeric, values: .numeric(count)))
  lap("rake")

  let request = EstimationRequest(
    statistics: barriers.map { .mean($0) } + [.mean("bar_count")], groups: ["country"], includeOverall: true)
  guard case .categorical(let legal) = table["legal_status"]?.values,
    case .numeric(let unmet) = table["unmet_need"]?.values
  else { fail("the data lack legal_status or unmet_need") }
  let legalCount = legal.levels.count
  let estimates = try Estimation.run(request, table: table, design: design)
  let cells = weightedTotals(weights: weights, by: [country, legal], and: unmet)
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
  for (cell, total) in cells.enumerated() {
    guard let total else { continue }
    let c = cell / (legalCount * 2)
    let l = (cell / 2) % legalCount
    lines.append([
      "xtab_total", country.levels[c], legal.levels[l], String(cell % 2), number(total), "", "", "",
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

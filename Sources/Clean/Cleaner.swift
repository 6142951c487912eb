import SurveyCore

/// The state of one clean run: the table as the rules leave it, the rows rejected so
/// far, and what the current rule changed, flagged and rejected (for the log).
struct Cleaner {
  var table: SurveyTable
  let rowsIn: Int
  /// Rows rejected by some rule so far; later rules skip them.
  var rejected: [Bool]
  var rejects: [CleanStage.Reject] = []
  var flags: [CleanStage.Flag] = []
  var log: [CleanStage.LogEntry] = []
  /// The current rule.
  var rule = CleanRules.Rule(
    name: "", kind: .range(.init(variable: "", min: nil, max: nil, action: .invalid)),
    location: SourceLocation(file: ""))
  /// The rows of the current rule's changes, flags and rejects, one entry per cell or row.
  var changedRows: [Int] = []
  var flaggedRows: [Int] = []
  var rejectedRows: [Int] = []

  init(table: SurveyTable) {
    self.table = table
    self.rowsIn = table.rowCount
    self.rejected = Array(repeating: false, count: table.rowCount)
  }

  /// The rows no rule has rejected yet.
  var liveRows: [Int] { (0..<rowsIn).filter { !rejected[$0] } }

  mutating func apply(_ rule: CleanRules.Rule) throws(Diagnostics) {
    self.rule = rule
    changedRows = []
    flaggedRows = []
    rejectedRows = []
    let live = liveRows
    switch rule.kind {
    case .trimCase(let spec): try trimCase(spec)
    case .recode(let spec): try recode(spec)
    case .duplicates(let spec): try duplicates(spec)
    case .skipLogic(let spec): skipLogic(spec)
    case .deriveCount(let spec): deriveCount(spec)
    case .scaleScore(let spec): try scaleScore(spec)
    case .range(let spec): try range(spec)
    case .countryISO(let spec): try countryISO(spec)
    case .required(let spec): required(spec)
    }
    tally(rows: live)
  }

  // MARK: Bookkeeping

  /// A column the rule reads (the stage checked that it exists).
  func column(_ name: String) -> Column {
    guard let column = table[name] else { preconditionFailure("column '\(name)' was checked before the run") }
    return column
  }

  /// A diagnostic at the current rule.
  func failure(_ message: String) -> Diagnostics {
    Diagnostics([Diagnostic(at: rule.location, "rule '\(rule.name)': \(message)")])
  }

  mutating func reject(_ row: Int, variable: String, value: String, reason: String) {
    guard !rejected[row] else { return }
    rejected[row] = true
    rejectedRows.append(row)
    rejects.append(
      .init(
        rule: rule.name, location: table.location(ofRow: row), row: row, variable: variable, value: value,
        reason: reason))
  }

  mutating func flag(_ row: Int, variable: String, value: String, reason: String) {
    flaggedRows.append(row)
    flags.append(
      .init(
        rule: rule.name, location: table.location(ofRow: row), row: row, variable: variable, value: value,
        reason: reason))
  }

  /// Writes `column` into the table, counting the live cells whose text (value or
  /// missing token) differs from the column it replaces, or, for a new column, that hold a value.
  mutating func store(_ column: Column) {
    let old = table[column.name]
    for row in 0..<rowsIn where !rejected[row] {
      if let old {
        if old.text(at: row) != column.text(at: row) || old.missing[row] != column.missing[row] {
          changedRows.append(row)
        }
      } else if column.missing[row] == nil {
        changedRows.append(row)
      }
    }
    table.setColumn(column)
  }

  /// Adds one log entry per country of `rows` (the rows live before the rule).
  mutating func tally(rows: [Int]) {
    let groups = CountryGroups(table["country"], rowCount: rowsIn)
    var totals = [(changed: Int, flagged: Int, rejected: Int)?](repeating: nil, count: groups.names.count)
    for row in rows where totals[groups.codes[row]] == nil { totals[groups.codes[row]] = (0, 0, 0) }
    for row in changedRows { totals[groups.codes[row]]?.changed += 1 }
    for row in flaggedRows { totals[groups.codes[row]]?.flagged += 1 }
    for row in rejectedRows { totals[groups.codes[row]]?.rejected += 1 }
    var counts: [String?: (changed: Int, flagged: Int, rejected: Int)] = [:]
    for (code, total) in totals.enumerated() {
      if let total { counts[groups.names[code]] = total }
    }
    if rows.isEmpty { counts[nil] = (0, 0, 0) }
    for (country, count) in counts.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
      log.append(
        .init(
          rule: rule.name, kind: rule.kind.keyword, country: country, changed: count.changed,
          flagged: count.flagged, rejected: count.rejected))
    }
  }

  /// The cleaned table (rows no rule rejected) and everything reported on the way.
  func result() -> CleanStage.Result {
    let kept = liveRows
    let table = kept.count == rowsIn ? self.table : self.table.selecting(rows: kept)
    return CleanStage.Result(table: table, rejects: rejects, flags: flags, log: log, rowsIn: rowsIn)
  }
}

/// Each row's country as a small number, so that a rule's changes are counted per
/// country without making a string per row: a level's code, or the index of the text.
struct CountryGroups {
  /// The countries (`nil` for the one group of a table without a `country` column).
  var names: [String?]
  /// Each row's index in `names`.
  var codes: [Int]

  init(_ country: Column?, rowCount: Int) {
    guard let country else {
      names = [nil]
      codes = Array(repeating: 0, count: rowCount)
      return
    }
    var index: [String: Int] = [:]
    var names: [String?] = []
    func code(_ text: String) -> Int {
      if let known = index[text] { return known }
      index[text] = names.count
      names.append(text)
      return names.count - 1
    }
    if case .categorical(let values) = country.values {
      // Levels first (in their order), then each missing token as rows show it.
      let levels = values.levels.map(code)
      codes = (0..<rowCount).map { row in
        country.missing[row].map { code($0.token) } ?? levels[values.codes[row]]
      }
    } else {
      codes = (0..<rowCount).map { code(country.text(at: $0)) }
    }
    self.names = names
  }
}

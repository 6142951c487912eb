import SurveyCore

/// Margins matched with the rows of a data table: for each categorical variable
/// the cell (group x level) of every row, for each numeric variable its values.
struct BoundMargins {
  /// One categorical variable over all groups.
  struct Categorical {
    var variable: String
    /// The cell of each row, 0..<targets.count.
    var cells: [Int32]
    /// The population total of each cell.
    var targets: [Double]
    /// The margins entry of each cell, for messages.
    var entries: [Margins.Entry]
    /// The group of each cell (0 without groups).
    var groups: [Int]
  }

  /// One numeric variable: its values and, per group, the entry with its total.
  struct Numeric {
    var variable: String
    var values: [Double]
    var entries: [(group: Int, entry: Margins.Entry)]
  }

  /// The group of each row (all 0 without groups) and each group's name.
  var groupOfRow: [Int32]
  var groupNames: [String]
  var categorical: [Categorical]
  var numeric: [Numeric]
  var groupVariable: String?

  func name(_ entry: Margins.Entry) -> String { entry.name(groupVariable: groupVariable) }
}

extension Margins {
  /// Matches the margins with `table`: every margin variable (and the grouping
  /// variable) must be a column with no missing value, every level of the data
  /// must have a margin and every margin with a positive total must have rows.
  func bind(to table: SurveyTable, numericAllowed: Bool, method: String) throws(WeightingError) -> BoundMargins {
    var groupNames: [String] = []
    var groupOfRow = [Int32](repeating: 0, count: table.rowCount)
    if let groupVariable {
      let column = try dataColumn(groupVariable, table: table, at: entries.first?.location)
      var seen = Set<String>()
      groupNames = entries.compactMap { $0.group }.filter { seen.insert($0).inserted }
      let index = try ValueIndex(column: column, values: groupNames, table: table, role: "the grouping variable")
      for row in 0..<table.rowCount {
        let code = index.codes[row]
        guard code >= 0 else {
          let value = column.text(at: row)
          let count = (0..<table.rowCount).lazy.filter { column.text(at: $0) == value }.count
          throw WeightingError(
            at: table.place(ofRow: row),
            "\(groupVariable) = '\(value)' has no margins (the margins' groups are"
              + " \(Format.list(groupNames))); \(count) row\(count == 1 ? " is" : "s are") in it")
        }
        groupOfRow[row] = code
      }
    } else {
      groupNames = [""]
    }
    var bound = BoundMargins(
      groupOfRow: groupOfRow, groupNames: groupNames, categorical: [], numeric: [], groupVariable: groupVariable)
    for variable in variables {
      let rows = entries.filter { $0.variable == variable }
      let column = try dataColumn(variable, table: table, at: rows.first?.location)
      if isNumeric(variable) {
        guard numericAllowed else {
          throw WeightingError(
            at: rows.first?.location,
            "'\(variable)' has no level; \(method) needs one total per level of a categorical variable (a numeric"
              + " total needs linear calibration)")
        }
        guard case .numeric(let values) = column.values else {
          throw WeightingError(
            at: rows.first?.location,
            "'\(variable)' has a total with an empty level, which asks for a numeric variable, but the data's"
              + " '\(variable)' is \(column.type.rawValue); give one total per level")
        }
        if let row = (0..<table.rowCount).first(where: { column.missing[$0] != nil }) {
          throw missingValue(variable, column: column, row: row, table: table)
        }
        let pairs = rows.map { entry in (groupNames.firstIndex(of: entry.group ?? "") ?? 0, entry) }
        bound.numeric.append(BoundMargins.Numeric(variable: variable, values: values.doubles(), entries: pairs))
      } else {
        bound.categorical.append(try bindCategorical(variable, rows: rows, column: column, bound: bound, table: table))
      }
    }
    return bound
  }

  private func bindCategorical(
    _ variable: String, rows entries: [Entry], column: Column, bound: BoundMargins, table: SurveyTable
  ) throws(WeightingError) -> BoundMargins.Categorical {
    var levels: [String] = []
    var levelIndex: [String: Int] = [:]
    for entry in entries where levelIndex[entry.level ?? ""] == nil {
      levelIndex[entry.level ?? ""] = levels.count
      levels.append(entry.level ?? "")
    }
    let index = try ValueIndex(column: column, values: levels, table: table, role: "a margin variable")
    // The cell of each (group, level), or -1 when the margins have none.
    var cellOf = [[Int]](repeating: [Int](repeating: -1, count: levels.count), count: bound.groupNames.count)
    for (cell, entry) in entries.enumerated() {
      let group = bound.groupNames.firstIndex(of: entry.group ?? "") ?? 0
      cellOf[group][levelIndex[entry.level ?? ""] ?? 0] = cell
    }
    var cells = [Int32](repeating: 0, count: table.rowCount)
    var counts = [Int](repeating: 0, count: entries.count)
    for row in 0..<table.rowCount {
      let group = Int(bound.groupOfRow[row])
      let level = Int(index.codes[row])
      let cell = level >= 0 ? cellOf[group][level] : -1
      guard cell >= 0 else {
        throw absentFromMargins(variable, column: column, row: row, table: table, bound: bound, cellOf: cellOf)
      }
      cells[row] = Int32(cell)
      counts[cell] += 1
    }
    // Cells without rows: an error unless their total is 0 too (then dropped).
    var renumber = [Int32](repeating: -1, count: entries.count)
    var kept: [Entry] = []
    var groups: [Int] = []
    for (cell, entry) in entries.enumerated() {
      let name = entry.name(groupVariable: groupVariable)
      if counts[cell] == 0 {
        guard entry.total == 0 else {
          throw WeightingError(
            at: entry.location,
            "\(name) has a population total of \(Format.number(entry.total)) but no row of the data has this level")
        }
        continue
      }
      guard entry.total > 0 else {
        throw WeightingError(
          at: entry.location,
          "\(name) has a population total of 0, but \(counts[cell]) row\(counts[cell] == 1 ? "" : "s") of the data"
            + " \(counts[cell] == 1 ? "has" : "have") this level and would get weight 0")
      }
      renumber[cell] = Int32(kept.count)
      kept.append(entry)
      groups.append(bound.groupNames.firstIndex(of: entry.group ?? "") ?? 0)
    }
    for row in cells.indices { cells[row] = renumber[Int(cells[row])] }
    return BoundMargins.Categorical(
      variable: variable, cells: cells, targets: kept.map(\.total), entries: kept, groups: groups)
  }

  private func absentFromMargins(
    _ variable: String, column: Column, row: Int, table: SurveyTable, bound: BoundMargins, cellOf: [[Int]]
  ) -> WeightingError {
    let value = column.text(at: row)
    let group = Int(bound.groupOfRow[row])
    let levels = entries.filter { $0.variable == variable && ($0.group ?? "") == bound.groupNames[group] }
      .compactMap(\.level)
    var count = 0
    for other in 0..<table.rowCount
    where column.text(at: other) == value && bound.groupOfRow[other] == bound.groupOfRow[row] {
      count += 1
    }
    let within = groupVariable.map { " within \($0) = '\(bound.groupNames[group])'" } ?? ""
    if levels.isEmpty {
      let rows = bound.groupOfRow.lazy.filter { $0 == Int32(group) }.count
      return WeightingError(
        at: table.place(ofRow: row),
        "'\(variable)' has no margins\(within), where the data have \(rows) row\(rows == 1 ? "" : "s"); give its"
          + " levels' totals for every group")
    }
    return WeightingError(
      at: table.place(ofRow: row),
      "\(variable) = '\(value)'\(within) is not in the margins (their levels: \(Format.list(levels)));"
        + " \(count) row\(count == 1 ? " has" : "s have") it")
  }

  private func dataColumn(_ name: String, table: SurveyTable, at location: SourceLocation?) throws(WeightingError)
    -> Column
  {
    guard let column = table[name] else {
      let names = table.columnNames
      throw WeightingError(
        at: location ?? fileLocation,
        "the margins name '\(name)', which is not a column of the data (columns:"
          + " \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : ""))")
    }
    return column
  }

  private func missingValue(_ variable: String, column: Column, row: Int, table: SurveyTable) -> WeightingError {
    let reason = column.missing[row]?.name ?? "empty"
    return WeightingError(
      at: table.place(ofRow: row),
      "'\(variable)' is missing (\(reason)) in this row; every row needs a value of each margin variable to be"
        + " weighted")
  }

  /// The index of each row's value among `values` (-1 when absent), matching
  /// numbers by value and everything else by its text.
  struct ValueIndex {
    var codes: [Int32]

    init(column: Column, values: [String], table: SurveyTable, role: String) throws(WeightingError) {
      let count = table.rowCount
      if let row = (0..<count).first(where: { column.missing[$0] != nil }) {
        let reason = column.missing[row]?.name ?? "empty"
        throw WeightingError(
          at: table.place(ofRow: row),
          "'\(column.name)' (\(role)) is missing (\(reason)) in this row; every row needs a value to be weighted")
      }
      switch column.values {
      case .categorical(let categorical):
        var index: [String: Int32] = [:]
        for (position, value) in values.enumerated() where index[value] == nil { index[value] = Int32(position) }
        let map = categorical.levels.map { index[$0] ?? -1 }
        codes = (0..<count).map { map[categorical.codes[$0]] }
      case .numeric(let numbers):
        var index: [Double: Int32] = [:]
        for (position, value) in values.enumerated() {
          if let number = Double(value.trimmingSpaces), index[number] == nil { index[number] = Int32(position) }
        }
        codes = (0..<count).map { index[numbers[$0]] ?? -1 }
      default:
        var index: [String: Int32] = [:]
        for (position, value) in values.enumerated() where index[value] == nil { index[value] = Int32(position) }
        codes = (0..<count).map { index[column.text(at: $0)] ?? -1 }
      }
    }
  }
}

extension BoundMargins {
  /// Checks that within each group the totals of every categorical variable add up
  /// to the same population size, to `tolerance` relative.
  func checkTotalsAgree(tolerance: Double) throws(WeightingError) {
    guard categorical.count > 1 else { return }
    for group in groupNames.indices {
      var reference: (variable: String, sum: Double)?
      for margin in categorical {
        var sum = CompensatedSum()
        var first: Margins.Entry?
        for cell in margin.targets.indices where margin.groups[cell] == group {
          sum.add(margin.targets[cell])
          if first == nil { first = margin.entries[cell] }
        }
        guard let first else { continue }
        guard let known = reference else {
          reference = (margin.variable, sum.value)
          continue
        }
        let difference = abs(sum.value - known.sum)
        if difference > tolerance * max(abs(sum.value), abs(known.sum)) {
          let within = groupVariable.map { " within \($0) = '\(groupNames[group])'" } ?? ""
          throw WeightingError(
            at: first.location,
            "the totals of \(margin.variable)\(within) sum to \(Format.number(sum.value)) but those of"
              + " \(known.variable) to \(Format.number(known.sum)) (relative difference"
              + " \(Format.number(difference / max(abs(sum.value), abs(known.sum))))); the margins must describe the"
              + " same population")
        }
      }
    }
  }
}

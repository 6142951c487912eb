import SurveyCore

extension Crosstab {
  /// One domain's table: the levels present, the complete rows and the weighted
  /// cell totals. Cells are numbered k = a + r b for row level a and column level
  /// b (0-based), rows varying fastest, as R's `interaction()` numbers them.
  struct Tabulation {
    var rowFactor: Factor
    var columnFactor: Factor
    var domain: [EstimateRow.Group]
    /// The domain's rows (all of them, N for the tests).
    var rowCount: Int
    /// Their indexes in the table.
    var members: [Int]
    /// Codes (of the factors) of the levels present, in level order.
    var rowLevels: [Int]
    var columnLevels: [Int]
    /// The complete rows (both variables present) and the cell of each.
    var complete: [Int]
    var cellOf: [Int]
    /// T_ij with the design's weights, by cell.
    var totals: [Double]
    /// Rows per cell, and those with a non-zero weight.
    var counts: [Int]
    var nonzero: [Int]
    /// Domain rows with a variable missing: either, or the column (row) variable
    /// within each row (column) level.
    var missing = 0
    var missingInRow: [Int]
    var missingInColumn: [Int]

    var r: Int { rowLevels.count }
    var c: Int { columnLevels.count }

    init(rows: Factor, columns: Factor, members: [Int], domain: [EstimateRow.Group], weights: [Double])
      throws(Crosstab.Error)
    {
      rowFactor = rows
      columnFactor = columns
      self.domain = domain
      rowCount = members.count
      self.members = members
      var rowSeen = [Bool](repeating: false, count: rows.levels.count)
      var columnSeen = [Bool](repeating: false, count: columns.levels.count)
      for row in members {
        if rows.codes[row] >= 0 { rowSeen[Int(rows.codes[row])] = true }
        if columns.codes[row] >= 0 { columnSeen[Int(columns.codes[row])] = true }
      }
      rowLevels = rowSeen.indices.filter { rowSeen[$0] }
      columnLevels = columnSeen.indices.filter { columnSeen[$0] }
      var rowLocal = [Int](repeating: -1, count: rows.levels.count)
      for (local, code) in rowLevels.enumerated() { rowLocal[code] = local }
      var columnLocal = [Int](repeating: -1, count: columns.levels.count)
      for (local, code) in columnLevels.enumerated() { columnLocal[code] = local }
      let r = rowLevels.count
      let c = columnLevels.count
      complete = []
      cellOf = []
      counts = [Int](repeating: 0, count: r * c)
      nonzero = counts
      missingInRow = [Int](repeating: 0, count: r)
      missingInColumn = [Int](repeating: 0, count: c)
      var sums = [CompensatedSum](repeating: CompensatedSum(), count: r * c)
      for row in members {
        let a = rows.codes[row] >= 0 ? rowLocal[Int(rows.codes[row])] : -1
        let b = columns.codes[row] >= 0 ? columnLocal[Int(columns.codes[row])] : -1
        guard a >= 0, b >= 0 else {
          missing += 1
          if a >= 0 { missingInRow[a] += 1 }
          if b >= 0 { missingInColumn[b] += 1 }
          continue
        }
        let k = a + r * b
        complete.append(row)
        cellOf.append(k)
        counts[k] += 1
        if weights[row] != 0 { nonzero[k] += 1 }
        sums[k].add(weights[row])
      }
      totals = sums.map(\.value)
      try check()
    }

    /// A domain without complete rows, a variable with one level, a zero margin.
    private func check() throws(Crosstab.Error) {
      let place = domain.isEmpty ? "" : " in domain \(Crosstab.label(domain))"
      guard !complete.isEmpty else {
        throw Error(
          domain.isEmpty
            ? "crosstab: no row has both '\(rowFactor.name)' and '\(columnFactor.name)' present"
            : "crosstab: domain \(Crosstab.label(domain)) has no row with both '\(rowFactor.name)' and"
              + " '\(columnFactor.name)' present")
      }
      for (factor, levels) in [(rowFactor, rowLevels), (columnFactor, columnLevels)] where levels.count < 2 {
        throw Error(
          "crosstab: \(factor.role) variable '\(factor.name)' has one level ('\(factor.levels[levels[0]])')\(place);"
            + " a two-way table and its tests need at least two")
      }
      for a in 0..<r where rowTotal(a, totals) == 0 {
        throw Error(
          "crosstab: the row margin of \(rowFactor.name) = '\(rowFactor.levels[rowLevels[a]])' is zero\(place):"
            + " its rows have '\(columnFactor.name)' missing or a zero weight")
      }
      for b in 0..<c where columnTotal(b, totals) == 0 {
        throw Error(
          "crosstab: the column margin of \(columnFactor.name) = '\(columnFactor.levels[columnLevels[b]])' is"
            + " zero\(place): its rows have '\(rowFactor.name)' missing or a zero weight")
      }
    }

    /// The total of row level `a` of a table of cell totals.
    func rowTotal(_ a: Int, _ cells: [Double]) -> Double {
      (0..<c).map { cells[a + r * $0] }.compensatedSum()
    }

    /// The total of column level `b` of a table of cell totals.
    func columnTotal(_ b: Int, _ cells: [Double]) -> Double {
      (0..<r).map { cells[$0 + r * b] }.compensatedSum()
    }

    /// The four estimates of every cell from cell totals (the design's or a
    /// replicate's): counts, cell, row and column proportions, by cell.
    func estimates(_ cells: [Double]) -> [Crosstab.Statistic: [Double]] {
      let whole = cells.compensatedSum()
      let rowTotals = (0..<r).map { rowTotal($0, cells) }
      let columnTotals = (0..<c).map { columnTotal($0, cells) }
      var cell = cells
      var row = cells
      var column = cells
      for k in cells.indices {
        cell[k] = cells[k] / whole
        row[k] = cells[k] / rowTotals[k % r]
        column[k] = cells[k] / columnTotals[k / r]
      }
      return [.count: cells, .cellProportion: cell, .rowProportion: row, .columnProportion: column]
    }
  }
}

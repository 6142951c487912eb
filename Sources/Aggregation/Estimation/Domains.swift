import SurveyCore

/// The domains of a request: each row's domain (or none) and each domain's label.
///
/// With no grouping variables there is one domain, the whole sample (less rows
/// outside `--subset`). Domains are ordered by their values: level order for
/// categorical variables, numeric order for numbers, UTF-8 order for text. Rows
/// with a missing grouping value belong to no domain (as `svyby` drops them).
struct Domains {
  /// The domain of each row, or -1.
  var index: [Int32]
  /// Whether each row is in `--subset` (all rows without one).
  var inSubset: [Bool]
  var labels: [[EstimateRow.Group]]

  init(table: SurveyTable, groups: [String], subset: (variable: String, level: String)?) throws(EstimationError) {
    var inSubset = [Bool](repeating: true, count: table.rowCount)
    if let subset {
      guard let column = table[subset.variable] else {
        throw EstimationError(message: "--subset: no column '\(subset.variable)' in the data")
      }
      var found = false
      for row in 0..<table.rowCount {
        inSubset[row] = column.missing[row] == nil && column.text(at: row) == subset.level
        found = found || inSubset[row]
      }
      if !found {
        throw EstimationError(message: "--subset: no row has \(subset.variable) = '\(subset.level)'")
      }
    }
    let columns = try groups.map { name throws(EstimationError) -> Column in
      guard let column = table[name] else { throw EstimationError(message: "--by: no column '\(name)' in the data") }
      return column
    }
    var keys: [[SortKey]: Int32] = [:]
    var keyOf: [[SortKey]] = []
    var index = [Int32](repeating: -1, count: table.rowCount)
    for row in 0..<table.rowCount where inSubset[row] {
      if columns.contains(where: { $0.missing[row] != nil }) { continue }
      let key = columns.map { SortKey(column: $0, row: row) }
      if let code = keys[key] {
        index[row] = code
      } else {
        let code = Int32(keyOf.count)
        keys[key] = code
        keyOf.append(key)
        index[row] = code
      }
    }
    self.inSubset = inSubset
    // Renumber domains in sorted order.
    let order = keyOf.indices.sorted { keyOf[$0].lexicographicallyPrecedes(keyOf[$1]) }
    var rank = [Int32](repeating: 0, count: order.count)
    for (position, old) in order.enumerated() { rank[old] = Int32(position) }
    self.index = index.map { $0 < 0 ? -1 : rank[Int($0)] }
    self.labels = order.map { old in
      zip(groups, keyOf[old]).map { EstimateRow.Group(variable: $0, value: $1.text) }
    }
    if labels.isEmpty, groups.isEmpty {
      labels = [[]]
    }
  }
}

extension Domains {
  /// The rows of a domain (missing values included) and its degrees of freedom:
  /// PSUs minus strata among its rows with a non-zero weight (R's `degf` of
  /// `design[domain, ]`).
  func rowsAndDegreesOfFreedom(_ domain: Int, design: SurveyDesign) -> (rows: Int, df: Double) {
    var rows = 0
    var units = Set<Int32>()
    var strata = Set<Int32>()
    let stage = design.stages[0]
    for row in index.indices where index[row] == Int32(domain) {
      rows += 1
      if design.weights[row] != 0 {
        units.insert(stage.units[row])
        strata.insert(stage.strata[row])
      }
    }
    return (rows, Double(units.count - strata.count))
  }
}

/// A value that sorts as its column's kind says.
struct SortKey: Hashable, Comparable {
  var rank: Double
  var text: String

  init(column: Column, row: Int) {
    text = column.text(at: row)
    switch column.values {
    case .categorical(let values): rank = Double(values.codes[row])
    case .numeric(let values): rank = values[row]
    case .date(let days): rank = Double(days[row])
    default: rank = 0
    }
  }

  static func < (lhs: SortKey, rhs: SortKey) -> Bool {
    if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
    return lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8)
  }
}

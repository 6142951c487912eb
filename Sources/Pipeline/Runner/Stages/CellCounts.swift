import Aggregation
import SurveyCore

/// The unweighted number of respondents behind each share: for a proportion of level L
/// of a variable in a domain, the rows of the domain whose variable is L. Disclosure
/// control judges a share by this count (a cell of 3 people is small even when its
/// country has 200 respondents), and it is the n that published tables show.
///
/// Counting works on codes (a level's code, a number's index among the column's
/// distinct values), so a million rows cost no string each.
struct CellCounts {
  let table: SurveyTable
  private var coded: [String: CodedColumn] = [:]
  /// Per variable and domain variables: counts by their codes.
  private var counts: [[String]: [[Int32]: Int]] = [:]

  init(table: SurveyTable) { self.table = table }

  /// `rows` with each proportion's `n` replaced by its cell count (other rows as they are).
  mutating func applied(to rows: [EstimateRow]) -> [EstimateRow] {
    rows.map { row in
      var row = row
      if let count = count(row) { row.n = count }
      return row
    }
  }

  /// The cell count of a proportion row, or `nil` for another statistic or a variable
  /// the table does not have.
  mutating func count(_ row: EstimateRow) -> Int? {
    guard row.statistic == "proportion", let level = row.level else { return nil }
    let variables = [row.variable] + row.domain.map(\.variable)
    var columns: [CodedColumn] = []
    for name in variables {
      if coded[name] == nil, let column = table[name] { coded[name] = CodedColumn(column) }
      guard let column = coded[name] else { return nil }
      columns.append(column)
    }
    if counts[variables] == nil {
      var tally: [[Int32]: Int] = [:]
      var key = [Int32](repeating: 0, count: columns.count)
      rows: for index in 0..<table.rowCount {
        for (position, column) in columns.enumerated() {
          let code = column.codes[index]
          if code < 0 { continue rows }
          key[position] = code
        }
        tally[key, default: 0] += 1
      }
      counts[variables] = tally
    }
    var key: [Int32] = []
    for (column, value) in zip(columns, [level] + row.domain.map(\.value)) {
      guard let code = column.code(of: value) else { return 0 }
      key.append(code)
    }
    return counts[variables]?[key] ?? 0
  }
}

/// A column as a small code per row (-1 where missing) and the way back from a cell's text.
struct CodedColumn {
  var codes: [Int32]
  private var lookup: [String: Int32]

  init(_ column: Column) {
    var lookup: [String: Int32] = [:]
    switch column.values {
    case .categorical(let values):
      codes = (0..<column.count).map { column.missing[$0] == nil ? Int32(values.codes[$0]) : -1 }
      for (code, level) in values.levels.enumerated() { lookup[level] = Int32(code) }
    case .numeric(let values):
      var index: [UInt64: Int32] = [:]
      codes = (0..<column.count).map { row in
        guard column.missing[row] == nil else { return -1 }
        let bits = values[row].bitPattern
        if let known = index[bits] { return known }
        let code = Int32(index.count)
        index[bits] = code
        return code
      }
      for (bits, code) in index { lookup[NumberFormat.shortest(Double(bitPattern: bits))] = code }
    default:
      codes = (0..<column.count).map { row in
        guard column.missing[row] == nil else { return -1 }
        let text = column.text(at: row)
        if let known = lookup[text] { return known }
        let code = Int32(lookup.count)
        lookup[text] = code
        return code
      }
    }
    self.lookup = lookup
  }

  /// The code of a cell written as `text` (as ``Column/text(at:)`` writes it), if any row has it.
  func code(of text: String) -> Int32? { lookup[text] }
}

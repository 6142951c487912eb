import Aggregation
import SurveyCore

/// The unweighted number of respondents behind each share: for a proportion of level L
/// of a variable in a domain, the rows of the domain whose variable is L. Disclosure
/// control judges a share by this count (a cell of 3 people is small even when its
/// country has 200 respondents), and it is the n that published tables show.
struct CellCounts {
  let table: SurveyTable
  /// Per variable and domain variables: the counts by domain values and level.
  private var counts: [[String]: [[String]: Int]] = [:]

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
    if counts[variables] == nil {
      guard let columns = Optional(variables.compactMap { table[$0] }), columns.count == variables.count else {
        return nil
      }
      var tally: [[String]: Int] = [:]
      for index in 0..<table.rowCount where columns.allSatisfy({ $0.missing[index] == nil }) {
        tally[columns.map { $0.text(at: index) }, default: 0] += 1
      }
      counts[variables] = tally
    }
    return counts[variables]?[[level] + row.domain.map(\.value)] ?? 0
  }
}

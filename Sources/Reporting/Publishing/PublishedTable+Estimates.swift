public import Aggregation

extension PublishedTable {
  /// Estimates as a published table under `rules`: one column per domain variable (in
  /// order of first appearance), then `variable`, `level`, `estimate`, `se`, `ci_low`,
  /// `ci_high`, `n` and `flag`. A suppressed estimate has its estimate, SE, both CI cells
  /// and its n suppressed (a small n would give away what suppression hides; the flag says
  /// why); footnotes explain every flag used.
  public static func estimates(
    _ rows: [EstimateRow], name: String, title: String, rules: DisclosureRules = DisclosureRules()
  ) -> PublishedTable {
    let domains = domainVariables(rows.map(\.domain))
    let labels = domains.map { Column($0, .text) } + [Column("variable", .text), Column("level", .text)]
    let values = rows.map { row in
      EstimateValues(
        labels: domainCells(row.domain, domains) + [.text(row.variable), row.level.map(Cell.text) ?? .empty],
        estimate: row.estimate, se: row.se, ciLow: row.ciLow, ciHigh: row.ciHigh, n: row.n,
        verdict: rules.assess(row))
    }
    return estimateTable(name: name, title: title, labels: labels, values: values, rules: rules)
  }

  /// Crosstab cells as a published table: domain columns, `statistic`, the row and column
  /// variables' levels, then the estimate columns as in ``estimates(_:name:title:rules:)``.
  public static func crosstab(
    _ result: Crosstab.Result, statistics: Set<Crosstab.Statistic> = [.rowProportion], name: String,
    title: String, rules: DisclosureRules = DisclosureRules()
  ) -> PublishedTable {
    let cells = result.cells.filter { statistics.contains($0.statistic) }
    let domains = domainVariables(cells.map(\.domain))
    let labels =
      domains.map { Column($0, .text) } + [
        Column("statistic", .text), Column(result.rows, .text), Column(result.columns, .text),
      ]
    let values = cells.map { cell in
      EstimateValues(
        labels: domainCells(cell.domain, domains) + [
          .text(cell.statistic.rawValue), .text(cell.rowLevel), .text(cell.columnLevel),
        ],
        estimate: cell.estimate, se: cell.se, ciLow: cell.ciLow, ciHigh: cell.ciHigh, n: cell.n,
        verdict: rules.assess(cell, in: result))
    }
    return estimateTable(name: name, title: title, labels: labels, values: values, rules: rules)
  }

  /// The columns every estimate table ends with.
  static let estimateColumns = [
    Column("estimate", .number(decimals: 3)), Column("se", .number(decimals: 3)),
    Column("ci_low", .number(decimals: 3)), Column("ci_high", .number(decimals: 3)), Column("n", .integer),
    Column("flag", .text),
  ]

  /// One estimate before the rules: its label cells and its numbers.
  struct EstimateValues {
    var labels: [Cell]
    var estimate: Double
    var se: Double
    var ciLow: Double
    var ciHigh: Double
    var n: Int
    var verdict: DisclosureRules.Verdict
  }

  static func estimateTable(
    name: String, title: String, labels: [Column], values: [EstimateValues], rules: DisclosureRules
  ) -> PublishedTable {
    var table = PublishedTable(name: name, title: title, columns: labels + estimateColumns)
    var notes = FootnoteSet()
    for value in values {
      let verdict = value.verdict
      let numbers: [Cell]
      switch verdict {
      case .suppress(let reason):
        numbers = Array(repeating: .suppressed(reason), count: 5)
        notes.add(flag: reason.flag, reason.footnote)
      case .unreliable:
        numbers = [
          .number(value.estimate), .number(value.se), .number(value.ciLow), .number(value.ciHigh), .integer(value.n),
        ]
        notes.add(flag: DisclosureRules.unreliableFlag, rules.unreliableFootnote)
      case .publish:
        numbers = [
          .number(value.estimate), .number(value.se), .number(value.ciLow), .number(value.ciHigh), .integer(value.n),
        ]
      }
      table.append(value.labels + numbers + [.text(verdict.flag)])
    }
    table.footnotes = notes.texts
    return table
  }

  /// The domain variables of all rows, in order of first appearance.
  static func domainVariables(_ domains: [[EstimateRow.Group]]) -> [String] {
    var seen: Set<String> = []
    var order: [String] = []
    for group in domains.joined() where seen.insert(group.variable).inserted { order.append(group.variable) }
    return order
  }

  /// A row's value for each of `variables`, empty where its domain does not split by it.
  static func domainCells(_ domain: [EstimateRow.Group], _ variables: [String]) -> [Cell] {
    variables.map { variable in domain.first { $0.variable == variable }.map { .text($0.value) } ?? .empty }
  }
}

/// Footnotes in order of first use, one per flag.
struct FootnoteSet {
  private var flags: Set<String> = []
  private(set) var texts: [String] = []

  mutating func add(flag: String, _ text: String) {
    if flags.insert(flag).inserted { texts.append(text) }
  }
}

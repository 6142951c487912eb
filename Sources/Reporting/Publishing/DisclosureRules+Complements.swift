public import Aggregation

extension DisclosureRules {
  /// A published cell's identity: its statistic, variable, level and domain.
  public struct CellKey: Sendable, Hashable {
    public var statistic: String
    public var variable: String
    public var level: String
    public var domain: [EstimateRow.Group]
  }

  public static func key(_ row: EstimateRow) -> CellKey {
    CellKey(statistic: row.statistic, variable: row.variable, level: row.level ?? "", domain: row.domain)
  }

  public static func key(_ cell: Crosstab.Cell, in result: Crosstab.Result) -> CellKey {
    CellKey(
      statistic: cell.statistic.rawValue, variable: "\(result.rows)*\(result.columns)",
      level: "\(cell.rowLevel)*\(cell.columnLevel)", domain: cell.domain)
  }

  /// The verdict for an estimate row: withheld as a complement when the rules say so,
  /// else ``assess(n:estimate:se:)``.
  public func assess(_ row: EstimateRow) -> Verdict {
    complements.contains(Self.key(row))
      ? .suppress(.complementary) : assess(n: row.n, estimate: row.estimate, se: row.se)
  }

  /// The verdict for a cell of a cross-table.
  public func assess(_ cell: Crosstab.Cell, in result: Crosstab.Result) -> Verdict {
    complements.contains(Self.key(cell, in: result))
      ? .suppress(.complementary) : assess(n: cell.n, estimate: cell.estimate, se: cell.se)
  }

  /// These rules with secondary suppression for `estimates` and `crosstabs`.
  ///
  /// Cells are linked in groups whose sum the other published tables give away: the levels
  /// of one variable's proportions in one domain (they add up to 100%); the groups of a mean
  /// or proportion split by a further variable within one country (their counts and weighted
  /// combination give the country's row); a cross-table's rows and its columns, for row,
  /// column and cell proportions (the margins are published as the variables' own shares).
  /// Whenever a group has exactly one suppressed cell, its published cell with the smallest n
  /// is withheld too, and this repeats until no group has a lone suppressed cell, so that no
  /// suppressed value can be worked out by subtraction within a group (Hundepool et al. 2012,
  /// *Statistical Disclosure Control*, sections 4.2-4.3: complementary suppression in linked
  /// tables). Weighted counts are not grouped (their margins are not published).
  ///
  /// `linked` adds groups of rows that other published numbers tie together (e.g. the
  /// dimension scores of an index whose mean is published).
  public func withComplements(
    estimates: [EstimateRow], crosstabs: [Crosstab.Result] = [], linked: [[EstimateRow]] = []
  ) -> DisclosureRules {
    var groups: [String: [CellKey]] = [:]
    var order: [String] = []
    var counts: [CellKey: Int] = [:]
    var suppressed: Set<CellKey> = []
    func add(_ group: String, _ key: CellKey) {
      if groups[group] == nil { order.append(group) }
      groups[group, default: []].append(key)
    }
    func note(_ key: CellKey, _ verdict: Verdict, _ n: Int) {
      counts[key] = n
      if case .suppress = verdict { suppressed.insert(key) }
    }
    func domain(_ groups: [EstimateRow.Group]) -> String {
      groups.map { "\($0.variable)=\($0.value)" }.joined(separator: ";")
    }
    for row in estimates where row.statistic == "proportion" || row.statistic == "mean" {
      let key = Self.key(row)
      note(key, assess(n: row.n, estimate: row.estimate, se: row.se), row.n)
      if row.statistic == "proportion" { add("p|\(row.variable)|\(domain(row.domain))", key) }
      // A split of a country's row by one more variable: the parts of the country.
      if row.domain.count == 2 {
        add(
          "s|\(row.statistic)|\(row.variable)|\(row.level ?? "")|\(domain([row.domain[0]]))|\(row.domain[1].variable)",
          key)
      }
    }
    for (position, group) in linked.enumerated() {
      for row in group {
        let key = Self.key(row)
        note(key, assess(n: row.n, estimate: row.estimate, se: row.se), row.n)
        add("l|\(position)", key)
      }
    }
    for result in crosstabs {
      let table = "\(result.rows)*\(result.columns)"
      for cell in result.cells where cell.statistic != .count {
        let key = Self.key(cell, in: result)
        note(key, assess(n: cell.n, estimate: cell.estimate, se: cell.se), cell.n)
        let prefix = "\(cell.statistic.rawValue)|\(table)|\(domain(cell.domain))"
        add("\(prefix)|row|\(cell.rowLevel)", key)
        add("\(prefix)|column|\(cell.columnLevel)", key)
        if cell.statistic == .cellProportion { add("\(prefix)|all", key) }
      }
    }
    var rules = self
    var changed = true
    while changed {
      changed = false
      for name in order {
        guard let members = groups[name], members.count >= 2 else { continue }
        guard members.filter({ suppressed.contains($0) }).count == 1 else { continue }
        let candidates = members.filter { !suppressed.contains($0) }
        guard let smallest = candidates.min(by: { (counts[$0] ?? 0) < (counts[$1] ?? 0) }) else { continue }
        suppressed.insert(smallest)
        rules.complements.insert(smallest)
        changed = true
      }
    }
    return rules
  }
}

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

  /// These rules with secondary suppression for `estimates` and `crosstabs`: in every
  /// group of shares that add up to 100% (the levels of one variable's proportions in one
  /// domain; a cross-table's row proportions of one row level, column proportions of one
  /// column level, cell proportions of one domain), when exactly one share is suppressed
  /// the published share with the smallest n is withheld too, so that the suppressed one
  /// cannot be worked out as 100% minus the others (Hundepool et al. 2012, *Statistical
  /// Disclosure Control*, section 4.2: complementary suppression). Means and totals are
  /// not in such groups.
  public func withComplements(estimates: [EstimateRow], crosstabs: [Crosstab.Result] = []) -> DisclosureRules {
    var groups: [String: [(key: CellKey, verdict: Verdict, n: Int)]] = [:]
    var order: [String] = []
    func add(_ group: String, _ key: CellKey, _ verdict: Verdict, _ n: Int) {
      if groups[group] == nil { order.append(group) }
      groups[group, default: []].append((key, verdict, n))
    }
    func domain(_ groups: [EstimateRow.Group]) -> String {
      groups.map { "\($0.variable)=\($0.value)" }.joined(separator: ";")
    }
    for row in estimates where row.statistic == "proportion" {
      add(
        "p|\(row.variable)|\(domain(row.domain))", Self.key(row), assess(n: row.n, estimate: row.estimate, se: row.se),
        row.n)
    }
    for result in crosstabs {
      let table = "\(result.rows)*\(result.columns)"
      for cell in result.cells {
        let group: String
        switch cell.statistic {
        case .count: continue
        case .cellProportion: group = "c|\(table)|\(domain(cell.domain))"
        case .rowProportion: group = "r|\(table)|\(domain(cell.domain))|\(cell.rowLevel)"
        case .columnProportion: group = "k|\(table)|\(domain(cell.domain))|\(cell.columnLevel)"
        }
        add(group, Self.key(cell, in: result), assess(n: cell.n, estimate: cell.estimate, se: cell.se), cell.n)
      }
    }
    var rules = self
    for name in order {
      guard let members = groups[name], members.count >= 2 else { continue }
      let suppressed = members.filter { if case .suppress = $0.verdict { true } else { false } }
      guard suppressed.count == 1 else { continue }
      let candidates = members.filter { if case .suppress = $0.verdict { false } else { true } }
      if let smallest = candidates.min(by: { $0.n < $1.n }) { rules.complements.insert(smallest.key) }
    }
    return rules
  }
}

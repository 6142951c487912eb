import Aggregation
import SurveyCore
import Yams

extension PipelineReader {
  static let statistics = ["mean", "total", "proportion", "ratio", "quantile"]

  mutating func readAggregate(_ entries: [String: Entry], node: Node, scope: Scope) -> StageSpec? {
    let design = entries["design"].map { readDesign($0.value, scope: scope) }
    var estimates: [StageSpec.Aggregate.Estimate] = []
    var crosstabs: [StageSpec.Aggregate.CrossTable] = []
    var failed = false
    if let entry = entries["estimates"], let items = list(entry.value, key: "estimates", in: scope) {
      for (index, item) in items.enumerated() {
        if let estimate = readEstimate(item, scope: scope.item("estimate", number: index + 1)) {
          estimates.append(estimate)
        } else {
          failed = true
        }
      }
    }
    if let entry = entries["crosstabs"], let items = list(entry.value, key: "crosstabs", in: scope) {
      for (index, item) in items.enumerated() {
        if let table = readCrossTable(item, scope: scope.item("crosstab", number: index + 1)) {
          crosstabs.append(table)
        } else {
          failed = true
        }
      }
    }
    if entries["estimates"] == nil, entries["crosstabs"] == nil {
      report("\(scope.prefix)give 'estimates', 'crosstabs' or both", at: node)
      failed = true
    }
    let interval =
      entries["interval"].map {
        choice($0.value, key: "interval", in: scope, as: EstimationRequest.IntervalMethod.self)
      }
      ?? .wald
    var level: Double? = 0.95
    if let entry = entries["level"] {
      level = number(entry.value, key: "level", in: scope)
      if let value = level, !(value > 0 && value < 1) {
        report("\(scope.prefix)'level' must be between 0 and 1, e.g. 0.95", at: entry.value)
        level = nil
      }
    }
    if case .some(nil) = design { failed = true }
    guard !failed, let interval, let level else { return nil }
    return .aggregate(
      StageSpec.Aggregate(
        design: design ?? nil, estimates: estimates, crosstabs: crosstabs, interval: interval, level: level))
  }

  private mutating func readEstimate(_ node: Node, scope: Scope) -> StageSpec.Aggregate.Estimate? {
    guard case .mapping(let mapping) = node else {
      report("\(scope.prefix)must be a mapping with 'statistic', not \(Self.describe(node))", at: node)
      return nil
    }
    guard let statisticNode = mapping.first(where: { Self.text(of: $0.key) == "statistic" })?.value else {
      report("\(scope.prefix)missing required key 'statistic'", at: node)
      return nil
    }
    guard let statistic = text(statisticNode, key: "statistic", in: scope) else { return nil }
    guard Self.statistics.contains(statistic) else {
      let list = Self.statistics.joined(separator: ", ")
      report("\(scope.prefix)unknown statistic '\(statistic)'; expected one of: \(list)", at: statisticNode)
      return nil
    }
    let inner = Scope(name: "\(scope.name) (\(statistic))", prefix: "\(scope.name) (\(statistic)): ")
    let keys: [String]
    switch statistic {
    case "ratio": keys = ["statistic", "numerator", "denominator", "by"]
    case "quantile": keys = ["statistic", "variable", "probabilities", "by"]
    default: keys = ["statistic", "variable", "by"]
    }
    let entries = entries(of: mapping, expected: keys, in: inner)
    let by = entries["by"].map { names($0.value, key: "by", in: inner) } ?? []
    func requiredText(_ key: String) -> String? {
      required(key, in: entries, at: node, scope: inner).flatMap { text($0, key: key, in: inner) }
    }
    let value: EstimationRequest.Statistic?
    switch statistic {
    case "ratio":
      let numerator = requiredText("numerator")
      let denominator = requiredText("denominator")
      value = numerator.flatMap { numerator in denominator.map { .ratio(numerator: numerator, denominator: $0) } }
    case "quantile":
      let variable = requiredText("variable")
      let probabilities = required("probabilities", in: entries, at: node, scope: inner).flatMap {
        readProbabilities($0, scope: inner)
      }
      value = variable.flatMap { variable in probabilities.map { .quantile(variable, $0) } }
    default:
      let variable = requiredText("variable")
      switch statistic {
      case "mean": value = variable.map { .mean($0) }
      case "total": value = variable.map { .total($0) }
      default: value = variable.map { .proportion($0) }
      }
    }
    guard let value, let by else { return nil }
    return StageSpec.Aggregate.Estimate(statistic: value, by: by.map(\.text), location: location(of: node))
  }

  private mutating func readProbabilities(_ node: Node, scope: Scope) -> [Double]? {
    guard let items = list(node, key: "probabilities", in: scope) else { return nil }
    var values: [Double] = []
    for item in items {
      guard let text = Self.text(of: item), let value = Double(text), value > 0, value < 1 else {
        report(
          "\(scope.prefix)entries of 'probabilities' must be numbers between 0 and 1, not \(Self.describe(item))",
          at: item)
        return nil
      }
      values.append(value)
    }
    if values.isEmpty {
      report("\(scope.prefix)'probabilities' must list at least one number", at: node)
      return nil
    }
    return values
  }

  private mutating func readCrossTable(_ node: Node, scope: Scope) -> StageSpec.Aggregate.CrossTable? {
    guard case .mapping(let mapping) = node else {
      report("\(scope.prefix)must be a mapping with 'rows' and 'cols', not \(Self.describe(node))", at: node)
      return nil
    }
    let entries = entries(of: mapping, expected: ["rows", "cols", "by"], in: scope)
    let rows = required("rows", in: entries, at: node, scope: scope).flatMap { text($0, key: "rows", in: scope) }
    let columns = required("cols", in: entries, at: node, scope: scope).flatMap { text($0, key: "cols", in: scope) }
    let by = entries["by"].map { names($0.value, key: "by", in: scope) } ?? []
    guard let rows, let columns, let by else { return nil }
    return StageSpec.Aggregate.CrossTable(
      rows: rows, columns: columns, by: by.map(\.text), location: location(of: node))
  }
}

import SurveyCore
import Yams

/// The parameters of each rule kind.
extension RuleReader {
  mutating func readTrimCase(_ item: inout Item) -> CleanRules.Kind? {
    guard let variableNode = required("variable", in: item),
      let variable = text(variableNode, key: "variable", in: item)
    else { return nil }
    let into = optionalText("into", in: item, default: variable)
    var levels: [String]?
    if let node = item.entries["levels"]?.value {
      levels = texts(node, key: "levels", in: item)
      if levels == nil { return nil }
    }
    var unknown = CleanRules.Unknown.keep
    if let node = item.entries["unknown"]?.value {
      guard levels != nil else {
        report("\(item.prefix)'unknown' needs 'levels'", at: node)
        return nil
      }
      guard
        let value = choice(node, key: "unknown", in: item, [.keep, .flag, .invalid, .reject] as [CleanRules.Unknown])
      else { return nil }
      unknown = value
    } else if levels != nil {
      unknown = .flag
    }
    guard let into else { return nil }
    return .trimCase(.init(variable: variable, into: into, levels: levels, unknown: unknown))
  }

  mutating func readRecode(_ item: inout Item) -> CleanRules.Kind? {
    guard let variableNode = required("variable", in: item), let intoNode = required("into", in: item),
      let elseNode = required("else", in: item),
      let variable = text(variableNode, key: "variable", in: item), let into = text(intoNode, key: "into", in: item)
    else { return nil }
    let mapping: CleanRules.Recode.Mapping
    switch (item.entries["values"]?.value, item.entries["ranges"]?.value) {
    case (let node?, nil):
      guard case .mapping(let pairs) = node else {
        report("\(item.prefix)'values' must be a mapping, not \(Self.describe(node))", at: node)
        return nil
      }
      var values: [(from: String, to: String)] = []
      for (key, value) in pairs {
        guard let from = text(key, key: "values", in: item), let to = text(value, key: "values", in: item) else {
          return nil
        }
        values.append((from, to))
      }
      mapping = .values(values)
    case (nil, let node?):
      guard case .sequence(let items) = node else {
        report("\(item.prefix)'ranges' must be a list, not \(Self.describe(node))", at: node)
        return nil
      }
      var intervals: [CleanRules.Recode.Interval] = []
      for element in items {
        guard let interval = readInterval(element, in: item) else { return nil }
        intervals.append(interval)
      }
      mapping = .ranges(intervals)
    case (.some, .some):
      report("\(item.prefix)give either 'values' or 'ranges', not both", at: item.node)
      return nil
    case (nil, nil):
      report("\(item.prefix)missing required key 'values' or 'ranges'", at: item.node)
      return nil
    }
    let otherwise: CleanRules.Recode.Else
    switch elseNode {
    case .scalar where Self.text(of: elseNode) == "keep":
      guard case .values = mapping else {
        report("\(item.prefix)'else: keep' needs 'values', not 'ranges'", at: elseNode)
        return nil
      }
      otherwise = .keep
    case .scalar where Self.text(of: elseNode) == "invalid": otherwise = .invalid
    case .scalar where Self.text(of: elseNode) == "reject": otherwise = .reject
    case .mapping(let pairs) where pairs.count == 1 && Self.text(of: pairs.first?.key ?? elseNode) == "value":
      guard let level = pairs.first.flatMap({ text($0.value, key: "else", in: item) }) else { return nil }
      otherwise = .level(level)
    default:
      report(
        "\(item.prefix)'else' must be keep, invalid, reject or {value: LEVEL}, not \(Self.describe(elseNode))",
        at: elseNode)
      return nil
    }
    var missingLevel: String?
    if let node = item.entries["missing"]?.value {
      switch node {
      case .scalar where Self.text(of: node) == "keep": missingLevel = nil
      case .mapping(let pairs) where pairs.count == 1 && Self.text(of: pairs.first?.key ?? node) == "value":
        guard let level = pairs.first.flatMap({ text($0.value, key: "missing", in: item) }) else { return nil }
        missingLevel = level
      default:
        report("\(item.prefix)'missing' must be keep or {value: LEVEL}, not \(Self.describe(node))", at: node)
        return nil
      }
    }
    return .recode(
      .init(variable: variable, into: into, mapping: mapping, otherwise: otherwise, missingLevel: missingLevel))
  }

  /// `{min: 18, max: 29, value: "18-29"}`: either bound may be left out, not both.
  private mutating func readInterval(_ node: Node, in item: Item) -> CleanRules.Recode.Interval? {
    guard case .mapping(let pairs) = node else {
      report(
        "\(item.prefix)entries of 'ranges' must be mappings {min, max, value}, not \(Self.describe(node))", at: node)
      return nil
    }
    var interval = CleanRules.Recode.Interval(min: nil, max: nil, level: "")
    var level: String?
    for (key, value) in pairs {
      switch Self.text(of: key) {
      case "min":
        guard let number = number(value, key: "min", in: item) else { return nil }
        interval.min = number
      case "max":
        guard let number = number(value, key: "max", in: item) else { return nil }
        interval.max = number
      case "value": level = text(value, key: "value", in: item)
      default:
        report("\(item.prefix)unknown key \(Self.describe(key)) in a range; expected one of: min, max, value", at: key)
        return nil
      }
    }
    guard let level else {
      report("\(item.prefix)a range needs a 'value'", at: node)
      return nil
    }
    guard interval.min != nil || interval.max != nil else {
      report("\(item.prefix)a range needs 'min', 'max' or both", at: node)
      return nil
    }
    if let min = interval.min, let max = interval.max, min > max {
      report("\(item.prefix)range '\(level)' has min \(min) above max \(max)", at: node)
      return nil
    }
    interval.level = level
    return interval
  }

  mutating func readDuplicates(_ item: inout Item) -> CleanRules.Kind? {
    guard let variableNode = required("variable", in: item), let policyNode = required("policy", in: item),
      let variable = text(variableNode, key: "variable", in: item),
      let policy = choice(
        policyNode, key: "policy", in: item, [.rejectLater, .fail] as [CleanRules.Duplicates.Policy])
    else { return nil }
    return .duplicates(.init(variable: variable, policy: policy))
  }

  mutating func readSkipLogic(_ item: inout Item) -> CleanRules.Kind? {
    guard let ifNode = required("if", in: item), let thenNode = required("then", in: item),
      let actionNode = required("action", in: item),
      let action = choice(
        actionNode, key: "action", in: item, [.setNotApplicable, .flag] as [CleanRules.SkipLogic.Action])
    else { return nil }
    guard case .mapping(let pairs) = ifNode, !pairs.isEmpty else {
      report("\(item.prefix)'if' must be a mapping of variables to values, not \(Self.describe(ifNode))", at: ifNode)
      return nil
    }
    var conditions: [(variable: String, value: String)] = []
    for (key, value) in pairs {
      guard let variable = text(key, key: "if", in: item), let wanted = text(value, key: "if", in: item) else {
        return nil
      }
      conditions.append((variable, wanted))
    }
    let targets: [String]?
    if case .sequence = thenNode {
      targets = texts(thenNode, key: "then", in: item)
    } else {
      targets = text(thenNode, key: "then", in: item).map { [$0] }
    }
    guard let targets else { return nil }
    return .skipLogic(.init(conditions: conditions, targets: targets, action: action))
  }

  mutating func readDeriveCount(_ item: inout Item) -> CleanRules.Kind? {
    guard let itemsNode = required("items", in: item), let valueNode = required("value", in: item),
      let intoNode = required("into", in: item),
      let items = texts(itemsNode, key: "items", in: item), let value = text(valueNode, key: "value", in: item),
      let into = text(intoNode, key: "into", in: item), let minAnswered = minAnswered(in: item, items: items.count)
    else { return nil }
    return .deriveCount(.init(items: items, value: value, into: into, minAnswered: minAnswered))
  }

  mutating func readScaleScore(_ item: inout Item) -> CleanRules.Kind? {
    guard let itemsNode = required("items", in: item), let intoNode = required("into", in: item),
      let methodNode = required("method", in: item),
      let items = texts(itemsNode, key: "items", in: item), let into = text(intoNode, key: "into", in: item),
      let method = choice(methodNode, key: "method", in: item, [.sum, .mean] as [CleanRules.ScaleScore.Method]),
      let minAnswered = minAnswered(in: item, items: items.count)
    else { return nil }
    var reverse: [String] = []
    if let node = item.entries["reverse"]?.value {
      guard let names = texts(node, key: "reverse", in: item) else { return nil }
      for name in names where !items.contains(name) {
        report("\(item.prefix)reverse item '\(name)' is not one of the 'items'", at: node)
        return nil
      }
      reverse = names
    }
    var itemRange: ClosedRange<Double>?
    if let node = item.entries["item_range"]?.value {
      guard case .sequence(let bounds) = node, bounds.count == 2,
        let low = Self.text(of: bounds[0]).flatMap(Double.init),
        let high = Self.text(of: bounds[1]).flatMap(Double.init),
        low <= high
      else {
        report("\(item.prefix)'item_range' must be a list [low, high], not \(Self.describe(node))", at: node)
        return nil
      }
      itemRange = low...high
    }
    if !reverse.isEmpty, itemRange == nil {
      report("\(item.prefix)'reverse' needs 'item_range' [low, high]", at: item.entries["reverse"]?.key ?? item.node)
      return nil
    }
    var cutoff: CleanRules.ScaleScore.Cutoff?
    if let node = item.entries["cutoff"]?.value {
      guard case .mapping(let pairs) = node else {
        report("\(item.prefix)'cutoff' must be a mapping {at, into}, not \(Self.describe(node))", at: node)
        return nil
      }
      var at: Double?
      var target: String?
      for (key, value) in pairs {
        switch Self.text(of: key) {
        case "at": at = number(value, key: "at", in: item)
        case "into": target = text(value, key: "into", in: item)
        default:
          report("\(item.prefix)unknown key \(Self.describe(key)) in 'cutoff'; expected one of: at, into", at: key)
          return nil
        }
      }
      guard let at, let target else {
        report("\(item.prefix)'cutoff' needs 'at' and 'into'", at: node)
        return nil
      }
      cutoff = .init(at: at, into: target)
    }
    return .scaleScore(
      .init(
        items: items, into: into, method: method, minAnswered: minAnswered, reverse: reverse, itemRange: itemRange,
        cutoff: cutoff))
  }

  mutating func readRange(_ item: inout Item) -> CleanRules.Kind? {
    guard let variableNode = required("variable", in: item), let actionNode = required("action", in: item),
      let variable = text(variableNode, key: "variable", in: item),
      let action = choice(actionNode, key: "action", in: item, [.invalid, .reject] as [CleanRules.Range.Action])
    else { return nil }
    let min = item.entries["min"].flatMap { number($0.value, key: "min", in: item) }
    let max = item.entries["max"].flatMap { number($0.value, key: "max", in: item) }
    guard min != nil || max != nil else {
      if item.entries["min"] == nil, item.entries["max"] == nil {
        report("\(item.prefix)needs 'min', 'max' or both", at: item.node)
      }
      return nil
    }
    if let min, let max, min > max {
      report("\(item.prefix)'min' \(min) is above 'max' \(max)", at: item.node)
      return nil
    }
    return .range(.init(variable: variable, min: min, max: max, action: action))
  }

  mutating func readRequired(_ item: inout Item) -> CleanRules.Kind? {
    guard let variablesNode = required("variables", in: item), let actionNode = required("action", in: item),
      let variables = texts(variablesNode, key: "variables", in: item),
      let action = choice(actionNode, key: "action", in: item, [.flag, .reject] as [CleanRules.Required.Action])
    else { return nil }
    let purpose = item.entries["purpose"].flatMap { text($0.value, key: "purpose", in: item) }
    return .required(.init(variables: variables, action: action, purpose: purpose))
  }

  mutating func readCountryISO(_ item: inout Item) -> CleanRules.Kind? {
    guard let variableNode = required("variable", in: item), let unknownNode = required("unknown", in: item),
      let variable = text(variableNode, key: "variable", in: item),
      let unknown = choice(unknownNode, key: "unknown", in: item, [.flag, .reject] as [CleanRules.Unknown]),
      let into = optionalText("into", in: item, default: variable)
    else { return nil }
    return .countryISO(.init(variable: variable, into: into, unknown: unknown))
  }
}

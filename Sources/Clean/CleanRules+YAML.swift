import SurveyCore
import Yams

extension CleanRules {
  /// Reads rules from YAML text: a mapping with a `clean:` list, one item per rule
  /// (`rule:` kind and its parameters); `path` names the file in diagnostics.
  ///
  /// - Throws: a YAML syntax error as one diagnostic; otherwise every problem of the
  ///   rules, each at its line and column, sorted by place:
  ///   `clean.yaml:4:5: error: rule 1 (range): missing required key 'variable'`.
  public init(yaml: String, path: String) throws(Diagnostics) {
    var reader = RuleReader(path: path)
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      throw Diagnostics([reader.syntaxDiagnostic(error)])
    }
    self = try reader.rules(from: root)
  }
}

/// Walks the YAML nodes of a rules file and collects every problem at the node that causes it.
struct RuleReader {
  let path: String
  var diagnostics: [Diagnostic] = []

  static let keys: [String: [String]] = [
    "trim_case": ["variable", "into", "levels", "unknown"],
    "recode": ["variable", "into", "values", "ranges", "else", "missing"],
    "duplicates": ["variable", "policy"],
    "skip_logic": ["if", "then", "action"],
    "derive_count": ["items", "value", "into", "min_answered"],
    "scale_score": ["items", "into", "method", "min_answered", "reverse", "item_range", "cutoff"],
    "range": ["variable", "min", "max", "action"],
    "country_iso": ["variable", "into", "unknown"],
    "required": ["variables", "action", "purpose"],
  ]
  static let kinds = [
    "trim_case", "recode", "duplicates", "skip_logic", "derive_count", "scale_score", "range", "country_iso",
    "required",
  ]

  /// One rule item being read: its mapping entries and the prefix of its messages.
  struct Item {
    var entries: [String: (key: Node, value: Node)]
    var node: Node
    var prefix: String
  }

  func location(of node: Node) -> SourceLocation {
    SourceLocation(file: path, line: node.mark?.line, column: node.mark?.column)
  }

  /// A YAML syntax error at the line and column the parser reports.
  func syntaxDiagnostic(_ error: any Error) -> Diagnostic {
    switch error as? YamlError {
    case .scanner(let context, let problem, let mark, _)?, .parser(let context, let problem, let mark, _)?,
      .composer(let context, let problem, let mark, _)?:
      let message = context.map { "\($0.text), \(problem)" } ?? problem
      return Diagnostic(
        at: SourceLocation(file: path, line: mark.line, column: mark.column), "invalid YAML: \(message)")
    case .duplicatedKeysInMapping(let duplicates, let context)?:
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return Diagnostic(
        at: SourceLocation(file: path, line: context.mark.line, column: context.mark.column),
        "invalid YAML: key \(keys) appears more than once in the same mapping")
    default:
      return Diagnostic(at: SourceLocation(file: path), "invalid YAML: \(error)")
    }
  }

  mutating func report(_ message: String, at node: Node) {
    diagnostics.append(Diagnostic(at: location(of: node), message))
  }

  static func isNull(_ node: Node) -> Bool {
    YAMLNodes.isNull(node)
  }

  static func text(of node: Node) -> String? {
    YAMLNodes.text(of: node)
  }

  static func describe(_ node: Node) -> String {
    YAMLNodes.describe(node)
  }

  mutating func rules(from root: Node?) throws(Diagnostics) -> CleanRules {
    guard let root, !Self.isNull(root) else {
      throw Diagnostics([Diagnostic(at: SourceLocation(file: path), "the rules file is empty; expected a 'clean' list")]
      )
    }
    var rules: [CleanRules.Rule] = []
    if case .mapping(let top) = root {
      var list: Node?
      for (key, value) in top {
        if Self.text(of: key) == "clean" {
          list = value
        } else {
          report("unknown key \(Self.describe(key)) in the rules file; expected 'clean'", at: key)
        }
      }
      if let list {
        if case .sequence(let items) = list {
          for (index, item) in items.enumerated() {
            if let rule = readRule(item, number: index + 1) { rules.append(rule) }
          }
        } else {
          report("'clean' must be a list of rules, not \(Self.describe(list))", at: list)
        }
      } else {
        report("missing required key 'clean' in the rules file", at: root)
      }
    } else {
      report("the rules file must be a mapping with a 'clean' list, not \(Self.describe(root))", at: root)
    }
    var seen: [String: SourceLocation] = [:]
    for rule in rules {
      if let first = seen[rule.name] {
        let line = first.line.map { "line \($0)" } ?? "an unknown line"
        diagnostics.append(Diagnostic(at: rule.location, "rule name '\(rule.name)' is already used at \(line)"))
      } else {
        seen[rule.name] = rule.location
      }
    }
    guard diagnostics.isEmpty else {
      let sorted = diagnostics.enumerated().sorted {
        ($0.element.location, $0.offset) < ($1.element.location, $1.offset)
      }
      throw Diagnostics(sorted.map(\.element))
    }
    return CleanRules(rules: rules)
  }

  /// One item of the `clean` list, or `nil` after reporting its problems.
  private mutating func readRule(_ node: Node, number: Int) -> CleanRules.Rule? {
    guard case .mapping(let mapping) = node else {
      report("rule \(number) must be a mapping with a 'rule' key, not \(Self.describe(node))", at: node)
      return nil
    }
    guard let kindNode = mapping.first(where: { Self.text(of: $0.key) == "rule" })?.value else {
      report("rule \(number): missing required key 'rule'", at: node)
      return nil
    }
    guard let kind = Self.text(of: kindNode), let allowed = Self.keys[kind] else {
      let list = Self.kinds.joined(separator: ", ")
      report("rule \(number): unknown rule kind \(Self.describe(kindNode)); expected one of: \(list)", at: kindNode)
      return nil
    }
    let prefix = "rule \(number) (\(kind)): "
    var entries: [String: (key: Node, value: Node)] = [:]
    var name: String?
    let expected = ["rule", "name"] + allowed
    for (key, value) in mapping {
      guard let word = Self.text(of: key), expected.contains(word) else {
        let list = expected.joined(separator: ", ")
        report("\(prefix)unknown key \(Self.describe(key)); expected one of: \(list)", at: key)
        continue
      }
      if word == "name" {
        name = Self.text(of: value)
        if name == nil { report("\(prefix)'name' must be text, not \(Self.describe(value))", at: value) }
      }
      entries[word] = (key, value)
    }
    var item = Item(entries: entries, node: node, prefix: prefix)
    let before = diagnostics.count
    let parsed: CleanRules.Kind?
    switch kind {
    case "trim_case": parsed = readTrimCase(&item)
    case "recode": parsed = readRecode(&item)
    case "duplicates": parsed = readDuplicates(&item)
    case "skip_logic": parsed = readSkipLogic(&item)
    case "derive_count": parsed = readDeriveCount(&item)
    case "scale_score": parsed = readScaleScore(&item)
    case "range": parsed = readRange(&item)
    case "required": parsed = readRequired(&item)
    default: parsed = readCountryISO(&item)
    }
    guard let parsed, diagnostics.count == before else { return nil }
    let defaultName = "\(kind)(\(parsed.subject))"
    return CleanRules.Rule(name: name ?? defaultName, kind: parsed, location: location(of: node))
  }

  // MARK: Typed values

  /// The value of a required key, or a report of its absence.
  mutating func required(_ key: String, in item: Item) -> Node? {
    if let entry = item.entries[key] { return entry.value }
    report("\(item.prefix)missing required key '\(key)'", at: item.node)
    return nil
  }

  mutating func text(_ node: Node, key: String, in item: Item) -> String? {
    if let text = Self.text(of: node) { return text }
    report("\(item.prefix)'\(key)' must be text, not \(Self.describe(node))", at: node)
    return nil
  }

  mutating func number(_ node: Node, key: String, in item: Item) -> Double? {
    if let text = Self.text(of: node), let value = Double(text), value.isFinite { return value }
    report("\(item.prefix)'\(key)' must be a number, not \(Self.describe(node))", at: node)
    return nil
  }

  mutating func count(_ node: Node, key: String, in item: Item) -> Int? {
    if let text = Self.text(of: node), let value = Int(text), value >= 0 { return value }
    report("\(item.prefix)'\(key)' must be a whole number of at least 0, not \(Self.describe(node))", at: node)
    return nil
  }

  mutating func texts(_ node: Node, key: String, in item: Item) -> [String]? {
    guard case .sequence(let sequence) = node else {
      report("\(item.prefix)'\(key)' must be a list, not \(Self.describe(node))", at: node)
      return nil
    }
    var result: [String] = []
    for element in sequence {
      guard let text = Self.text(of: element) else {
        report("\(item.prefix)entries of '\(key)' must be text, not \(Self.describe(element))", at: element)
        return nil
      }
      result.append(text)
    }
    if result.isEmpty { report("\(item.prefix)'\(key)' must not be empty", at: node) }
    return result
  }

  /// One of `choices`, by its raw value.
  mutating func choice<T: RawRepresentable>(
    _ node: Node, key: String, in item: Item, _ choices: [T]
  ) -> T? where T.RawValue == String {
    if let text = Self.text(of: node), let value = T(rawValue: text), choices.contains(where: { $0.rawValue == text }) {
      return value
    }
    let list = choices.map(\.rawValue).joined(separator: ", ")
    report("\(item.prefix)'\(key)' must be one of: \(list), not \(Self.describe(node))", at: node)
    return nil
  }

  /// The text of an optional key, or `fallback`.
  mutating func optionalText(_ key: String, in item: Item, default fallback: String?) -> String? {
    guard let node = item.entries[key]?.value else { return fallback }
    return text(node, key: key, in: item)
  }

  /// The count of an optional key, or `fallback`, at most `limit`.
  mutating func minAnswered(in item: Item, items: Int) -> Int? {
    guard let node = item.entries["min_answered"]?.value else { return items }
    guard let value = count(node, key: "min_answered", in: item) else { return nil }
    guard value >= 1, value <= items else {
      report("\(item.prefix)'min_answered' must be between 1 and the \(items) items, not \(value)", at: node)
      return nil
    }
    return value
  }
}

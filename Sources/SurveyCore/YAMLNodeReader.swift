import Yams

/// What a YAML message is about, and how a message about it begins: `variable
/// 'sex'` with the prefix `variable 'sex': `.
package struct YAMLScope {
  /// The subject after "in": `unknown key 'lable' in variable 'sex'`.
  package var name: String
  /// Put before a message about the subject: `variable 'sex': `.
  package var prefix: String

  package init(name: String, prefix: String) {
    self.name = name
    self.prefix = prefix
  }
}

/// A mapping entry: the key node (where an unknown or misplaced key is reported)
/// and its value.
package struct YAMLEntry {
  package var key: Node
  package var value: Node

  package init(key: Node, value: Node) {
    self.key = key
    self.value = value
  }
}

/// A reader that walks composed YAML nodes and collects every problem at the node
/// that causes it, so that one run reports all the errors of a file (the codebook
/// and pipeline readers). The typed accessors below report what they cannot read.
package protocol YAMLNodeReader {
  /// The YAML file, as it appears in every diagnostic.
  var path: String { get }
  /// The problems found so far, in the order of the walk.
  var diagnostics: [Diagnostic] { get set }
}

extension YAMLNodeReader {
  /// The place of `node` in the file.
  package func location(of node: Node) -> SourceLocation {
    SourceLocation(file: path, line: node.mark?.line, column: node.mark?.column)
  }

  package mutating func report(_ message: String, at node: Node) {
    diagnostics.append(Diagnostic(at: location(of: node), message))
  }

  package mutating func report(_ message: String, at location: SourceLocation) {
    diagnostics.append(Diagnostic(at: location, message))
  }

  /// The diagnostics sorted by place (stable for the same place).
  package var sortedDiagnostics: Diagnostics {
    let sorted = diagnostics.enumerated().sorted {
      ($0.element.location, $0.offset) < ($1.element.location, $1.offset)
    }
    return Diagnostics(sorted.map(\.element))
  }

  /// `line 12`, for messages that refer to an earlier declaration.
  package static func line(of location: SourceLocation) -> String {
    location.line.map { "line \($0)" } ?? "an unknown line"
  }

  package static func isNull(_ node: Node) -> Bool { YAMLNodes.isNull(node) }

  package static func text(of node: Node) -> String? { YAMLNodes.text(of: node) }

  package static func describe(_ node: Node) -> String { YAMLNodes.describe(node) }

  /// The value of key `name` in `mapping`, read before the keys are checked (to name
  /// the scope of the other messages).
  package static func peek(_ name: String, in mapping: Node.Mapping) -> String? {
    mapping.first { text(of: $0.key) == name }.flatMap { text(of: $0.value) }
  }

  /// The entries of `mapping` by key, after reporting every key that is not a name
  /// and every name not in `expected` (the message is the reader's: `unknownKey`
  /// gets the key and the list of expected keys).
  package mutating func entries(
    of mapping: Node.Mapping, expected: [String], in scope: YAMLScope,
    unknownKey: (_ key: String, _ expected: String) -> String
  ) -> [String: YAMLEntry] {
    var entries: [String: YAMLEntry] = [:]
    for (key, value) in mapping {
      guard let name = Self.text(of: key) else {
        report("a key in \(scope.name) must be a name, not \(Self.describe(key))", at: key)
        continue
      }
      guard expected.contains(name) else {
        report(unknownKey(name, expected.joined(separator: ", ")), at: key)
        continue
      }
      entries[name] = YAMLEntry(key: key, value: value)
    }
    return entries
  }

  /// The text of a scalar value; reports `'label' must be text, not a list`.
  package mutating func text(_ node: Node, key: String, in scope: YAMLScope) -> String? {
    if let text = Self.text(of: node) { return text }
    report("\(scope.prefix)'\(key)' must be text, not \(Self.describe(node))", at: node)
    return nil
  }

  /// A boolean: `true` or `false` (also quoted, and YAML 1.1's `yes`, `no`, `on`,
  /// `off`); reports anything else.
  package mutating func bool(_ node: Node, key: String, in scope: YAMLScope) -> Bool? {
    switch Self.text(of: node)?.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: break
    }
    report("\(scope.prefix)'\(key)' must be true or false, not \(Self.describe(node))", at: node)
    return nil
  }

  /// The items of a list; reports `'levels' must be a list, not a mapping`.
  package mutating func list(_ node: Node, key: String, in scope: YAMLScope) -> [Node]? {
    if case .sequence(let sequence) = node { return Array(sequence) }
    report("\(scope.prefix)'\(key)' must be a list, not \(Self.describe(node))", at: node)
    return nil
  }

  /// A mapping; reports `'labels' must be a mapping, not a list`.
  package mutating func mapping(_ node: Node, key: String, in scope: YAMLScope) -> Node.Mapping? {
    if case .mapping(let mapping) = node { return mapping }
    report("\(scope.prefix)'\(key)' must be a mapping, not \(Self.describe(node))", at: node)
    return nil
  }
}

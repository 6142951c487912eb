import SurveyCore
import Yams

/// Walks the composed YAML nodes of a pipeline file and collects every problem at the
/// node that causes it, so that one run reports all the errors of a definition.
///
/// The structure is read here and in `PipelineReader+Stages.swift`; the checks across
/// stages and against the file system are in `PipelineReader+Checks.swift`.
struct PipelineReader: YAMLNodeReader {
  /// The pipeline file, as it appears in every diagnostic.
  let path: String
  /// The project root that relative paths start from.
  let root: String
  /// The file's text, for handing inline clean rules to their own reader.
  let text: String
  /// The problems found so far, in the order of the walk (sorted when thrown).
  var diagnostics: [Diagnostic] = []

  init(path: String, root: String, text: String) {
    self.path = path
    self.root = root
    self.text = text
  }

  static let topKeys = ["name", "description", "inputs", "output", "stages"]

  typealias Entry = YAMLEntry
  typealias Scope = YAMLScope

  // MARK: Typed access

  /// The entries of `mapping` by key, after reporting every key not in `expected`.
  mutating func entries(of mapping: Node.Mapping, expected: [String], in scope: Scope) -> [String: Entry] {
    entries(of: mapping, expected: expected, in: scope) { key, list in
      "\(scope.prefix)unknown key '\(key)'; expected one of: \(list)"
    }
  }

  /// The value of `key`, or a report that it is missing, at `node`.
  mutating func required(_ key: String, in entries: [String: Entry], at node: Node, scope: Scope) -> Node? {
    if let entry = entries[key] { return entry.value }
    report("\(scope.prefix)missing required key '\(key)'", at: node)
    return nil
  }

  mutating func number(_ node: Node, key: String, in scope: Scope) -> Double? {
    if let text = Self.text(of: node), let value = Double(text), !value.isNaN { return value }
    report("\(scope.prefix)'\(key)' must be a number, not \(Self.describe(node))", at: node)
    return nil
  }

  mutating func positiveInteger(_ node: Node, key: String, in scope: Scope) -> Int? {
    if let text = Self.text(of: node), let value = Int(text), value > 0 { return value }
    report("\(scope.prefix)'\(key)' must be a whole number above 0, not \(Self.describe(node))", at: node)
    return nil
  }

  /// One text or a list of texts (`by: country` or `by: [country, sex]`), with their nodes.
  mutating func names(_ node: Node, key: String, in scope: Scope) -> [(text: String, node: Node)]? {
    if let text = Self.text(of: node) { return [(text, node)] }
    guard case .sequence(let sequence) = node else {
      report("\(scope.prefix)'\(key)' must be a name or a list of names, not \(Self.describe(node))", at: node)
      return nil
    }
    var names: [(text: String, node: Node)] = []
    for item in sequence {
      guard let text = Self.text(of: item) else {
        report("\(scope.prefix)entries of '\(key)' must be names, not \(Self.describe(item))", at: item)
        continue
      }
      names.append((text, item))
    }
    return names
  }

  /// One of an enum's raw values; reports `unknown method 'rak'; expected one of: ...`.
  mutating func choice<Value: RawRepresentable & CaseIterable>(
    _ node: Node, key: String, in scope: Scope, as type: Value.Type
  ) -> Value? where Value.RawValue == String {
    guard let text = text(node, key: key, in: scope) else { return nil }
    if let value = Value(rawValue: text) { return value }
    let list = Value.allCases.map(\.rawValue).joined(separator: ", ")
    report("\(scope.prefix)unknown \(key) '\(text)'; expected one of: \(list)", at: node)
    return nil
  }

  // MARK: YAML syntax errors

  /// A YAML syntax error from Yams at the place the parser reports.
  func syntaxDiagnostic(_ error: any Error) -> Diagnostic {
    func at(_ mark: Mark) -> SourceLocation {
      SourceLocation(file: path, line: mark.line, column: mark.column)
    }
    switch error as? YamlError {
    case .scanner(let context, let problem, let mark, _)?, .parser(let context, let problem, let mark, _)?,
      .composer(let context, let problem, let mark, _)?:
      let message = context.map { "\($0.text), \(problem)" } ?? problem
      return Diagnostic(at: at(mark), "invalid YAML: \(message)")
    case .duplicatedKeysInMapping(let duplicates, let context)?:
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return Diagnostic(at: at(context.mark), "invalid YAML: key \(keys) appears more than once in the same mapping")
    default:
      return Diagnostic(at: SourceLocation(file: path), "invalid YAML: \(error)")
    }
  }
}

extension YAMLScope {
  /// The whole pipeline file.
  static let pipeline = YAMLScope(name: "the pipeline", prefix: "")

  static func stage(_ name: String?, number: Int) -> YAMLScope {
    let subject = name.map { "stage '\($0)'" } ?? "stage \(number)"
    return YAMLScope(name: subject, prefix: subject + ": ")
  }

  static func input(_ name: String) -> YAMLScope {
    YAMLScope(name: "input '\(name)'", prefix: "input '\(name)': ")
  }

  /// An item of a stage's list: `stage 'aggregate': estimate 2`.
  func item(_ what: String, number: Int) -> YAMLScope {
    let subject = "\(prefix)\(what) \(number)"
    return YAMLScope(name: subject, prefix: subject + ": ")
  }
}

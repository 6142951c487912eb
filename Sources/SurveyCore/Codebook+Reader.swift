import Yams

extension Codebook {
  /// Walks the composed YAML nodes of a codebook and collects every problem at the
  /// node that causes it, so that one run reports all the errors of a file.
  ///
  /// The walk is in `Codebook+YAML.swift` and `Codebook+YAMLVariables.swift`; the
  /// checks that compare several nodes are in `Codebook+Validation.swift`.
  struct Reader {
    /// The YAML file, as it appears in every diagnostic.
    let path: String
    /// The problems found so far, in the order of the walk (sorted when thrown).
    var diagnostics: [Diagnostic] = []
    /// The codebook's `languages`, when it declares them; labels and sources may
    /// only use these.
    var languages: [String]?

    init(path: String) {
      self.path = path
    }

    /// What a message is about: the codebook, `variable 'sex'`, `source 'survey_DE.csv'`
    /// or `level 'F' of variable 'sex'`.
    struct Scope {
      /// The subject after "in": `unknown key 'lable' in variable 'sex'`.
      var name: String
      /// Put before a message about the subject: `variable 'sex': `.
      var prefix: String

      static let codebook = Scope(name: "the codebook", prefix: "")

      /// A variable, by name when it has one, else by its 1-based position.
      static func variable(_ name: String?, number: Int) -> Scope {
        let subject = name.map { "variable '\($0)'" } ?? "variable \(number)"
        return Scope(name: subject, prefix: subject + ": ")
      }

      /// A source, by its `file` pattern when it has one, else by its 1-based position.
      static func source(_ file: String?, number: Int) -> Scope {
        let subject = file.map { "source '\($0)'" } ?? "source \(number)"
        return Scope(name: subject, prefix: subject + ": ")
      }

      /// A level of `variable`, by value when it has one, else by its 1-based position.
      static func level(_ value: String?, number: Int, of variable: Scope) -> Scope {
        let level = value.map { "level '\($0)'" } ?? "level \(number)"
        return Scope(name: "\(level) of \(variable.name)", prefix: "\(variable.name), \(level): ")
      }
    }

    /// A mapping entry: the key node (where an unknown or misplaced key is reported)
    /// and its value.
    struct Entry {
      var key: Node
      var value: Node
    }

    // MARK: Reporting

    /// The place of `node` in the codebook file.
    func location(of node: Node) -> SourceLocation {
      SourceLocation(file: path, line: node.mark?.line, column: node.mark?.column)
    }

    mutating func report(_ message: String, at node: Node) {
      diagnostics.append(Diagnostic(at: location(of: node), message))
    }

    mutating func report(_ message: String, at location: SourceLocation) {
      diagnostics.append(Diagnostic(at: location, message))
    }

    /// `line 12`, for messages that refer to an earlier declaration.
    static func line(of location: SourceLocation) -> String {
      location.line.map { "line \($0)" } ?? "an unknown line"
    }

    /// Whether `node` is YAML's null: nothing after the colon, `~` or `null`.
    static func isNull(_ node: Node) -> Bool {
      YAMLNodes.isNull(node)
    }

    /// The text of a scalar node that is not null.
    static func text(of node: Node) -> String? {
      YAMLNodes.text(of: node)
    }

    /// How a node that is not what was expected reads in a message: `a list`,
    /// `a mapping`, `an empty value`, `'abc'`.
    static func describe(_ node: Node) -> String {
      YAMLNodes.describe(node)
    }

    /// `a` or `an`, for `a numeric variable`, `an ordinal variable`.
    static func article(_ word: String) -> String {
      guard let first = word.first, "aeiou".contains(first) else { return "a \(word)" }
      return "an \(word)"
    }

    // MARK: Typed access

    /// The entries of `mapping` by key, after reporting every key that is not one of
    /// `expected` (`unknown key 'lable' in variable 'sex'; expected one of: ...`).
    mutating func entries(
      of mapping: Node.Mapping, expected: [String], in scope: Scope
    ) -> [String: Entry] {
      var entries: [String: Entry] = [:]
      for (key, value) in mapping {
        guard let name = Self.text(of: key) else {
          report("a key in \(scope.name) must be a name, not \(Self.describe(key))", at: key)
          continue
        }
        guard expected.contains(name) else {
          let list = expected.joined(separator: ", ")
          report("unknown key '\(name)' in \(scope.name); expected one of: \(list)", at: key)
          continue
        }
        entries[name] = Entry(key: key, value: value)
      }
      return entries
    }

    /// The value of key `name` in `mapping`, read before the keys are checked (to name
    /// the scope of the other messages).
    static func peek(_ name: String, in mapping: Node.Mapping) -> String? {
      mapping.first { text(of: $0.key) == name }.flatMap { text(of: $0.value) }
    }

    /// The text of a scalar value; reports `'label' must be text, not a list`.
    mutating func text(_ node: Node, key: String, in scope: Scope) -> String? {
      if let text = Self.text(of: node) { return text }
      report("\(scope.prefix)'\(key)' must be text, not \(Self.describe(node))", at: node)
      return nil
    }

    /// A boolean: `true` or `false` (also quoted, and YAML 1.1's `yes`, `no`, `on`,
    /// `off`); reports anything else.
    mutating func bool(_ node: Node, key: String, in scope: Scope) -> Bool? {
      switch Self.text(of: node)?.lowercased() {
      case "true", "yes", "on": return true
      case "false", "no", "off": return false
      default: break
      }
      report("\(scope.prefix)'\(key)' must be true or false, not \(Self.describe(node))", at: node)
      return nil
    }

    /// The items of a list; reports `'levels' must be a list, not a mapping`.
    mutating func list(_ node: Node, key: String, in scope: Scope) -> [Node]? {
      if case .sequence(let sequence) = node { return Array(sequence) }
      report("\(scope.prefix)'\(key)' must be a list, not \(Self.describe(node))", at: node)
      return nil
    }

    /// A mapping; reports `'labels' must be a mapping, not a list`.
    mutating func mapping(_ node: Node, key: String, in scope: Scope) -> Node.Mapping? {
      if case .mapping(let mapping) = node { return mapping }
      report("\(scope.prefix)'\(key)' must be a mapping, not \(Self.describe(node))", at: node)
      return nil
    }

    /// A list of texts with their places; reports the items that are not text.
    mutating func texts(
      _ node: Node, key: String, in scope: Scope
    ) -> [(text: String, location: SourceLocation)]? {
      guard let items = list(node, key: key, in: scope) else { return nil }
      var texts: [(text: String, location: SourceLocation)] = []
      for item in items {
        guard let text = Self.text(of: item) else {
          report(
            "\(scope.prefix)entries of '\(key)' must be text, not \(Self.describe(item))", at: item)
          continue
        }
        texts.append((text, location(of: item)))
      }
      return texts
    }

    /// Reports `language` when the codebook declares `languages` and does not list it.
    mutating func checkLanguage(_ language: String, at node: Node, in scope: Scope) {
      guard let languages, !languages.contains(language) else { return }
      let list = languages.joined(separator: ", ")
      report("\(scope.prefix)language '\(language)' is not in 'languages' (\(list))", at: node)
    }
  }
}

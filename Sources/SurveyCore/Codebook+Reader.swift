import Yams

extension Codebook {
  /// Walks the composed YAML nodes of a codebook and collects every problem at the
  /// node that causes it, so that one run reports all the errors of a file.
  ///
  /// The walk is in `Codebook+YAML.swift` and `Codebook+YAMLVariables.swift`; the
  /// checks that compare several nodes are in `Codebook+Validation.swift`.
  struct Reader: YAMLNodeReader {
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

    /// What a message is about (see ``YAMLScope``); the codebook's subjects are below.
    typealias Scope = YAMLScope
    typealias Entry = YAMLEntry

    // MARK: Reporting

    /// `a` or `an`, for `a numeric variable`, `an ordinal variable`.
    static func article(_ word: String) -> String {
      guard let first = word.first, "aeiou".contains(first) else { return "a \(word)" }
      return "an \(word)"
    }

    // MARK: Typed access

    /// The entries of `mapping` by key, after reporting every key that is not one of
    /// `expected` (`unknown key 'lable' in variable 'sex'; expected one of: ...`).
    mutating func entries(of mapping: Node.Mapping, expected: [String], in scope: Scope) -> [String: Entry] {
      entries(of: mapping, expected: expected, in: scope) { key, list in
        "unknown key '\(key)' in \(scope.name); expected one of: \(list)"
      }
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

extension YAMLScope {
  /// The whole codebook.
  static let codebook = YAMLScope(name: "the codebook", prefix: "")

  /// A variable, by name when it has one, else by its 1-based position.
  static func variable(_ name: String?, number: Int) -> YAMLScope {
    let subject = name.map { "variable '\($0)'" } ?? "variable \(number)"
    return YAMLScope(name: subject, prefix: subject + ": ")
  }

  /// A source, by its `file` pattern when it has one, else by its 1-based position.
  static func source(_ file: String?, number: Int) -> YAMLScope {
    let subject = file.map { "source '\($0)'" } ?? "source \(number)"
    return YAMLScope(name: subject, prefix: subject + ": ")
  }

  /// A level of `variable`, by value when it has one, else by its 1-based position.
  static func level(_ value: String?, number: Int, of variable: YAMLScope) -> YAMLScope {
    let level = value.map { "level '\($0)'" } ?? "level \(number)"
    return YAMLScope(name: "\(level) of \(variable.name)", prefix: "\(variable.name), \(level): ")
  }
}

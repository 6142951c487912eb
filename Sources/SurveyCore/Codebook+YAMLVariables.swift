import Yams

extension Codebook.Reader {
  static let variableKeys = [
    "name", "type", "label", "required", "aliases", "levels", "missing_codes", "range", "storage",
    "separator", "format",
  ]
  static let levelKeys = ["value", "label", "labels", "aliases"]
  static let dateFormats = ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY"]

  /// The keys that only some types take, with those types.
  static let typeSpecificKeys: [(key: String, types: [VariableType])] = [
    ("levels", [.categorical, .ordinal, .binary, .multiSelect]),
    ("range", [.numeric]),
    ("storage", [.numeric]),
    ("separator", [.multiSelect]),
    ("format", [.date]),
  ]

  /// A variable as read, with the places the cross-checks point at. `variable` is
  /// `nil` when the declaration is too broken to build one (the reason is reported).
  struct ParsedVariable {
    var name: String?
    var scope: Scope
    var nameLocation: SourceLocation
    var aliases: [(text: String, location: SourceLocation)]
    var variable: Codebook.Variable?
  }

  /// A level as read, with the place of its value and of each of its spellings.
  struct ParsedLevel {
    var level: Codebook.Level
    var valueLocation: SourceLocation
    var spellings: [Spelling]
  }

  /// One way to write a level in data: its value, label, a per-language label or an alias.
  struct Spelling {
    var text: String
    /// `value`, `label`, `de label` or `alias`, for messages.
    var kind: String
    var location: SourceLocation
  }

  /// The `variables` list; reports an empty list.
  mutating func readVariables(_ node: Node) -> [ParsedVariable] {
    guard let items = list(node, key: "variables", in: .codebook) else { return [] }
    guard !items.isEmpty else {
      report("'variables' is empty; declare at least one variable", at: node)
      return []
    }
    return items.enumerated().compactMap { readVariable($0.element, number: $0.offset + 1) }
  }

  private mutating func readVariable(_ node: Node, number: Int) -> ParsedVariable? {
    guard case .mapping(let mapping) = node else {
      report(
        "variable \(number) must be a mapping with 'name' and 'type', not \(Self.describe(node))",
        at: node)
      return nil
    }
    let scope = Scope.variable(Self.peek("name", in: mapping), number: number)
    let entries = entries(of: mapping, expected: Self.variableKeys, in: scope)
    var parsed = ParsedVariable(
      name: nil, scope: scope, nameLocation: location(of: node), aliases: [], variable: nil)

    if let entry = entries["name"] {
      parsed.name = text(entry.value, key: "name", in: scope)
      parsed.nameLocation = location(of: entry.value)
      if let name = parsed.name, !Self.isIdentifier(name) {
        report(
          "variable name '\(name)' is not a valid identifier; "
            + "use letters, digits and '_', not starting with a digit", at: entry.value)
      }
    } else {
      report("missing required key 'name' in \(scope.name)", at: node)
    }
    var type: VariableType?
    if let entry = entries["type"], let text = text(entry.value, key: "type", in: scope) {
      type = VariableType(rawValue: text)
      if type == nil {
        let expected = VariableType.allCases.map(\.rawValue).joined(separator: ", ")
        report(
          "\(scope.prefix)unknown type '\(text)'; expected one of: \(expected)", at: entry.value)
      }
    } else if entries["type"] == nil {
      report("missing required key 'type' in \(scope.name)", at: node)
    }

    let entriesToRead = type.map { keysTaken(by: $0, from: entries, in: scope) } ?? entries
    let label = entriesToRead["label"].flatMap { text($0.value, key: "label", in: scope) }
    let required = entriesToRead["required"].flatMap { bool($0.value, key: "required", in: scope) }
    if let entry = entriesToRead["aliases"] {
      parsed.aliases = texts(entry.value, key: "aliases", in: scope) ?? []
    }
    let missingCodes = entriesToRead["missing_codes"].flatMap {
      readMissingCodes($0.value, in: scope)
    }
    let range = entriesToRead["range"].flatMap { readRange($0.value, in: scope) }
    let storage = entriesToRead["storage"].flatMap { readStorage($0.value, in: scope) }
    let separator = entriesToRead["separator"].flatMap { readSeparator($0.value, in: scope) }
    let format = entriesToRead["format"].flatMap { readFormat($0.value, in: scope) }
    let levels = entriesToRead["levels"].flatMap { readLevels($0.value, of: scope) }
    if let levels {
      checkLevels(levels, of: scope)
      if type == .multiSelect { checkSeparator(separator ?? " ", in: levels, of: scope) }
    }
    let declaration = location(of: node)
    let finalLevels = checkLevelCount(
      levels?.map(\.level), type: type, levelsNode: entriesToRead["levels"]?.value,
      at: declaration, in: scope)

    guard let name = parsed.name, let type else { return parsed }
    parsed.variable = Codebook.Variable(
      name: name, type: type, label: label, levels: finalLevels, missingCodes: missingCodes,
      range: range, required: required ?? false, aliases: parsed.aliases.map(\.text),
      storage: storage ?? .float64, separator: separator ?? " ", format: format,
      location: declaration)
    return parsed
  }

  /// Whether `name` is `[A-Za-z_][A-Za-z0-9_]*`.
  static func isIdentifier(_ name: String) -> Bool {
    func isLetter(_ byte: UInt8) -> Bool {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || byte == UInt8(ascii: "_")
    }
    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    guard let first = name.utf8.first, isLetter(first) else { return false }
    return name.utf8.allSatisfy { isLetter($0) || isDigit($0) }
  }

  /// Reports the keys that `type` does not take (`storage` on a categorical variable)
  /// and leaves them out, so that their values are not read as well.
  private mutating func keysTaken(
    by type: VariableType, from entries: [String: Entry], in scope: Scope
  ) -> [String: Entry] {
    var taken = entries
    for (key, types) in Self.typeSpecificKeys where !types.contains(type) {
      guard let entry = entries[key] else { continue }
      let allowed = types.map(\.rawValue)
      let list = allowed.dropLast().joined(separator: ", ") + (allowed.count > 1 ? " and " : "")
      report(
        "\(scope.prefix)'\(key)' is not allowed on \(Self.article(type.rawValue)) variable, "
          + "only on \(list)\(allowed.last ?? "") ones", at: entry.key)
      taken[key] = nil
    }
    return taken
  }

  private mutating func readStorage(_ node: Node, in scope: Scope) -> Codebook.Storage? {
    guard let text = text(node, key: "storage", in: scope) else { return nil }
    if let storage = Codebook.Storage(rawValue: text) { return storage }
    let expected = Codebook.Storage.allCases.map(\.rawValue).joined(separator: ", ")
    report("\(scope.prefix)invalid storage '\(text)'; expected one of: \(expected)", at: node)
    return nil
  }

  private mutating func readSeparator(_ node: Node, in scope: Scope) -> String? {
    guard let text = text(node, key: "separator", in: scope) else { return nil }
    guard text.isEmpty else { return text }
    report("\(scope.prefix)'separator' must not be empty", at: node)
    return nil
  }

  private mutating func readFormat(_ node: Node, in scope: Scope) -> String? {
    guard let text = text(node, key: "format", in: scope) else { return nil }
    if Self.dateFormats.contains(text) { return text }
    let expected = Self.dateFormats.joined(separator: ", ")
    report("\(scope.prefix)invalid date format '\(text)'; expected one of: \(expected)", at: node)
    return nil
  }

  /// A `range: [min, max]` of two finite numbers with `min <= max`.
  private mutating func readRange(_ node: Node, in scope: Scope) -> ClosedRange<Double>? {
    guard case .sequence(let sequence) = node, sequence.count == 2 else {
      let found =
        if case .sequence(let sequence) = node {
          "a list of \(sequence.count)"
        } else {
          Self.describe(node)
        }
      report("\(scope.prefix)'range' must be two numbers [min, max], not \(found)", at: node)
      return nil
    }
    var bounds: [Double] = []
    for item in sequence {
      guard let number = item.float, number.isFinite else {
        report(
          "\(scope.prefix)'range' must be two numbers [min, max]; "
            + "\(Self.describe(item)) is not a number", at: item)
        continue
      }
      bounds.append(number)
    }
    guard bounds.count == 2, let low = bounds.first, let high = bounds.last else { return nil }
    guard low <= high else {
      let texts = sequence.map { Self.text(of: $0) ?? "" }
      report(
        "\(scope.prefix)range minimum \(texts[0]) is greater than maximum \(texts[1])", at: node)
      return nil
    }
    return low...high
  }

  // MARK: Levels

  /// The `levels` list of the variable in `scope`.
  private mutating func readLevels(_ node: Node, of scope: Scope) -> [ParsedLevel]? {
    guard let items = list(node, key: "levels", in: scope) else { return nil }
    return items.enumerated().compactMap { readLevel($0.element, number: $0.offset + 1, of: scope) }
  }

  /// One level: a plain value (`- M`) or a mapping with `value`.
  private mutating func readLevel(_ node: Node, number: Int, of variable: Scope) -> ParsedLevel? {
    let nodeLocation = location(of: node)
    if let value = Self.text(of: node) {
      guard checkLevelValue(value, number: number, at: node, of: variable) else { return nil }
      let spelling = Spelling(text: value, kind: "value", location: nodeLocation)
      return ParsedLevel(
        level: Codebook.Level(value: value, location: nodeLocation), valueLocation: nodeLocation,
        spellings: [spelling])
    }
    guard case .mapping(let mapping) = node else {
      report(
        "\(variable.prefix)level \(number) must be a value or a mapping with 'value', "
          + "not \(Self.describe(node))", at: node)
      return nil
    }
    let scope = Scope.level(Self.peek("value", in: mapping), number: number, of: variable)
    let entries = entries(of: mapping, expected: Self.levelKeys, in: scope)
    var spellings: [Spelling] = []

    var value: String?
    var valueLocation = nodeLocation
    if let entry = entries["value"] {
      value = text(entry.value, key: "value", in: scope)
      valueLocation = location(of: entry.value)
      if let text = value, !checkLevelValue(text, number: number, at: entry.value, of: variable) {
        value = nil
      }
      if let value {
        spellings.append(Spelling(text: value, kind: "value", location: valueLocation))
      }
    } else {
      report("missing required key 'value' in \(scope.name)", at: node)
    }
    var label: String?
    if let entry = entries["label"] {
      label = text(entry.value, key: "label", in: scope)
      if let label {
        spellings.append(Spelling(text: label, kind: "label", location: location(of: entry.value)))
      }
    }
    var labels: [String: String] = [:]
    if let entry = entries["labels"],
      let pairs = self.mapping(entry.value, key: "labels", in: scope)
    {
      for (key, value) in pairs {
        guard let language = Self.text(of: key) else {
          report(
            "\(scope.prefix)a key of 'labels' must be a language code, not \(Self.describe(key))",
            at: key)
          continue
        }
        checkLanguage(language, at: key, in: scope)
        guard let text = text(value, key: "labels", in: scope) else { continue }
        labels[language] = text
        spellings.append(
          Spelling(text: text, kind: "\(language) label", location: location(of: value)))
      }
    }
    var aliases: [String] = []
    if let entry = entries["aliases"], let items = texts(entry.value, key: "aliases", in: scope) {
      aliases = items.map(\.text)
      spellings += items.map { Spelling(text: $0.text, kind: "alias", location: $0.location) }
    }
    guard let value else { return nil }
    let level = Codebook.Level(
      value: value, label: label, labels: labels, aliases: aliases, location: nodeLocation)
    return ParsedLevel(level: level, valueLocation: valueLocation, spellings: spellings)
  }

  /// Reports an empty level value (an empty cell is always missing).
  private mutating func checkLevelValue(
    _ value: String, number: Int, at node: Node, of variable: Scope
  ) -> Bool {
    guard value.isEmpty else { return true }
    report(
      "\(variable.prefix)level \(number) has an empty value; an empty cell is always missing",
      at: node)
    return false
  }
}

import Yams

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension Codebook {
  /// Reads the codebook at `path` (the format is in README.md).
  ///
  /// - Throws: every problem of the file at once, each at its line and column:
  ///   `cb.yaml:7:11: error: variable 'sex': unknown type 'categorcal'; expected one of: ...`.
  ///   A file that cannot be read gives one diagnostic at the path
  ///   (`cannot read codebook: No such file or directory`).
  public static func load(path: String) throws(Diagnostics) -> Codebook {
    try Codebook(yaml: readText(path: path), path: path)
  }

  /// Reads a codebook from YAML text; `path` names the file in diagnostics.
  ///
  /// - Throws: a YAML syntax error as one diagnostic at the line and column the parser
  ///   reports; otherwise every problem of the codebook, sorted by place.
  public init(yaml: String, path: String) throws(Diagnostics) {
    var reader = Reader(path: path)
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      throw Diagnostics([reader.syntaxDiagnostic(error, yaml: yaml)])
    }
    self = try reader.codebook(from: root)
  }

  /// The contents of a UTF-8 text file, or the system's reason why it cannot be read.
  private static func readText(path: String) throws(Diagnostics) -> String {
    func failure(_ reason: String) -> Diagnostics {
      Diagnostics([Diagnostic(at: SourceLocation(file: path), "cannot read codebook: \(reason)")])
    }
    func systemReason() -> String { String(cString: strerror(errno)) }

    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw failure(systemReason()) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure(systemReason())
      }
      if count == 0 { break }
      bytes += buffer[..<count]
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw failure("the file is not UTF-8 text")
    }
    return text
  }
}

extension Codebook.Reader {
  static let topKeys = ["study", "languages", "missing_codes", "sources", "variables"]
  static let sourceKeys = ["file", "delimiter", "decimal", "language"]

  /// The codebook in `root`, or every problem found in it.
  mutating func codebook(from root: Node?) throws(Diagnostics) -> Codebook {
    guard let root, !Self.isNull(root) else {
      let message = "the codebook is empty; expected a mapping with a 'variables' list"
      throw Diagnostics([Diagnostic(at: SourceLocation(file: path), message)])
    }
    guard case .mapping(let top) = root else {
      report(
        "the codebook must be a mapping with a 'variables' list, not \(Self.describe(root))",
        at: root)
      throw Diagnostics(diagnostics)
    }
    let entries = entries(of: top, expected: Self.topKeys, in: .codebook)
    // `languages` first: sources and labels are checked against it.
    if let entry = entries["languages"] {
      languages = readLanguages(entry.value)
    }
    let study = entries["study"].flatMap { text($0.value, key: "study", in: .codebook) }
    var missingCodes: [Codebook.MissingCode] = []
    if let entry = entries["missing_codes"] {
      missingCodes = readMissingCodes(entry.value, in: .codebook) ?? []
    }
    var sources: [Codebook.Source] = []
    if let entry = entries["sources"] {
      sources = readSources(entry.value)
    }
    var variables: [ParsedVariable] = []
    if let entry = entries["variables"] {
      variables = readVariables(entry.value)
    } else {
      report("missing required key 'variables' in the codebook", at: root)
    }
    checkVariableNames(variables)
    checkColumnAliases(variables)

    guard diagnostics.isEmpty else {
      let sorted = diagnostics.enumerated().sorted {
        ($0.element.location, $0.offset) < ($1.element.location, $1.offset)
      }
      throw Diagnostics(sorted.map(\.element))
    }
    return Codebook(
      path: path, study: study, languages: languages ?? [], missingCodes: missingCodes,
      sources: sources, variables: variables.compactMap(\.variable))
  }

  /// The `languages` list; reports items that are not text and codes listed twice.
  private mutating func readLanguages(_ node: Node) -> [String]? {
    guard let items = texts(node, key: "languages", in: .codebook) else { return nil }
    var languages: [String] = []
    for item in items {
      if languages.contains(item.text) {
        report("language '\(item.text)' is listed twice in 'languages'", at: item.location)
      } else {
        languages.append(item.text)
      }
    }
    return languages
  }

  /// A `missing_codes` mapping (data value -> reason name), in the order written.
  mutating func readMissingCodes(_ node: Node, in scope: Scope) -> [Codebook.MissingCode]? {
    guard let pairs = self.mapping(node, key: "missing_codes", in: scope) else { return nil }
    let reasons = MissingReason.allCases.filter { $0 != .absent }
    let expected = reasons.map(\.name).joined(separator: ", ")
    var codes: [Codebook.MissingCode] = []
    var firstLocation: [String: SourceLocation] = [:]
    for (key, value) in pairs {
      guard let code = Self.text(of: key) else {
        report("\(scope.prefix)a missing code must be a value, not \(Self.describe(key))", at: key)
        continue
      }
      if let first = firstLocation[code] {
        report(
          "\(scope.prefix)missing code '\(code)' is declared twice (first at \(Self.line(of: first)))",
          at: key)
        continue
      }
      firstLocation[code] = location(of: key)
      guard let name = Self.text(of: value) else {
        report(
          "\(scope.prefix)missing code '\(code)' must name a reason (\(expected)), "
            + "not \(Self.describe(value))", at: value)
        continue
      }
      guard let reason = reasons.first(where: { $0.name == name }) else {
        report(
          "\(scope.prefix)unknown missing reason '\(name)' for code '\(code)'; "
            + "expected one of: \(expected)", at: value)
        continue
      }
      codes.append(Codebook.MissingCode(value: code, reason: reason))
    }
    return codes
  }

  /// The `sources` list; reports bad entries and a file pattern declared twice.
  private mutating func readSources(_ node: Node) -> [Codebook.Source] {
    guard let items = list(node, key: "sources", in: .codebook) else { return [] }
    var sources: [Codebook.Source] = []
    for (index, item) in items.enumerated() {
      guard let source = readSource(item, number: index + 1) else { continue }
      if let first = sources.first(where: { $0.file == source.file }) {
        report(
          "source '\(source.file)' is declared twice (first at \(Self.line(of: first.location)))",
          at: source.location)
        continue
      }
      sources.append(source)
    }
    return sources
  }

  private mutating func readSource(_ node: Node, number: Int) -> Codebook.Source? {
    guard case .mapping(let mapping) = node else {
      report(
        "source \(number) must be a mapping with 'file', not \(Self.describe(node))", at: node)
      return nil
    }
    let scope = Scope.source(Self.peek("file", in: mapping), number: number)
    let entries = entries(of: mapping, expected: Self.sourceKeys, in: scope)
    var delimiter: UInt8?
    if let entry = entries["delimiter"], let text = text(entry.value, key: "delimiter", in: scope) {
      delimiter = Self.delimiter(text)
      if delimiter == nil {
        report(
          "\(scope.prefix)invalid delimiter '\(text)'; expected one character "
            + "other than a quote or line break, or 'tab'", at: entry.value)
      }
    }
    var decimalComma = false
    if let entry = entries["decimal"], let text = text(entry.value, key: "decimal", in: scope) {
      switch text {
      case ".": decimalComma = false
      case ",": decimalComma = true
      default:
        report("\(scope.prefix)invalid decimal '\(text)'; expected '.' or ','", at: entry.value)
      }
    }
    var language: String?
    if let entry = entries["language"] {
      language = text(entry.value, key: "language", in: scope)
      if let language { checkLanguage(language, at: entry.value, in: scope) }
    }
    guard let entry = entries["file"] else {
      report("missing required key 'file' in \(scope.name)", at: node)
      return nil
    }
    guard let file = text(entry.value, key: "file", in: scope) else { return nil }
    return Codebook.Source(
      file: file, delimiter: delimiter, decimalComma: decimalComma, language: language,
      location: location(of: node))
  }

  /// The byte of a `delimiter` setting: one ASCII character, or TAB written as `tab`,
  /// `\t` or a real tab; `nil` for anything else, a quote or a line break.
  static func delimiter(_ text: String) -> UInt8? {
    if text == "tab" || text == "\\t" { return UInt8(ascii: "\t") }
    let bytes = Array(text.utf8)
    guard bytes.count == 1, let byte = bytes.first, byte < 0x80 else { return nil }
    guard ![UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(byte) else {
      return nil
    }
    return byte
  }

  // MARK: YAML syntax errors

  /// A YAML syntax error from Yams as a diagnostic at the place the parser reports.
  func syntaxDiagnostic(_ error: any Error, yaml: String) -> Diagnostic {
    guard let error = error as? YamlError else {
      return Diagnostic(at: SourceLocation(file: path), "invalid YAML: \(error)")
    }
    func at(_ mark: Mark) -> SourceLocation {
      SourceLocation(file: path, line: mark.line, column: mark.column)
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      // libyaml's contexts read "while scanning a quoted scalar" (where it started) or
      // "expected a single document in the stream" (what was expected instead).
      let message: String
      switch context {
      case let context? where context.text.hasPrefix("while"):
        let start = "line \(context.mark.line), column \(context.mark.column)"
        message = "\(problem) (\(context.text) that starts at \(start))"
      case let context?:
        message = "\(context.text), \(problem)"
      case nil:
        message = problem
      }
      return Diagnostic(at: at(mark), "invalid YAML: \(message)")
    case .reader(let problem, let offset, _, _):
      let place = offset.map { Self.lineAndColumn(ofCharacter: $0, in: yaml) }
      let location = SourceLocation(file: path, line: place?.line, column: place?.column)
      return Diagnostic(at: location, "invalid YAML: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      let message =
        duplicates.count == 1
        ? "key \(keys) appears more than once in the same mapping"
        : "keys \(keys) appear more than once in the same mapping"
      return Diagnostic(at: at(context.mark), "invalid YAML: \(message)")
    default:
      return Diagnostic(at: SourceLocation(file: path), "invalid YAML: \(error)")
    }
  }

  /// The 1-based line and column of the character at `offset` (a count of characters).
  static func lineAndColumn(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for character in text.prefix(offset) {
      if character.isNewline {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }
}

import Aggregation
import Clean
import SurveyCore
import Weighting
import Yams

extension PipelineReader {
  // MARK: clean

  /// `rules:` (a `clean:` list written inline) or `rules_file:` (a rules file), read by
  /// the Clean module's own reader; its diagnostics keep their places in the file.
  mutating func readClean(_ entries: [String: Entry], node: Node, scope: Scope) -> StageSpec? {
    switch (entries["rules"], entries["rules_file"]) {
    case (nil, nil):
      report("\(scope.prefix)missing required key 'rules' or 'rules_file'", at: node)
      return nil
    case (_?, let file?):
      report("\(scope.prefix)give either 'rules' or 'rules_file', not both", at: file.key)
      return nil
    case (let inline?, nil):
      guard case .sequence = inline.value else {
        report(
          "\(scope.prefix)'rules' must be a list of clean rules, not \(Self.describe(inline.value))", at: inline.value)
        return nil
      }
      let rules = cleanRules(yaml: inlineRulesText(key: inline.key, value: inline.value), path: path, scope: scope)
      return rules.map { .clean(StageSpec.Clean(rules: $0, file: nil)) }
    case (nil, let file?):
      guard let name = text(file.value, key: "rules_file", in: scope) else { return nil }
      let resolved = PipelineDefinition.resolve(name, root: root)
      switch InputFiles.readText(path: resolved) {
      case .failure(let failure):
        report("\(scope.prefix)cannot read rules file '\(resolved)': \(failure.reason)", at: file.value)
        return nil
      case .success(let text):
        let rules = cleanRules(yaml: text, path: resolved, scope: scope)
        return rules.map { .clean(StageSpec.Clean(rules: $0, file: resolved)) }
      }
    }
  }

  private mutating func cleanRules(yaml: String, path: String, scope: Scope) -> CleanRules? {
    do {
      return try CleanRules(yaml: yaml, path: path)
    } catch {
      for item in error.items {
        diagnostics.append(Diagnostic(item.severity, at: item.location, scope.prefix + item.message))
      }
      return nil
    }
  }

  /// The pipeline file's text reduced to `clean:` and the lines of the inline list, each
  /// at its own line and column, so that the rules' diagnostics point into the pipeline file.
  func inlineRulesText(key: Node, value: Node) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let keyMark = key.mark, let valueMark = value.mark, valueMark.line <= lines.count else { return "clean: []" }
    let keyIndent = keyMark.column - 1
    let start = valueMark.line - 1
    func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
    func isBlank(_ line: String) -> Bool {
      let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
      return trimmed.isEmpty || trimmed.hasPrefix("#")
    }
    var end = start + 1
    while end < lines.count {
      let line = lines[end]
      let belongs =
        isBlank(line) || indent(line) > keyIndent
        || (indent(line) == keyIndent && valueMark.column - 1 == keyIndent && line.dropFirst(keyIndent).hasPrefix("-"))
      if !belongs { break }
      end += 1
    }
    if Array(lines[start]).dropFirst(valueMark.column - 1).first == "[" {
      return flowRulesText(lines: lines, line: start, column: valueMark.column - 1)
    }
    return Array(repeating: "", count: start - 1).joined(separator: "\n") + (start > 1 ? "\n" : "") + "clean:\n"
      + lines[start..<end].joined(separator: "\n")
  }

  /// A flow list (`rules: [{rule: range, ...}]`) from its `[` to the matching `]`, under a
  /// `clean:` key on the line before, each character at its own line and column.
  private func flowRulesText(lines: [String], line start: Int, column: Int) -> String {
    guard start >= 1 else { return "clean: []" }
    var depth = 0
    var quote: Character?
    var kept: [String] = []
    scan: for index in start..<lines.count {
      let characters = Array(lines[index])
      var position = index == start ? column : 0
      while position < characters.count {
        let character = characters[position]
        if let open = quote {
          if character == open { quote = nil }
        } else if character == "'" || character == "\"" {
          quote = character
        } else if character == "[" || character == "{" {
          depth += 1
        } else if character == "]" || character == "}" {
          depth -= 1
          if depth == 0 {
            let prefix = index == start ? String(repeating: " ", count: column) : ""
            let from = index == start ? column : 0
            kept.append(prefix + String(characters[from...position]))
            break scan
          }
        }
        position += 1
      }
      kept.append(index == start ? String(repeating: " ", count: column) + String(characters[column...]) : lines[index])
    }
    return Array(repeating: "", count: start - 1).joined(separator: "\n") + (start > 1 ? "\n" : "") + "clean:\n"
      + kept.joined(separator: "\n")
  }

  // MARK: weight

  mutating func readWeight(_ entries: [String: Entry], stage: inout ParsedStage) -> StageSpec? {
    let scope = stage.scope
    let node = stage.node
    let design = required("design", in: entries, at: node, scope: scope).flatMap { readDesign($0, scope: scope) }
    let method = required("method", in: entries, at: node, scope: scope).flatMap {
      choice($0, key: "method", in: scope, as: StageSpec.Weight.Method.self)
    }
    let margins = required("margins", in: entries, at: node, scope: scope).flatMap {
      text($0, key: "margins", in: scope)
    }
    if let margins, let entry = entries["margins"] { stage.inputs.append(("margins", margins, entry.value)) }
    let variables = entries["variables"].flatMap { names($0.value, key: "variables", in: scope) } ?? []
    var bounds: ClosedRange<Double>?
    if let entry = entries["bounds"] {
      if method != nil, method != .calibrate {
        report("\(scope.prefix)'bounds' applies to method calibrate only", at: entry.key)
      } else if let pair = readBounds(entry.value, key: "bounds", scope: scope) {
        bounds = pair.lower...pair.upper
      }
    }
    var trim: StageSpec.Weight.Trim?
    if let entry = entries["trim"] { trim = readTrim(entry.value, scope: scope) }
    let collapse = entries["collapse"].map { readCollapse($0.value, scope: scope) } ?? []
    let variance =
      entries["variance"].map { choice($0.value, key: "variance", in: scope, as: CalibratedWeights.Variance.self) }
      ?? .calibrated
    let maxIterations =
      entries["max_iterations"].map { positiveInteger($0.value, key: "max_iterations", in: scope) } ?? 100
    guard let design, let method, let margins, let variance, let maxIterations else { return nil }
    if entries["bounds"] != nil, bounds == nil { return nil }
    if entries["trim"] != nil, trim == nil { return nil }
    guard let collapse else { return nil }
    return .weight(
      StageSpec.Weight(
        design: design, method: method, margins: margins, variables: variables.map(\.text), bounds: bounds,
        trim: trim, collapse: collapse, variance: variance, maxIterations: maxIterations))
  }

  /// `{age_group: {"45+": [45-64, 65+]}}`: per variable, new levels and the levels they merge.
  private mutating func readCollapse(_ node: Node, scope: Scope) -> [StageSpec.Weight.Collapse]? {
    guard let mapping = mapping(node, key: "collapse", in: scope) else { return nil }
    var result: [StageSpec.Weight.Collapse] = []
    var valid = true
    for (variableNode, levelsNode) in mapping {
      guard let variable = text(variableNode, key: "collapse", in: scope),
        let merges = self.mapping(levelsNode, key: "collapse: \(variable)", in: scope)
      else {
        valid = false
        continue
      }
      var seen: Set<String> = []
      for (intoNode, listNode) in merges {
        guard let into = text(intoNode, key: "collapse: \(variable)", in: scope),
          let levels = names(listNode, key: "collapse: \(variable): \(into)", in: scope)
        else {
          valid = false
          continue
        }
        for level in levels where !seen.insert(level.text).inserted {
          report("\(scope.prefix)'collapse': level '\(level.text)' of '\(variable)' is merged twice", at: level.node)
          valid = false
        }
        result.append(.init(variable: variable, into: into, levels: levels.map(\.text)))
      }
    }
    return valid ? result : nil
  }

  /// `{lower: 0.5, upper: 2}`, both required, lower <= upper.
  private mutating func readBounds(_ node: Node, key: String, scope: Scope) -> (lower: Double, upper: Double)? {
    guard let mapping = mapping(node, key: key, in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'\(key)': ")
    let entries = entries(of: mapping, expected: ["lower", "upper"], in: inner)
    let lower = required("lower", in: entries, at: node, scope: inner).flatMap { number($0, key: "lower", in: inner) }
    let upper = required("upper", in: entries, at: node, scope: inner).flatMap { number($0, key: "upper", in: inner) }
    guard let lower, let upper else { return nil }
    guard lower <= upper else {
      report("\(inner.prefix)'lower' must not be above 'upper'", at: node)
      return nil
    }
    return (lower, upper)
  }

  /// `{lower: 100, upper: 8000, strict: false}`: bounds on the final weights, at least one.
  private mutating func readTrim(_ node: Node, scope: Scope) -> StageSpec.Weight.Trim? {
    guard let mapping = mapping(node, key: "trim", in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'trim': ")
    let entries = entries(of: mapping, expected: ["lower", "upper", "strict"], in: inner)
    guard entries["lower"] != nil || entries["upper"] != nil else {
      report("\(inner.prefix)give 'lower', 'upper' or both", at: node)
      return nil
    }
    let lower = entries["lower"].map { number($0.value, key: "lower", in: inner) } ?? -Double.infinity
    let upper = entries["upper"].map { number($0.value, key: "upper", in: inner) } ?? Double.infinity
    let strict = entries["strict"].map { bool($0.value, key: "strict", in: inner) } ?? false
    guard let lower, let upper, let strict else { return nil }
    guard lower <= upper else {
      report("\(inner.prefix)'lower' must not be above 'upper'", at: node)
      return nil
    }
    return StageSpec.Weight.Trim(lower: lower, upper: upper, strict: strict)
  }

  static let designKeys = ["weights", "strata", "clusters", "fpc", "nest", "lonely_psu"]

  /// The design's columns; `weights` is required.
  mutating func readDesign(_ node: Node, scope: Scope) -> StageSpec.Design? {
    guard let mapping = mapping(node, key: "design", in: scope) else { return nil }
    let inner = Scope(name: "the design of \(scope.name)", prefix: "\(scope.prefix)'design': ")
    let entries = entries(of: mapping, expected: Self.designKeys, in: inner)
    let weights = required("weights", in: entries, at: node, scope: inner).flatMap {
      text($0, key: "weights", in: inner)
    }
    let strata = entries["strata"].flatMap { text($0.value, key: "strata", in: inner) }
    let clusters = entries["clusters"].flatMap { names($0.value, key: "clusters", in: inner) } ?? []
    let fpc = entries["fpc"].flatMap { names($0.value, key: "fpc", in: inner) } ?? []
    let nest = entries["nest"].map { bool($0.value, key: "nest", in: inner) } ?? false
    let lonely =
      entries["lonely_psu"].map { choice($0.value, key: "lonely_psu", in: inner, as: SurveyDesign.LonelyPSU.self) }
      ?? .fail
    guard let weights, let nest, let lonely else { return nil }
    return StageSpec.Design(
      weights: weights, strata: strata, clusters: clusters.map(\.text), fpc: fpc.map(\.text), nest: nest,
      lonelyPSU: lonely)
  }
}

import Clean
import SurveyCore
import Yams

extension PipelineReader {
  /// A stage as read, with the nodes that the checks across stages report at.
  struct ParsedStage {
    var name: String?
    var number: Int
    var node: Node
    var kind: StageSpec.Kind?
    var spec: StageSpec?
    var needs: [(text: String, node: Node)] = []
    var per: (text: String, node: Node)?
    /// Inputs named by the stage's parameters: `files`, `codebook`, `margins`.
    var inputs: [(key: String, text: String, node: Node)] = []

    var scope: Scope { .stage(name, number: number) }
  }

  /// The validated definition in `root`, or every problem found in it.
  mutating func definition(from root: Node?) throws(Diagnostics) -> PipelineDefinition {
    guard let root, !YAMLNodes.isNull(root) else {
      let message = "the pipeline file is empty; expected a mapping with 'name', 'inputs' and 'stages'"
      throw Diagnostics([Diagnostic(at: SourceLocation(file: path), message)])
    }
    guard case .mapping(let top) = root else {
      report(
        "the pipeline file must be a mapping with 'name', 'inputs' and 'stages', not \(Self.describe(root))",
        at: root)
      throw sortedDiagnostics
    }
    let entries = entries(of: top, expected: Self.topKeys, in: .pipeline)
    let name = required("name", in: entries, at: root, scope: .pipeline).flatMap {
      text($0, key: "name", in: .pipeline)
    }
    if let entry = entries["description"] { _ = text(entry.value, key: "description", in: .pipeline) }
    var output = "output/"
    if let entry = entries["output"], let text = text(entry.value, key: "output", in: .pipeline) {
      output = text
    }
    var inputs: [PipelineDefinition.Input] = []
    if let node = required("inputs", in: entries, at: root, scope: .pipeline) {
      inputs = readInputs(node)
    }
    var stages: [ParsedStage] = []
    if let node = required("stages", in: entries, at: root, scope: .pipeline),
      let items = list(node, key: "stages", in: .pipeline)
    {
      if items.isEmpty { report("'stages' must list at least one stage", at: node) }
      for (index, item) in items.enumerated() {
        if let stage = readStage(item, number: index + 1) { stages.append(stage) }
      }
    }
    let fanOutValues = check(stages: &stages, inputs: inputs)

    guard diagnostics.isEmpty, let name else { throw sortedDiagnostics }
    let built = stages.compactMap { stage -> PipelineDefinition.Stage? in
      guard let name = stage.name, let spec = stage.spec else { return nil }
      let per = stage.per.map { PipelineDefinition.FanOut(variable: $0.text, values: fanOutValues[$0.text] ?? []) }
      return PipelineDefinition.Stage(
        name: name, needs: stage.needs.map(\.text), per: per, spec: spec, location: location(of: stage.node))
    }
    return PipelineDefinition(
      name: name, path: path, root: self.root, inputs: inputs,
      output: PipelineDefinition.resolve(output, root: self.root),
      stages: built)
  }

  // MARK: Inputs

  /// The `inputs` mapping: name -> path or pattern, or a list of them; reports
  /// patterns that match no file.
  private mutating func readInputs(_ node: Node) -> [PipelineDefinition.Input] {
    guard let mapping = mapping(node, key: "inputs", in: .pipeline) else { return [] }
    var inputs: [PipelineDefinition.Input] = []
    for (key, value) in mapping {
      guard let name = Self.text(of: key) else {
        report("an input's name must be text, not \(Self.describe(key))", at: key)
        continue
      }
      let scope = Scope.input(name)
      guard let patterns = names(value, key: "files", in: scope) else { continue }
      var files: [String] = []
      for pattern in patterns {
        let resolved = PipelineDefinition.resolve(pattern.text, root: root)
        let matched = InputFiles.expand(resolved)
        if matched.isEmpty {
          let isPattern = pattern.text.contains { "*?[".contains($0) }
          report(
            isPattern
              ? "\(scope.prefix)no file matches '\(resolved)'" : "\(scope.prefix)file '\(resolved)' does not exist",
            at: pattern.node)
        }
        files += matched
      }
      inputs.append(
        PipelineDefinition.Input(
          name: name, patterns: patterns.map(\.text), files: files, location: location(of: key)))
    }
    return inputs
  }

  // MARK: Stages

  static let commonKeys = ["name", "kind", "needs", "per"]
  static let kindKeys: [StageSpec.Kind: [String]] = [
    .ingest: ["files", "codebook"],
    .clean: ["rules", "rules_file"],
    .weight: [
      "design", "method", "margins", "variables", "collapse", "bounds", "trim", "variance", "max_iterations",
    ],
    .aggregate: ["design", "estimates", "crosstabs", "interval", "level"],
    .report: [
      "outputs", "language", "title", "profiles", "disclosure", "templates", "index", "focus_groups",
    ],
  ]

  /// One item of `stages`: the common keys, then the kind's parameters.
  private mutating func readStage(_ node: Node, number: Int) -> ParsedStage? {
    guard case .mapping(let mapping) = node else {
      report("stage \(number) must be a mapping with 'name' and 'kind', not \(Self.describe(node))", at: node)
      return nil
    }
    var stage = ParsedStage(name: Self.peek("name", in: mapping), number: number, node: node)
    let scope = stage.scope
    var kind: StageSpec.Kind?
    if let kindNode = mapping.first(where: { Self.text(of: $0.key) == "kind" })?.value {
      kind = choice(kindNode, key: "kind", in: scope, as: StageSpec.Kind.self)
    } else {
      report("\(scope.prefix)missing required key 'kind'", at: node)
    }
    stage.kind = kind
    let expected = Self.commonKeys + (kind.flatMap { Self.kindKeys[$0] } ?? [])
    // Without a known kind, its parameters cannot be told from misspelt keys.
    let entries = kind == nil ? [:] : entries(of: mapping, expected: expected, in: scope)
    if let nameNode = mapping.first(where: { Self.text(of: $0.key) == "name" })?.value {
      if let name = text(nameNode, key: "name", in: scope), !Self.isStageName(name) {
        report("\(scope.prefix)a stage name may hold only letters, digits, '_' and '-'", at: nameNode)
        stage.name = nil
      }
    } else {
      report("\(scope.prefix)missing required key 'name'", at: node)
    }
    if let entry = entries["needs"] { stage.needs = names(entry.value, key: "needs", in: scope) ?? [] }
    if let entry = entries["per"], let text = text(entry.value, key: "per", in: scope) {
      stage.per = (text, entry.value)
    }
    guard let kind else { return stage }
    switch kind {
    case .ingest: stage.spec = readIngest(entries, stage: &stage)
    case .clean: stage.spec = readClean(entries, node: node, scope: scope)
    case .weight: stage.spec = readWeight(entries, stage: &stage)
    case .aggregate: stage.spec = readAggregate(entries, node: node, scope: scope)
    case .report: stage.spec = readReport(entries, node: node, scope: scope, stage: &stage)
    }
    return stage
  }

  static func isStageName(_ name: String) -> Bool {
    !name.isEmpty
      && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || "0123456789_-".unicodeScalars.contains($0) }
  }

  private mutating func readIngest(_ entries: [String: Entry], stage: inout ParsedStage) -> StageSpec? {
    let scope = stage.scope
    var spec = StageSpec.Ingest(files: [], codebook: nil)
    guard let filesNode = required("files", in: entries, at: stage.node, scope: scope) else { return nil }
    let files = names(filesNode, key: "files", in: scope) ?? []
    spec.files = files.map(\.text)
    stage.inputs += files.map { ("files", $0.text, $0.node) }
    if let entry = entries["codebook"], let name = text(entry.value, key: "codebook", in: scope) {
      spec.codebook = name
      stage.inputs.append(("codebook", name, entry.value))
    }
    return .ingest(spec)
  }
}

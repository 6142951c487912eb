/// The stages of a valid pipeline ordered by their `needs`, and drawn as text, Mermaid
/// or Graphviz DOT (`mighealth plan`). Output is deterministic: among stages that are
/// ready at the same time, the one written first comes first.
public struct StageGraph: Sendable {
  public enum Format: String, Sendable, CaseIterable {
    case text, mermaid, dot
  }

  public let definition: PipelineDefinition
  /// The stages in a topological order: each after every stage it needs.
  public let order: [PipelineDefinition.Stage]

  /// The graph of a validated definition (which has no cycles and no unknown needs).
  public init(_ definition: PipelineDefinition) {
    self.definition = definition
    var placed: Set<String> = []
    var order: [PipelineDefinition.Stage] = []
    var remaining = definition.stages
    while let index = remaining.firstIndex(where: { $0.needs.allSatisfy(placed.contains) }) {
      let stage = remaining.remove(at: index)
      placed.insert(stage.name)
      order.append(stage)
    }
    precondition(remaining.isEmpty, "StageGraph needs a validated definition without cycles")
    self.order = order
  }

  public func render(_ format: Format) -> String {
    switch format {
    case .text: text()
    case .mermaid: mermaid()
    case .dot: dot()
    }
  }

  /// `per country (10 tasks: GR, IT, ...)`, or `per country` when the values are known only after
  /// ingest. An aggregate stage estimates within every country in one pass (domains of the full
  /// design), so its fan-out is by domain, not by task.
  static func fanOut(_ per: PipelineDefinition.FanOut, kind: StageSpec.Kind) -> String {
    if kind == .aggregate { return "per \(per.variable) (domains of one pass, and over all)" }
    guard !per.values.isEmpty else { return "per \(per.variable)" }
    let tasks = per.values.count == 1 ? "1 task" : "\(per.values.count) tasks"
    return "per \(per.variable) (\(tasks): \(per.values.joined(separator: ", ")))"
  }

  private func text() -> String {
    let count = order.count == 1 ? "1 stage" : "\(order.count) stages"
    var lines = ["pipeline '\(definition.name)' (\(definition.path)): \(count), output to \(definition.output)"]
    if !definition.inputs.isEmpty {
      lines.append("inputs:")
      for input in definition.inputs {
        let files = input.files.count == 1 ? "1 file" : "\(input.files.count) files"
        lines.append("  \(input.name): \(input.patterns.joined(separator: ", ")) (\(files))")
      }
    }
    lines.append("stages, in order:")
    for (index, stage) in order.enumerated() {
      var line = "  \(index + 1). \(stage.name) (\(stage.kind.rawValue))"
      if !stage.needs.isEmpty { line += ", needs \(stage.needs.joined(separator: ", "))" }
      if let per = stage.per { line += ", \(Self.fanOut(per, kind: stage.kind))" }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The label of a stage's box: `weight (weight, per country x10)`.
  private func label(_ stage: PipelineDefinition.Stage) -> String {
    var details = [stage.kind.rawValue]
    if let per = stage.per {
      details.append(
        per.values.isEmpty || stage.kind == .aggregate
          ? "per \(per.variable)" : "per \(per.variable) x\(per.values.count)")
    }
    return "\(stage.name) (\(details.joined(separator: ", ")))"
  }

  private func mermaid() -> String {
    var lines = ["graph TD"]
    var ids: [String: String] = [:]
    for (index, stage) in order.enumerated() {
      ids[stage.name] = "s\(index + 1)"
      lines.append("  s\(index + 1)[\"\(label(stage))\"]")
    }
    for stage in order {
      for need in stage.needs {
        lines.append("  \(ids[need] ?? need) --> \(ids[stage.name] ?? stage.name)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func dot() -> String {
    func quoted(_ text: String) -> String {
      var escaped = ""
      for character in text {
        if character == "\"" || character == "\\" { escaped.append("\\") }
        escaped.append(character)
      }
      return "\"" + escaped + "\""
    }
    var lines = ["digraph \(quoted(definition.name)) {", "  rankdir=TB;", "  node [shape=box];"]
    for stage in order {
      lines.append("  \(quoted(stage.name)) [label=\(quoted(label(stage)))];")
    }
    for stage in order {
      for need in stage.needs {
        lines.append("  \(quoted(need)) -> \(quoted(stage.name));")
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }
}

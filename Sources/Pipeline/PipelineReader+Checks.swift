import SurveyCore
import Yams

extension PipelineReader {
  /// The checks across stages and against the files: stage names used twice, `needs`
  /// naming unknown stages, cycles, inputs named by stages, codebooks, `per` variables.
  ///
  /// - Returns: the levels of each `per` variable, from the first ingest stage's codebook.
  mutating func check(
    stages: inout [ParsedStage], inputs: [PipelineDefinition.Input]
  ) -> [String: [String]] {
    var first: [String: SourceLocation] = [:]
    for index in stages.indices {
      guard let name = stages[index].name else { continue }
      let here = location(of: stages[index].node)
      if let earlier = first[name] {
        report("stage name '\(name)' is already used at \(Self.line(of: earlier))", at: here)
        stages[index].name = nil
      } else {
        first[name] = here
      }
    }
    let known = stages.compactMap(\.name)
    for stage in stages {
      for need in stage.needs where !known.contains(need.text) {
        let list = known.joined(separator: ", ")
        report("\(stage.scope.prefix)needs unknown stage '\(need.text)'; expected one of: \(list)", at: need.node)
      }
    }
    checkCycles(stages)
    checkAggregateDesigns(stages)

    let inputNames = inputs.map(\.name)
    var codebook: Codebook?
    var loaded: Set<String> = []
    for stage in stages {
      for reference in stage.inputs {
        guard let input = inputs.first(where: { $0.name == reference.text }) else {
          let list = inputNames.joined(separator: ", ")
          report(
            "\(stage.scope.prefix)'\(reference.key)' names unknown input '\(reference.text)'; expected one of: \(list)",
            at: reference.node)
          continue
        }
        guard reference.key != "files", !input.files.isEmpty else { continue }
        guard input.files.count == 1, let file = input.files.first else {
          report(
            "\(stage.scope.prefix)'\(reference.key)' input '\(input.name)' must be one file, not \(input.files.count)",
            at: reference.node)
          continue
        }
        guard reference.key == "codebook", !loaded.contains(file) else { continue }
        loaded.insert(file)
        do {
          let read = try Codebook.load(path: file)
          if codebook == nil { codebook = read }
        } catch {
          diagnostics += error.items
        }
      }
    }
    return fanOutValues(stages, codebook: codebook)
  }

  /// The levels of every `per` variable; reports variables the codebook does not have.
  private mutating func fanOutValues(_ stages: [ParsedStage], codebook: Codebook?) -> [String: [String]] {
    var values: [String: [String]] = [:]
    for stage in stages {
      guard let per = stage.per, let codebook else { continue }
      guard let variable = codebook.variables.first(where: { $0.name == per.text }) else {
        report(
          "\(stage.scope.prefix)'per' names '\(per.text)', which is not a variable of \(codebook.path)", at: per.node)
        continue
      }
      values[per.text] = variable.levels.map(\.value)
    }
    return values
  }

  /// Reports each cycle of `needs` once, at the `needs` entry that closes it, naming it
  /// in the direction of the dependencies: `a -> b -> a` (a needs b, b needs a).
  private mutating func checkCycles(_ stages: [ParsedStage]) {
    let byName = Dictionary(
      stages.compactMap { stage in stage.name.map { ($0, stage) } }, uniquingKeysWith: { first, _ in first })
    enum Mark { case visiting, done }
    var marks: [String: Mark] = [:]
    var path: [String] = []

    func visit(_ name: String) {
      guard let stage = byName[name] else { return }
      marks[name] = .visiting
      path.append(name)
      for need in stage.needs where byName[need.text] != nil {
        switch marks[need.text] {
        case .visiting?:
          let start = path.lastIndex(of: need.text) ?? path.startIndex
          let cycle = (path[start...] + [need.text]).joined(separator: " -> ")
          report("\(stage.scope.prefix)'needs' makes a cycle: \(cycle)", at: need.node)
        case .done?: break
        case nil: visit(need.text)
        }
      }
      path.removeLast()
      marks[name] = .done
    }
    for stage in stages {
      if let name = stage.name, marks[name] == nil { visit(name) }
    }
  }

  /// An aggregate stage without `design` takes the design of a weight stage it needs
  /// (directly or through other stages); reports one that has none to take.
  private mutating func checkAggregateDesigns(_ stages: [ParsedStage]) {
    let byName = Dictionary(
      stages.compactMap { stage in stage.name.map { ($0, stage) } }, uniquingKeysWith: { first, _ in first })
    for stage in stages {
      guard case .aggregate(let spec)? = stage.spec, spec.design == nil else { continue }
      var seen: Set<String> = []
      var queue = stage.needs.map(\.text)
      var found = false
      while let name = queue.popLast() {
        guard seen.insert(name).inserted, let upstream = byName[name] else { continue }
        if upstream.kind == .weight {
          found = true
          break
        }
        queue += upstream.needs.map(\.text)
      }
      if !found {
        report(
          "\(stage.scope.prefix)missing required key 'design' (no weight stage before it to take the design from)",
          at: stage.node)
      }
    }
  }
}

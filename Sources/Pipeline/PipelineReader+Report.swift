import SurveyCore
import Yams

extension PipelineReader {
  // MARK: report

  mutating func readReport(_ entries: [String: Entry], node: Node, scope: Scope, stage: inout ParsedStage)
    -> StageSpec?
  {
    guard let outputsNode = required("outputs", in: entries, at: node, scope: scope),
      let names = names(outputsNode, key: "outputs", in: scope)
    else { return nil }
    var outputs: [StageSpec.Report.Output] = []
    for name in names {
      if let output = choice(name.node, key: "output", in: scope, as: StageSpec.Report.Output.self) {
        outputs.append(output)
      }
    }
    let language = entries["language"].flatMap { text($0.value, key: "language", in: scope) }
    let title = entries["title"].flatMap { text($0.value, key: "title", in: scope) }
    let profiles = entries["profiles"].flatMap { readProfiles($0.value, scope: scope) }
    if outputs.contains(.profiles), entries["profiles"] == nil {
      report(
        "\(scope.prefix)the 'profiles' output needs a 'profiles:' mapping (composition, health, barriers)", at: node)
    }
    let disclosure =
      entries["disclosure"].map { readDisclosure($0.value, scope: scope) } ?? StageSpec.Report.Disclosure()
    var templates: String?
    if let entry = entries["templates"], let folder = text(entry.value, key: "templates", in: scope) {
      let resolved = PipelineDefinition.resolve(folder, root: root)
      if InputFiles.isDirectory(resolved) {
        templates = resolved
      } else {
        report("\(scope.prefix)'templates': folder '\(resolved)' does not exist", at: entry.value)
      }
    }
    guard let disclosure else { return nil }
    return .report(
      StageSpec.Report(
        outputs: outputs, language: language, title: title, profiles: profiles, disclosure: disclosure,
        templates: templates))
  }

  private mutating func readProfiles(_ node: Node, scope: Scope) -> StageSpec.Report.Profiles? {
    guard let mapping = mapping(node, key: "profiles", in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'profiles': ")
    let entries = entries(
      of: mapping, expected: ["composition", "health", "barriers", "barrier_level", "unmet_need"], in: inner)
    func list(_ key: String) -> [String] {
      entries[key].flatMap { names($0.value, key: key, in: inner) }?.map(\.text) ?? []
    }
    let level = entries["barrier_level"].flatMap { text($0.value, key: "barrier_level", in: inner) } ?? "1"
    var unmetNeed: (rows: String, columns: String)?
    if let entry = entries["unmet_need"], let pair = self.mapping(entry.value, key: "unmet_need", in: inner) {
      let pairScope = Scope(name: scope.name, prefix: "\(inner.prefix)'unmet_need': ")
      let pairEntries = self.entries(of: pair, expected: ["rows", "cols"], in: pairScope)
      let rows = required("rows", in: pairEntries, at: entry.value, scope: pairScope).flatMap {
        text($0, key: "rows", in: pairScope)
      }
      let columns = required("cols", in: pairEntries, at: entry.value, scope: pairScope).flatMap {
        text($0, key: "cols", in: pairScope)
      }
      if let rows, let columns { unmetNeed = (rows, columns) }
    }
    return StageSpec.Report.Profiles(
      composition: list("composition"), health: list("health"), barriers: list("barriers"), barrierLevel: level,
      unmetNeed: unmetNeed)
  }

  private mutating func readDisclosure(_ node: Node, scope: Scope) -> StageSpec.Report.Disclosure? {
    guard let mapping = mapping(node, key: "disclosure", in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'disclosure': ")
    let entries = entries(of: mapping, expected: ["min_n", "unreliable_rse", "suppress_rse", "quotes"], in: inner)
    var disclosure = StageSpec.Report.Disclosure()
    if let entry = entries["min_n"] {
      guard let value = positiveInteger(entry.value, key: "min_n", in: inner) else { return nil }
      disclosure.minimumCount = value
    }
    for (key, path) in [
      ("unreliable_rse", \StageSpec.Report.Disclosure.unreliableRSE), ("suppress_rse", \.suppressionRSE),
    ] {
      guard let entry = entries[key] else { continue }
      guard let value = number(entry.value, key: key, in: inner), value > 0 else {
        report("\(inner.prefix)'\(key)' must be a number above 0", at: entry.value)
        return nil
      }
      disclosure[keyPath: path] = value
    }
    if let entry = entries["quotes"] {
      guard let value = bool(entry.value, key: "quotes", in: inner) else { return nil }
      disclosure.quotes = value
    }
    guard disclosure.unreliableRSE <= disclosure.suppressionRSE else {
      report("\(inner.prefix)'unreliable_rse' must not be above 'suppress_rse'", at: node)
      return nil
    }
    return disclosure
  }
}

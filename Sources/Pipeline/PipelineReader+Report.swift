import Reporting
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
      var resolved = PipelineDefinition.resolve(folder, root: root)
      while resolved.count > 1, resolved.hasSuffix("/") { resolved.removeLast() }
      if InputFiles.isDirectory(resolved) {
        templates = resolved
        // The templates are checked now, so that `mighealth check` (and CI) catches a
        // broken one, at its own file, line and column.
        do {
          _ = try ProfileTemplates(folder: resolved)
        } catch {
          diagnostics.append(
            Diagnostic(at: SourceLocation(file: error.path, line: error.line, column: error.column), error.message))
        }
      } else {
        report("\(scope.prefix)'templates': folder '\(resolved)' does not exist", at: entry.value)
      }
    }
    let index = entries["index"].map { readIndex($0.value, scope: scope) }
    let focusGroups = entries["focus_groups"].map { readFocusGroups($0.value, scope: scope, stage: &stage) }
    guard let disclosure, index.map({ $0 != nil }) ?? true, focusGroups.map({ $0 != nil }) ?? true else {
      return nil
    }
    return .report(
      StageSpec.Report(
        outputs: outputs, language: language, title: title, profiles: profiles, disclosure: disclosure,
        templates: templates, index: index ?? nil, focusGroups: focusGroups ?? nil))
  }

  private mutating func readIndex(_ node: Node, scope: Scope) -> StageSpec.Report.Index? {
    guard let mapping = mapping(node, key: "index", in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'index': ")
    let entries = entries(
      of: mapping,
      expected: [
        "dimensions", "negative", "normalization", "weights", "dimension_weights", "aggregation", "groups",
        "rank_replicates", "sensitivity",
      ], in: inner)
    guard let dimensionsNode = required("dimensions", in: entries, at: node, scope: inner),
      let dimensionMapping = self.mapping(dimensionsNode, key: "dimensions", in: inner)
    else { return nil }
    let negative = Set(entries["negative"].flatMap { names($0.value, key: "negative", in: inner) }?.map(\.text) ?? [])
    var dimensions: [CompositeIndex.Dimension] = []
    for (nameNode, itemsNode) in dimensionMapping {
      guard let name = text(nameNode, key: "dimensions", in: inner),
        let items = names(itemsNode, key: "dimensions: \(name)", in: inner)
      else { continue }
      dimensions.append(
        .init(name, items: items.map { .init($0.text, polarity: negative.contains($0.text) ? .negative : .positive) }))
    }
    let normalization = entries["normalization"].map { readNormalization($0.value, scope: inner) } ?? .minMax()
    let weights = entries["weights"].map { readWeights($0.value, key: "weights", scope: inner) } ?? .equal
    let dimensionWeights =
      entries["dimension_weights"].map { readWeights($0.value, key: "dimension_weights", scope: inner) } ?? .equal
    let aggregation = entries["aggregation"].map { readAggregation($0.value, scope: inner) } ?? .arithmetic
    let groups = entries["groups"].flatMap { names($0.value, key: "groups", in: inner) }?.map(\.text) ?? []
    var replicates = StageSpec.Report.Index.RankReplicates(method: .bootstrap, replicates: 200, seed: 1)
    if let entry = entries["rank_replicates"] {
      guard let read = readRankReplicates(entry.value, scope: inner) else { return nil }
      replicates = read
    }
    var scenarios: [CompositeIndex.Scenario] = []
    if let entry = entries["sensitivity"], let list = list(entry.value, key: "sensitivity", in: inner) {
      for item in list { if let scenario = readScenario(item, scope: inner) { scenarios.append(scenario) } }
    }
    guard let normalization, let weights, let dimensionWeights, let aggregation else { return nil }
    do {
      let index = try CompositeIndex(
        dimensions: dimensions, normalization: normalization, itemWeights: weights,
        dimensionWeights: dimensionWeights, aggregation: aggregation)
      return .init(index: index, groups: groups, rankReplicates: replicates, sensitivity: scenarios)
    } catch {
      report("\(inner.prefix)\(error)", at: dimensionsNode)
      return nil
    }
  }

  private mutating func readNormalization(_ node: Node, scope: Scope) -> CompositeIndex.Normalization? {
    switch Self.text(of: node) {
    case "min_max": return .minMax()
    case "min_max_1_100": return .minMax(to: 1...100)
    case "z_score": return .zScore
    case "rank": return .rank
    default:
      report(
        "\(scope.prefix)'normalization' must be one of: min_max, min_max_1_100, z_score, rank, not \(Self.describe(node))",
        at: node)
      return nil
    }
  }

  private mutating func readAggregation(_ node: Node, scope: Scope) -> CompositeIndex.Aggregation? {
    switch Self.text(of: node) {
    case "arithmetic": return .arithmetic
    case "geometric": return .geometric
    default:
      report("\(scope.prefix)'aggregation' must be arithmetic or geometric, not \(Self.describe(node))", at: node)
      return nil
    }
  }

  /// `equal`, `pca`, or a mapping of names to weights.
  private mutating func readWeights(_ node: Node, key: String, scope: Scope) -> CompositeIndex.Weights? {
    switch Self.text(of: node) {
    case "equal": return .equal
    case "pca": return .principalComponents
    case nil:
      guard case .mapping(let mapping) = node else { break }
      var weights: [String: Double] = [:]
      for (nameNode, valueNode) in mapping {
        guard let name = text(nameNode, key: key, in: scope), let value = number(valueNode, key: name, in: scope)
        else { return nil }
        weights[name] = value
      }
      return .explicit(weights)
    default: break
    }
    report(
      "\(scope.prefix)'\(key)' must be equal, pca or a mapping of names to weights, not \(Self.describe(node))",
      at: node)
    return nil
  }

  private mutating func readRankReplicates(_ node: Node, scope: Scope) -> StageSpec.Report.Index.RankReplicates? {
    guard let mapping = mapping(node, key: "rank_replicates", in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'rank_replicates': ")
    let entries = entries(of: mapping, expected: ["method", "replicates", "seed"], in: inner)
    let method = required("method", in: entries, at: node, scope: inner).flatMap {
      choice($0, key: "method", in: inner, as: StageSpec.Report.Index.RankReplicates.Method.self)
    }
    let count = entries["replicates"].map { positiveInteger($0.value, key: "replicates", in: inner) } ?? 200
    var seed: UInt64? = 1
    if let entry = entries["seed"] {
      seed = Self.text(of: entry.value).flatMap { UInt64($0) }
      if seed == nil { report("\(inner.prefix)'seed' must be a whole number >= 0", at: entry.value) }
    }
    guard let method, let count, let seed else { return nil }
    return .init(method: method, replicates: count, seed: seed)
  }

  private mutating func readScenario(_ node: Node, scope: Scope) -> CompositeIndex.Scenario? {
    guard let mapping = mapping(node, key: "sensitivity", in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'sensitivity': ")
    let entries = entries(
      of: mapping, expected: ["name", "normalization", "weights", "dimension_weights", "aggregation"], in: inner)
    let normalization = entries["normalization"].map { readNormalization($0.value, scope: inner) }
    let weights = entries["weights"].map { readWeights($0.value, key: "weights", scope: inner) }
    let dimensionWeights = entries["dimension_weights"].map {
      readWeights($0.value, key: "dimension_weights", scope: inner)
    }
    let aggregation = entries["aggregation"].map { readAggregation($0.value, scope: inner) }
    if normalization == .some(nil) || weights == .some(nil) || dimensionWeights == .some(nil)
      || aggregation == .some(nil)
    {
      return nil
    }
    let parts = [
      entries["normalization"].flatMap { Self.text(of: $0.value) }, entries["weights"].map { _ in "weights" },
      entries["aggregation"].flatMap { Self.text(of: $0.value) },
    ].compactMap { $0 }
    let name = entries["name"].flatMap { text($0.value, key: "name", in: inner) } ?? parts.joined(separator: ", ")
    return CompositeIndex.Scenario(
      name, normalization: normalization ?? nil, itemWeights: weights ?? nil,
      dimensionWeights: dimensionWeights ?? nil, aggregation: aggregation ?? nil)
  }

  private mutating func readFocusGroups(_ node: Node, scope: Scope, stage: inout ParsedStage)
    -> StageSpec.Report.FocusGroups?
  {
    guard let mapping = mapping(node, key: "focus_groups", in: scope) else { return nil }
    let inner = Scope(name: scope.name, prefix: "\(scope.prefix)'focus_groups': ")
    let entries = entries(of: mapping, expected: ["export", "coders", "top", "dimensions"], in: inner)
    let export = required("export", in: entries, at: node, scope: inner).flatMap {
      text($0, key: "export", in: inner)
    }
    if let export, let entry = entries["export"] { stage.inputs.append(("export", export, entry.value)) }
    let coders = entries["coders"].flatMap { names($0.value, key: "coders", in: inner) }?.map(\.text) ?? []
    if entries["coders"] != nil, coders.count != 2 {
      report("\(inner.prefix)'coders' names the two coders of the double-coded subset", at: node)
    }
    let top = entries["top"].map { positiveInteger($0.value, key: "top", in: inner) } ?? 5
    var dimensions: [String: AccessDimension] = [:]
    if let entry = entries["dimensions"], let map = self.mapping(entry.value, key: "dimensions", in: inner) {
      for (codeNode, dimensionNode) in map {
        guard let code = text(codeNode, key: "dimensions", in: inner),
          let dimension = choice(dimensionNode, key: code, in: inner, as: AccessDimension.self)
        else { continue }
        dimensions[code] = dimension
      }
    }
    guard let export, let top else { return nil }
    return .init(export: export, coders: coders, top: top, dimensions: dimensions)
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

import SurveyCore

/// What a run will do: the stages, their cache keys, what is redone.
extension PipelineRunner {
  /// All stages, or the target and the stages it needs, in dependency order.
  func selectedStages() -> [PipelineDefinition.Stage] {
    let order = StageGraph(definition).order
    guard let target = options.target, let stage = definition.stage(target) else { return order }
    let wanted = Set(upstream(of: stage) + [target])
    return order.filter { wanted.contains($0.name) }
  }

  /// The stages `stage` needs, directly or not, nearest first.
  func upstream(of stage: PipelineDefinition.Stage) -> [String] {
    var order: [String] = []
    var queue = stage.needs
    while !queue.isEmpty {
      let name = queue.removeFirst()
      guard !order.contains(name) else { continue }
      order.append(name)
      queue += definition.stage(name)?.needs ?? []
    }
    return order
  }

  /// The stages `force` or `from` asks to redo: all, or `from` and every stage after it.
  func stagesToRedo(_ stages: [PipelineDefinition.Stage]) -> Set<String> {
    if options.force { return Set(stages.map(\.name)) }
    guard let from = options.from else { return [] }
    var redo: Set<String> = [from]
    for stage in stages where stage.needs.contains(where: redo.contains) { redo.insert(stage.name) }
    return redo
  }

  /// Each input file's SHA-256, in the order of the inputs.
  func hashInputs() throws(Diagnostic) -> [Manifest.InputFile] {
    var files: [Manifest.InputFile] = []
    for input in definition.inputs {
      for path in input.files {
        files.append(Manifest.InputFile(input: input.name, path: path, sha256: try SHA256.hex(ofFile: path)))
      }
    }
    return files
  }

  /// Each stage's key: SHA-256 of the tool version, the stage's name, kind, fan-out and
  /// parameters (``CanonicalText``), the content hashes of the files it reads, and the
  /// keys of the stages it needs, so a change anywhere upstream changes the key.
  func cacheKeys(_ stages: [PipelineDefinition.Stage], inputs: [Manifest.InputFile]) -> [String: String] {
    var keys: [String: String] = [:]
    for stage in stages {
      var digest = SHA256()
      digest.update("mighealth \(options.toolVersion) \(options.toolFingerprint ?? "")\n")
      digest.update("stage \(stage.name)\nper \(stage.per?.variable ?? "")\n")
      digest.update(CanonicalText.of(stage.spec) + "\n")
      for name in readInputs(stage.spec) {
        for file in inputs where file.input == name { digest.update("input \(name) \(file.path) \(file.sha256)\n") }
      }
      if case .clean(let clean) = stage.spec, let file = clean.file {
        digest.update("rules \(file) \((try? SHA256.hex(ofFile: file)) ?? "unreadable")\n")
      }
      // A researcher's template folder: an edited template reruns the report.
      if case .report(let report) = stage.spec, let folder = report.templates {
        for name in FileSystem.files(below: folder) {
          let path = FileSystem.join(folder, name)
          digest.update("template \(name) \((try? SHA256.hex(ofFile: path)) ?? "unreadable")\n")
        }
      }
      for need in stage.needs.sorted() { digest.update("needs \(need) \(keys[need] ?? "")\n") }
      keys[stage.name] = digest.finalize()
    }
    return keys
  }

  /// The names of the inputs a stage reads.
  func readInputs(_ spec: StageSpec) -> [String] {
    switch spec {
    case .ingest(let ingest): ingest.files + (ingest.codebook.map { [$0] } ?? [])
    case .weight(let weight): [weight.margins]
    case .report(let report): report.focusGroups.map { [$0.export] } ?? []
    case .clean, .aggregate: []
    }
  }

  func entryDirectory(_ stage: String, _ key: String) -> String {
    FileSystem.join(cacheDirectory, stage, key)
  }

  /// The SHA-256 of the running executable (Linux: `/proc/self/exe`), or `nil` when it
  /// cannot be read; about 0.03 s for the release build.
  public static func executableFingerprint() -> String? {
    try? SHA256.hex(ofFile: "/proc/self/exe")
  }

  /// `manifest.json`, or `stage-<name>.manifest.json` for `mighealth stage`, so that running
  /// one stage does not replace the whole run's manifest with a partial one.
  var manifestName: String { options.target.map { "stage-\($0).manifest.json" } ?? "manifest.json" }

  /// Whether a cache entry is whole: its result, its meta and every file the meta lists.
  /// A damaged entry (a file removed by hand, a disk error) is run again, not trusted.
  static func isComplete(_ entry: String) -> Bool {
    let metaPath = FileSystem.join(entry, "meta.json")
    guard FileSystem.exists(FileSystem.join(entry, "result.bin")),
      let meta = try? EntryMeta.read(metaPath)
    else { return false }
    return meta.files.allSatisfy { FileSystem.exists(FileSystem.join(entry, "files", $0)) }
  }

}

import Dispatch
import SurveyCore
import Synchronization

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Runs a validated pipeline: its stages concurrently as their needs allow, each
/// stage's per-country tasks on a bounded pool, every stage's result cached under a
/// key of its inputs' content, its parameters and the tool version.
///
/// Layout of the output folder:
/// - `<stage>/...`: the files each stage publishes (e.g. `clean/cleaning_log.csv`);
/// - `manifest.json`: the run's provenance and row accounting (``Manifest``);
/// - `.cache/<stage>/<key>/`: the cache entry (`result.bin`, `meta.json`, `files/`);
/// - `.cache/tmp/`: entries being written, removed at the start of every run.
///
/// A stage is *cached* when an entry for its key exists (and neither `force` nor
/// `from` asks to redo it); it then costs a copy of its files. A stage that runs writes
/// into a temporary entry that is renamed into place only when complete, and files are
/// published by rename, so an interrupted run leaves no half-written table or entry.
public struct PipelineRunner: Sendable {
  public struct Options: Sendable {
    /// The most pieces of stage work at once (default: the number of cores).
    public var jobs: Int
    /// Redo every stage, ignoring the cache.
    public var force: Bool
    /// Redo this stage and every stage after it.
    public var from: String?
    /// Run only this stage and the stages it needs (`mighealth stage`).
    public var target: String?
    /// Say what would run, doing nothing.
    public var dryRun: Bool
    public var toolVersion: String
    /// What identifies the build beyond its version (the executable's SHA-256, see
    /// ``executableFingerprint()``): a rebuilt tool with changed code or built-in templates
    /// has other cache keys, so a fix is never hidden behind a cached result.
    public var toolFingerprint: String?
    public var progress: RunProgress

    public init(
      jobs: Int, force: Bool = false, from: String? = nil, target: String? = nil, dryRun: Bool = false,
      toolVersion: String, progress: RunProgress
    ) {
      self.jobs = jobs
      self.force = force
      self.from = from
      self.target = target
      self.dryRun = dryRun
      self.toolVersion = toolVersion
      self.progress = progress
    }
  }

  /// What a run did.
  public struct Report: Sendable {
    public var manifest: Manifest
    /// The stage that failed and why, when one did.
    public var failure: (stage: String, diagnostic: String)?
    /// Where the manifest was written (`nil` for a dry run).
    public var manifestPath: String?

    public var succeeded: Bool { failure == nil }
  }

  public let definition: PipelineDefinition
  public let options: Options

  public init(definition: PipelineDefinition, options: Options) {
    self.definition = definition
    self.options = options
  }

  var cacheDirectory: String { FileSystem.join(definition.output, ".cache") }

  /// Runs the pipeline (or, with `dryRun`, only plans it).
  ///
  /// - Throws: problems before any stage runs (an input that cannot be read, an output
  ///   folder that cannot be made); a failing stage is reported in ``Report/failure``.
  public func run() throws(Diagnostic) -> Report {
    let clock = DispatchTime.now()
    let started = Self.timestamp()
    let stages = selectedStages()
    let inputs = try hashInputs()
    let keys = cacheKeys(stages, inputs: inputs)
    let redo = stagesToRedo(stages)
    var cached: [String: String] = [:]
    for stage in stages where !redo.contains(stage.name) {
      let entry = entryDirectory(stage.name, keys[stage.name] ?? "")
      if Self.isComplete(entry) { cached[stage.name] = entry }
    }
    if options.dryRun {
      var manifest = manifest(
        started: started, clock: clock, inputs: inputs, stages: stages, keys: keys, records: [:], status: "dry_run")
      manifest.stages = stages.map { stage in
        Manifest.Stage(
          name: stage.name, kind: stage.kind.rawValue, status: cached[stage.name] != nil ? "cached" : "would_run",
          key: keys[stage.name] ?? "")
      }
      return Report(manifest: manifest, failure: nil, manifestPath: nil)
    }

    try FileSystem.makeDirectories(cacheDirectory)
    try FileSystem.remove(FileSystem.join(cacheDirectory, "tmp"))
    // Until this run ends, the manifest says it is running, and the outputs of the stages
    // that will run are gone: an interrupted or failed run leaves no earlier run's files
    // beside this one's under a manifest that calls them current.
    let manifestPath = FileSystem.join(definition.output, manifestName)
    try FileSystem.writeAtomically(
      Self.json(
        manifest(
          started: started, clock: clock, inputs: inputs, stages: stages, keys: keys, records: [:],
          status: "running")), to: manifestPath)
    for stage in stages where cached[stage.name] == nil {
      try FileSystem.remove(FileSystem.join(definition.output, stage.name))
    }
    let store = ResultStore(cachedPaths: cached.mapValues { FileSystem.join($0, "result.bin") })
    let pool = TaskPool(jobs: options.jobs)
    let records = Mutex<[String: Manifest.Stage]>([:])
    let failure = Mutex<(stage: String, diagnostic: String)?>(nil)

    // One coordinator per stage, each waiting until the stages it needs have their
    // results (in memory or cached); the work itself runs on the pool. Coordinators hold
    // no permit. A stage's result is ready before its cache entry is committed, so the
    // commit (a permit's worth of work) overlaps the next stages.
    var ready: [String: DispatchGroup] = [:]
    for stage in stages {
      let group = DispatchGroup()
      group.enter()
      ready[stage.name] = group
    }
    let resultReady = ready
    let available = Mutex<Set<String>>([])
    let coordinators = DispatchGroup()
    let runner = self
    let cachedEntries = cached
    for stage in stages {
      coordinators.enter()
      pool.spawn("stage-\(stage.name)") {
        let signal = Once {
          resultReady[stage.name]?.leave()
        }
        defer {
          signal.run()
          coordinators.leave()
        }
        for need in stage.needs { resultReady[need]?.wait() }
        let needsOK = available.withLock { stage.needs.allSatisfy($0.contains) }
        let key = keys[stage.name] ?? ""
        guard needsOK, !pool.isCancelled else {
          records.withLock {
            $0[stage.name] = Manifest.Stage(
              name: stage.name, kind: stage.kind.rawValue, status: "skipped", key: key)
          }
          return
        }
        let record = runner.execute(
          stage, key: key, cachedEntry: cachedEntries[stage.name], store: store, pool: pool, stages: stages
        ) {
          available.withLock { _ = $0.insert(stage.name) }
          signal.run()
        }
        if record.status == "failed" {
          pool.cancel()
          failure.withLock { failure in
            if failure == nil { failure = (stage.name, record.error ?? "failed") }
          }
        }
        records.withLock { $0[stage.name] = record }
      }
    }
    coordinators.wait()

    let stageRecords = records.withLock { $0 }
    let failed = failure.withLock { $0 }
    let manifest = manifest(
      started: started, clock: clock, inputs: inputs, stages: stages, keys: keys, records: stageRecords,
      status: failed == nil ? "succeeded" : "failed")
    try FileSystem.writeAtomically(Self.json(manifest), to: manifestPath)
    return Report(manifest: manifest, failure: failed, manifestPath: manifestPath)
  }

  // MARK: - One stage

  /// Runs or restores one stage and publishes its files; never throws (a failure is a
  /// record). Calls `ready` once the stage's result can be used by the next stages.
  private func execute(
    _ stage: PipelineDefinition.Stage, key: String, cachedEntry: String?, store: ResultStore, pool: TaskPool,
    stages: [PipelineDefinition.Stage], ready: @Sendable () -> Void
  ) -> Manifest.Stage {
    let start = DispatchTime.now()
    let started = Self.timestamp()
    var record = Manifest.Stage(
      name: stage.name, kind: stage.kind.rawValue, status: "run", key: key, started: started)
    func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
    do {
      let entry: String
      let meta: EntryMeta
      if let cachedEntry {
        entry = cachedEntry
        meta = try EntryMeta.read(FileSystem.join(entry, "meta.json"))
        record.status = "cached"
        for warning in meta.warnings { options.progress.warning(warning, stage: stage.name) }
      } else {
        options.progress.started(stage.name, kind: stage.kind)
        (entry, meta) = try runStage(stage, key: key, store: store, pool: pool, stages: stages, ready: ready)
      }
      record.rows = meta.rows
      record.tasks = meta.tasks
      record.cleaning = meta.cleaning
      record.outputs = try publish(stage.name, entry: entry, files: meta.files)
      if cachedEntry != nil { ready() }
      record.seconds = seconds()
      options.progress.finished(stage.name, status: record.status, seconds: record.seconds ?? 0, rows: meta.rows)
    } catch is TaskPool.Cancelled {
      // Another stage failed first; this one stopped before its work started.
      record.status = "skipped"
      record.seconds = seconds()
    } catch {
      record.status = "failed"
      record.error = Self.message(error)
      record.seconds = seconds()
      options.progress.failed(stage.name, record.error ?? "")
    }
    return record
  }

  /// Runs the stage's work into a temporary entry and commits it under its key.
  private func runStage(
    _ stage: PipelineDefinition.Stage, key: String, store: ResultStore, pool: TaskPool,
    stages: [PipelineDefinition.Stage], ready: @Sendable () -> Void
  ) throws -> (String, EntryMeta) {
    let temporary = FileSystem.join(
      cacheDirectory, "tmp", "\(stage.name)-\(key.prefix(16))-\(UInt32.random(in: 0...UInt32.max))")
    let filesDirectory = FileSystem.join(temporary, "files")
    try FileSystem.makeDirectories(filesDirectory)
    let context = StageContext(
      definition: definition, stage: stage, pool: pool, results: store, upstreamOrder: upstream(of: stage),
      filesDirectory: filesDirectory, progress: options.progress)
    let outcome: StageOutcome
    do {
      outcome = try Self.work(stage.spec, context)
    } catch {
      try? FileSystem.remove(temporary)
      throw error
    }
    store.store(outcome.result, for: stage.name)
    ready()
    let meta = EntryMeta(
      rows: outcome.rows, tasks: outcome.tasks, files: FileSystem.files(below: filesDirectory),
      cleaning: outcome.cleaning, warnings: outcome.warnings)
    let entry = FileSystem.join(cacheDirectory, stage.name, key)
    // The commit finishes even when another stage fails meanwhile: this stage succeeded.
    try pool.run(whenCancelled: true) {
      try FileSystem.writeAtomically(outcome.result.snapshot(), to: FileSystem.join(temporary, "result.bin"))
      try FileSystem.writeAtomically(Self.json(meta), to: FileSystem.join(temporary, "meta.json"))
      // Commit: the entry appears whole, then older entries of this stage go.
      let stageDirectory = FileSystem.join(cacheDirectory, stage.name)
      try FileSystem.makeDirectories(stageDirectory)
      try FileSystem.remove(entry)
      try FileSystem.rename(temporary, to: entry)
      for name in FileSystem.list(stageDirectory) where name != key {
        try FileSystem.remove(FileSystem.join(stageDirectory, name))
      }
    }
    return (entry, meta)
  }

  private static func work(_ spec: StageSpec, _ context: StageContext) throws -> StageOutcome {
    switch spec {
    case .ingest(let ingest): try IngestWork.run(ingest, context)
    case .clean(let clean): try CleanWork.run(clean, context)
    case .weight(let weight): try WeightWork.run(weight, context)
    case .aggregate(let aggregate): try AggregateWork.run(aggregate, context)
    case .report(let report): try ReportWork.run(report, context)
    }
  }

  /// Copies the entry's files into `output/<stage>/` (each by rename) and removes files
  /// there that the entry does not have; returns the published paths.
  private func publish(_ stage: String, entry: String, files: [String]) throws(Diagnostic) -> [String] {
    let directory = FileSystem.join(definition.output, stage)
    try FileSystem.makeDirectories(directory)
    var published: [String] = []
    for name in files {
      let target = FileSystem.join(directory, name)
      if let slash = target.lastIndex(of: "/") { try FileSystem.makeDirectories(String(target[..<slash])) }
      try FileSystem.copy(FileSystem.join(entry, "files", name), to: target)
      published.append(target)
    }
    let wanted = Set(files)
    for name in FileSystem.files(below: directory) where !wanted.contains(name) {
      try FileSystem.remove(FileSystem.join(directory, name))
    }
    return published
  }
}

/// A cache entry's `meta.json`: what the manifest needs of a stage that did not run.
struct EntryMeta: Codable, Sendable {
  var rows: RowAccount?
  var tasks: [TaskTiming]
  var files: [String]
  var cleaning: [Manifest.RuleSummary]?
  var warnings: [String]

  static func read(_ path: String) throws -> EntryMeta {
    let bytes = try FileSystem.readBytes(path)
    do {
      return try JSONDecoder().decode(EntryMeta.self, from: Data(bytes))
    } catch {
      throw Diagnostic(at: SourceLocation(file: path), "a damaged cache entry (\(error)); run again with --force")
    }
  }
}

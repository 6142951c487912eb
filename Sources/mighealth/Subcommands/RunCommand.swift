import ArgumentParser
import Ingest
import Logging
import Pipeline
import SurveyCore

/// `mighealth run`: every stage of a pipeline, concurrently, incrementally.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a pipeline: ingest, clean, weight, aggregate and report, reusing what has not changed.",
    discussion: """
      Validates the whole pipeline file first (as `mighealth check`). Then runs the stages as \
      their `needs` allow, several at once, and the per-country tasks of `per:` stages in \
      parallel, with at most --jobs pieces of work at a time. Each stage's result is cached in \
      OUTPUT/.cache under a key of its inputs' SHA-256, its parameters and the tool version: a \
      rerun with nothing changed does no work, and a changed margins file reruns only weight \
      and the stages after it. Files are written to a temporary name and renamed, so an \
      interrupted run never leaves a half-written output; the next run recovers.

      Writes each stage's files to OUTPUT/<stage>/ and OUTPUT/manifest.json (inputs with \
      SHA-256, each stage's status, time and row accounting). On a failure, stops scheduling, \
      lets running tasks finish, names the stage and the reason, and exits with status 1.

      Examples:
        mighealth run Pipelines/mig-healthcare.yaml
        mighealth run Pipelines/mig-healthcare.yaml --jobs 1 --verbose
        mighealth run Pipelines/mig-healthcare.yaml --from weight
        mighealth run Pipelines/mig-healthcare.yaml --dry-run
      """
  )

  @Argument(help: ArgumentHelp("The pipeline file (YAML).", valueName: "pipeline.yaml"))
  var pipeline: String

  @OptionGroup var execution: ExecutionOptions

  @Flag(help: "Redo every stage, ignoring the cache.")
  var force = false

  @Option(help: ArgumentHelp("Redo this stage and every stage after it.", valueName: "stage"))
  var from: String?

  @Flag(help: "Say which stages would run and which are cached, and do nothing.")
  var dryRun = false

  func validate() throws { try execution.validate() }

  func run() throws {
    try execution.run(pipeline: pipeline, force: force, from: from, target: nil, dryRun: dryRun)
  }
}

/// `mighealth stage`: one stage and the stages it needs.
struct StageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stage",
    abstract: "Run one stage of a pipeline and the stages it needs (cached ones are reused).",
    discussion: """
      As `mighealth run`, restricted to STAGE and the stages it needs, directly or not; \
      the stages after it are not run. Useful in CI to check one stage, or to rerun a \
      stage after changing its parameters.

      Examples:
        mighealth stage Pipelines/mig-healthcare.yaml clean
        mighealth stage Pipelines/mig-healthcare.yaml weight --force
      """
  )

  @Argument(help: ArgumentHelp("The pipeline file (YAML).", valueName: "pipeline.yaml"))
  var pipeline: String

  @Argument(help: ArgumentHelp("The stage to run.", valueName: "stage"))
  var stage: String

  @OptionGroup var execution: ExecutionOptions

  @Flag(help: "Redo the stage and the stages it needs, ignoring the cache.")
  var force = false

  func validate() throws { try execution.validate() }

  func run() throws {
    try execution.run(pipeline: pipeline, force: force, from: nil, target: stage, dryRun: false)
  }
}

/// Options shared by `run` and `stage`.
struct ExecutionOptions: ParsableArguments {
  @Option(help: "Most pieces of work at once (default: the number of cores).")
  var jobs = activeProcessorCount()

  @Flag(name: .shortAndLong, help: "Print only errors.")
  var quiet = false

  @Flag(name: .shortAndLong, help: "Print every task as it finishes.")
  var verbose = false

  @Option(
    help: ArgumentHelp("Write outputs and the cache here instead of the pipeline's output folder.", valueName: "dir"))
  var output: String?

  func validate() throws {
    guard jobs > 0 else { throw ValidationError("--jobs must be at least 1.") }
    if quiet, verbose { throw ValidationError("Give --quiet or --verbose, not both.") }
  }

  func run(pipeline: String, force: Bool, from: String?, target: String?, dryRun: Bool) throws {
    try reportingInputErrors(file: pipeline) {
      var definition = try PipelineDefinition.load(path: pipeline)
      if let output { definition.output = output }
      for name in [from, target].compactMap({ $0 }) where definition.stage(name) == nil {
        let known = definition.stages.map(\.name).joined(separator: ", ")
        throw ValidationError("'\(name)' is not a stage of \(pipeline) (its stages: \(known)).")
      }
      let display = ProgressLog(level: quiet ? .error : (verbose ? .debug : .info))
      defer { display.finish() }
      var options = PipelineRunner.Options(
        jobs: jobs, force: force, from: from, target: target, dryRun: dryRun,
        toolVersion: MighealthVersion.current, progress: RunProgress(logger: display.logger()))
      options.toolFingerprint = PipelineRunner.executableFingerprint()
      let report = try PipelineRunner(definition: definition, options: options).run()
      display.finish()
      if dryRun {
        for stage in report.manifest.stages {
          print("\(stage.name): \(stage.status == "cached" ? "cached" : "would run") (key \(stage.key.prefix(12)))")
        }
        return
      }
      if let failure = report.failure {
        printError("error: stage '\(failure.stage)' failed:\n\(failure.diagnostic)")
        if let path = report.manifestPath { printError("see \(path)") }
        throw ExitCode.failure
      }
      if !quiet {
        let counts = Dictionary(grouping: report.manifest.stages, by: \.status).mapValues(\.count)
        let summary = ["run", "cached"].compactMap { status in counts[status].map { "\($0) \(status)" } }
        let balance = report.manifest.accounting.balances ? "rows balance" : "ROWS DO NOT BALANCE"
        print(
          "\(definition.name): \(summary.joined(separator: ", ")) in \(RunSummary.seconds(report.manifest.seconds));"
            + " \(balance); wrote \(definition.output) (manifest: \(report.manifestPath ?? ""))")
      }
      if !report.manifest.accounting.balances {
        for check in report.manifest.accounting.checks where check.hasSuffix("FAILS") { printError("error: \(check)") }
        throw ExitCode.failure
      }
    }
  }
}

enum RunSummary {
  static func seconds(_ value: Double) -> String { "\((value * 1000).rounded() / 1000) s" }
}

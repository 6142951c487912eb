import ArgumentParser
import Pipeline
import SurveyCore

/// `mighealth check`: validates pipeline files without running anything (for CI).
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate pipeline files, their codebooks, clean rules and inputs without running them.",
    discussion: """
      Reports every problem of each file at once, with file, line and column: unknown keys, \
      kinds and parameters, missing parameters, stage names used twice, `needs` naming an \
      unknown stage, cycles, inputs that match no file, codebooks that do not load and \
      clean rules that do not parse. Exits with status 1 when any file has a problem.

      Examples:
        mighealth check Pipelines/mig-healthcare.yaml
        mighealth check Pipelines/*.yaml
      """
  )

  @Argument(help: ArgumentHelp("The pipeline files (YAML).", valueName: "pipeline.yaml"))
  var pipelines: [String]

  func validate() throws {
    if pipelines.isEmpty { throw ValidationError("Give at least one pipeline file.") }
  }

  func run() throws {
    var failed = false
    for pipeline in pipelines {
      do {
        let definition = try PipelineDefinition.load(path: pipeline)
        let count = definition.stages.count == 1 ? "1 stage" : "\(definition.stages.count) stages"
        print("\(pipeline): ok (\(count))")
      } catch {
        printError(error.description)
        failed = true
      }
    }
    if failed { throw ExitCode.failure }
  }
}

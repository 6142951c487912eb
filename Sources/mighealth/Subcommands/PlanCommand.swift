import ArgumentParser
import Pipeline
import SurveyCore

/// `mighealth plan`: the stage graph of a pipeline file, after validating it.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Show a pipeline's stages in the order they run, as text, Mermaid or Graphviz DOT.",
    discussion: """
      The pipeline file is validated first, as `mighealth check` does; a definition with \
      problems prints them and draws nothing. Stages are listed in a topological order of \
      their `needs` (among stages ready at the same time, the one written first), with the \
      values a `per` stage fans out over when the codebook lists them. Nothing is run.

      Examples:
        mighealth plan Pipelines/mig-healthcare.yaml
        mighealth plan Pipelines/mig-healthcare.yaml --format mermaid
        mighealth plan Pipelines/mig-healthcare.yaml --format dot | dot -Tsvg > plan.svg
      """
  )

  @Argument(help: ArgumentHelp("The pipeline file (YAML).", valueName: "pipeline.yaml"))
  var pipeline: String

  @Option(help: "Output: text, mermaid or dot.")
  var format: StageGraph.Format = .text

  func run() throws {
    try reportingInputErrors(file: pipeline) {
      let definition = try PipelineDefinition.load(path: pipeline)
      print(StageGraph(definition).render(format), terminator: "")
    }
  }
}

extension StageGraph.Format: ExpressibleByArgument {}

import SurveyCore

/// A study's analysis as declared in `Pipelines/*.yaml`: its inputs, its output folder
/// and its stages with their parameters and dependencies, read and validated as a whole
/// before any work (`PipelineDefinition.load(path:)`).
///
/// Paths in the file (inputs, `rules_file`, `output`) are relative to the project root,
/// the parent of the folder holding the pipeline file: `Pipelines/x.yaml` reads
/// `SampleData/codebook.yaml` as `./SampleData/codebook.yaml`. Absolute paths stay as written.
public struct PipelineDefinition: Sendable, Equatable {
  /// The study's name (`name:`).
  public var name: String
  /// The pipeline file, as given to `load(path:)`; diagnostics name it so.
  public var path: String
  /// The project root that relative paths start from ("" for the current directory).
  public var root: String
  /// The named inputs, in the order written.
  public var inputs: [Input]
  /// Where results go (`output:`, default `output/`), resolved against `root`.
  public var output: String
  /// The stages, in the order written (`StageGraph` orders them by `needs`).
  public var stages: [Stage]

  /// A named input: one or more file paths or shell patterns (`*`, `?`, `[...]`).
  public struct Input: Sendable, Equatable {
    public var name: String
    /// The paths or patterns as written.
    public var patterns: [String]
    /// The files they match, resolved against the root, sorted per pattern.
    public var files: [String]
    public var location: SourceLocation
  }

  /// One stage: its name, what it needs and what it does.
  public struct Stage: Sendable, Equatable {
    public var name: String
    /// Names of the stages whose results this one reads.
    public var needs: [String]
    /// The variable whose values fan this stage out into separate tasks (`per: country`).
    public var per: FanOut?
    public var spec: StageSpec
    /// The stage's mapping in the pipeline file.
    public var location: SourceLocation

    public var kind: StageSpec.Kind { spec.kind }
  }

  /// Per-value fan-out of a stage.
  public struct FanOut: Sendable, Equatable {
    public var variable: String
    /// The variable's levels in the codebook of the pipeline's first ingest stage, or
    /// empty when they are known only after ingest.
    public var values: [String]
  }

  /// The input named `name`.
  public func input(_ name: String) -> Input? {
    inputs.first { $0.name == name }
  }

  /// The stage named `name`.
  public func stage(_ name: String) -> Stage? {
    stages.first { $0.name == name }
  }
}

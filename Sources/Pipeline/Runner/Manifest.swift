/// `output/manifest.json`: what a run read, did and wrote, for provenance and for CI.
///
/// Inputs carry their SHA-256 (as `sha256sum` prints it); each stage its status
/// (`run`, `cached`, `failed`, `skipped`, `not_run`), cache key, start, duration, row
/// accounting and files; `accounting` says whether every stage's rows balance and every
/// stage took in the rows its upstream stage gave out. The manifest is the one output that
/// differs between reruns (it holds times); every other output is byte-identical.
public struct Manifest: Codable, Sendable {
  public struct Tool: Codable, Sendable {
    public var name: String
    public var version: String
    /// The executable's SHA-256, part of every cache key.
    public var sha256: String?
  }

  public struct PipelineFile: Codable, Sendable {
    public var name: String
    public var path: String
    public var sha256: String
  }

  public struct InputFile: Codable, Sendable {
    public var input: String
    public var path: String
    public var sha256: String
  }

  public struct Stage: Codable, Sendable {
    public var name: String
    public var kind: String
    public var status: String
    public var key: String
    public var started: String?
    public var seconds: Double?
    public var rows: RowAccount?
    /// The per-country tasks and their times, as measured when the stage ran (for a cached
    /// stage: when its cache entry was made).
    public var tasks: [TaskTiming]
    public var outputs: [String]
    public var error: String?
    /// A stage with only its name, kind, status and key (nothing run yet).
    init(name: String, kind: String, status: String, key: String, started: String? = nil) {
      self.name = name
      self.kind = kind
      self.status = status
      self.key = key
      self.started = started
      self.tasks = []
      self.outputs = []
    }

    /// For a clean stage: what each rule did, summed over countries (the per-country
    /// counts are in the stage's cleaning_log.csv).
    public var cleaning: [RuleSummary]?
  }

  public struct RuleSummary: Codable, Sendable, Equatable {
    public var rule: String
    public var kind: String
    public var changed: Int
    public var flagged: Int
    public var rejected: Int
  }

  public struct Accounting: Codable, Sendable {
    public var balances: Bool
    public var checks: [String]
  }

  public var tool: Tool
  public var pipeline: PipelineFile
  public var status: String
  public var started: String
  public var seconds: Double
  public var jobs: Int
  public var inputs: [InputFile]
  public var stages: [Stage]
  public var accounting: Accounting
}

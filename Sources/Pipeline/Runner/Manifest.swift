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
    public var tasks: [TaskTiming]
    public var outputs: [String]
    public var error: String?
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

import SurveyCore
import Synchronization

/// The stages' results during a run: in memory for the stages that ran, read from their
/// cache entry (`result.bin`) for those that were cached, only when a later stage that
/// runs needs them, and then kept (two stages asking at the same moment may both read it).
final class ResultStore: Sendable {
  private let entries: Mutex<[String: StageResult]> = Mutex([:])
  /// Where each cached stage's result is, by stage name.
  private let cachedPaths: [String: String]

  init(cachedPaths: [String: String]) { self.cachedPaths = cachedPaths }

  func store(_ result: StageResult, for stage: String) {
    entries.withLock { $0[stage] = result }
  }

  func result(of stage: String) throws(Diagnostic) -> StageResult {
    if let result = entries.withLock({ $0[stage] }) { return result }
    guard let path = cachedPaths[stage] else {
      throw Diagnostic(at: SourceLocation(file: stage), "stage '\(stage)' has no result (it did not run)")
    }
    let result: StageResult
    do {
      result = try StageResult(snapshot: try FileSystem.readBytes(path))
    } catch let error as Diagnostic {
      throw error
    } catch {
      throw Diagnostic(
        at: SourceLocation(file: path),
        "the cached result of stage '\(stage)' cannot be read (\(error));"
          + " run again with --force")
    }
    entries.withLock { $0[stage] = result }
    return result
  }
}

import Logging

/// The runner's progress, as swift-log messages with metadata that a log handler can
/// show as it likes: `mighealth run` draws a live line per stage on a terminal and
/// writes plain timestamped lines otherwise.
///
/// Every message carries `stage` and `event` (`start`, `task`, `finish`, `warning`);
/// `task` events add `done` and `total`, `finish` events add `status` (`run`,
/// `cached`, `failed`), `seconds` and `rows`.
public struct RunProgress: Sendable {
  public var logger: Logger

  public init(logger: Logger) { self.logger = logger }

  func started(_ stage: String, kind: StageSpec.Kind, tasks: Int? = nil) {
    logger.info(
      "\(stage): started (\(kind.rawValue))", metadata: ["stage": "\(stage)", "event": "start"])
  }

  func task(_ stage: String, _ name: String, done: Int, total: Int, seconds: Double) {
    logger.debug(
      "\(stage): \(name) done (\(done)/\(total), \(Self.seconds(seconds)))",
      metadata: ["stage": "\(stage)", "event": "task", "done": "\(done)", "total": "\(total)"])
  }

  func finished(_ stage: String, status: String, seconds: Double, rows: RowAccount?) {
    let rowText = rows.map { " \($0.rowsIn) \($0.unit) in, \($0.rowsOut) out, \($0.rejected) rejected" } ?? ""
    logger.info(
      "\(stage): \(status) in \(Self.seconds(seconds))\(rowText.isEmpty ? "" : ";" + rowText)",
      metadata: [
        "stage": "\(stage)", "event": "finish", "status": "\(status)", "seconds": "\(seconds)",
        "rows": "\(rows?.rowsOut ?? 0)",
      ])
  }

  func warning(_ message: String, stage: String) {
    logger.warning("\(message)", metadata: ["stage": "\(stage)", "event": "warning"])
  }

  func failed(_ stage: String, _ message: String) {
    logger.error("\(stage): failed: \(message)", metadata: ["stage": "\(stage)", "event": "failed"])
  }

  /// `0.12 s`, `3.4 s`.
  static func seconds(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return "\(rounded) s"
  }
}

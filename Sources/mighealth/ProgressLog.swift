import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Shows the runner's swift-log messages (``Pipeline/RunProgress``) on standard error.
///
/// On a terminal: a permanent line as each stage finishes, and below them one live
/// line of the stages running, their tasks done and the elapsed time, redrawn every
/// 0.1 s. Elsewhere (CI, a file): plain lines `2026-11-23T21:40:00Z info ingest: ...`.
///
/// @unchecked Sendable: the state is behind a mutex; the timer is set once in `init`
/// and Dispatch sources may be cancelled from any thread.
final class ProgressLog: @unchecked Sendable {
  struct State {
    var running: [String] = []
    var tasks: [String: (done: Int, total: Int)] = [:]
    var lineShown = false
  }

  let live: Bool
  let level: Logger.Level
  private let state = Mutex(State())
  private let start = DispatchTime.now()
  private let timer: DispatchSourceTimer?

  init(level: Logger.Level, terminal: Bool = isatty(2) == 1) {
    self.level = level
    self.live = terminal && level != .error
    if live {
      let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
      timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
      self.timer = timer
    } else {
      self.timer = nil
    }
    timer?.setEventHandler { [weak self] in self?.redraw() }
    timer?.resume()
  }

  /// A logger whose messages this display shows.
  func logger() -> Logger {
    Logger(label: "mighealth.run") { _ in Handler(display: self) }
  }

  /// Stops the live line, leaving the terminal on a fresh line.
  func finish() {
    timer?.cancel()
    state.withLock { state in
      if state.lineShown { Self.write("\r\u{1B}[2K") }
      state.lineShown = false
    }
  }

  fileprivate func show(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
    let stage = metadata["stage"].map { "\($0)" }
    let event = metadata["event"].map { "\($0)" }
    state.withLock { state in
      if let stage {
        switch event {
        case "start": state.running.append(stage)
        case "task":
          if let done = metadata["done"].flatMap({ Int("\($0)") }),
            let total = metadata["total"].flatMap({ Int("\($0)") })
          {
            state.tasks[stage] = (done, total)
          }
        case "finish", "failed": state.running.removeAll { $0 == stage }
        default: break
        }
      }
      guard level >= self.level else { return }
      guard live else {
        Self.write("\(Date().formatted(.iso8601)) \(level) \(message)\n")
        return
      }
      // On a terminal the live line shows what started; the log keeps what finished.
      if event == "start" { return }
      if state.lineShown { Self.write("\r\u{1B}[2K") }
      let mark = event == "finish" ? "✓ " : (level >= .warning ? "" : "· ")
      Self.write("\(mark)\(level >= .warning ? "\(level): " : "")\(message)\n")
      state.lineShown = false
      drawLine(&state)
    }
  }

  private func redraw() {
    state.withLock { state in
      if state.lineShown { Self.write("\r\u{1B}[2K") }
      drawLine(&state)
    }
  }

  private func drawLine(_ state: inout State) {
    guard live, !state.running.isEmpty else {
      state.lineShown = false
      return
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let stages = state.running.map { stage in
      state.tasks[stage].map { "\(stage) (\($0.done)/\($0.total) tasks)" } ?? stage
    }
    let time = (elapsed * 10).rounded() / 10
    Self.write("\r\u{1B}[2K  running: \(stages.joined(separator: ", ")) — \(time) s")
    state.lineShown = true
  }

  private static func write(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
        if written <= 0 { return }
        offset += written
      }
    }
  }

  /// The swift-log handler that forwards to the display.
  struct Handler: LogHandler {
    let display: ProgressLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
      display.show(event.level, "\(event.message)", metadata.merging(event.metadata ?? [:]) { $1 })
    }
  }
}

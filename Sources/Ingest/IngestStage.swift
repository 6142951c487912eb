import SurveyCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ingest stage: CSV files from country teams in, one typed ``SurveyTable`` out,
/// with every row either accepted or set aside with its reason.
///
/// Files are mapped into memory, split at record boundaries and parsed in
/// parallel by libcsv, one parser per chunk; chunks and files are merged in a
/// fixed order, so the table never depends on thread timing. See
/// ``run(files:codebook:options:)``.
public enum IngestStage {
  /// How files are read.
  public struct Options: Sendable {
    /// Field delimiter for every file; when `nil`, the codebook's source setting,
    /// else sniffed from the header (`,` `;` or TAB).
    public var delimiter: UInt8?
    /// Decimal comma for every file; when `nil`, the codebook's source setting, else no.
    public var decimalComma: Bool?
    /// The largest field accepted, in bytes; a larger one ends the run.
    public var maxFieldBytes: Int
    /// The largest record accepted, in bytes; a larger one ends the run.
    public var maxLineBytes: Int
    /// Parallel workers (default: the number of cores).
    public var jobs: Int
    /// Bytes per parallel block (records are never split; small values are for tests).
    public var blockBytes: Int

    public init(
      delimiter: UInt8? = nil, decimalComma: Bool? = nil, maxFieldBytes: Int = 16 << 20,
      maxLineBytes: Int = 64 << 20, jobs: Int = activeProcessorCount(), blockBytes: Int = 4 << 20
    ) {
      self.delimiter = delimiter
      self.decimalComma = decimalComma
      self.maxFieldBytes = maxFieldBytes
      self.maxLineBytes = maxLineBytes
      self.jobs = max(1, jobs)
      self.blockBytes = max(64, blockBytes)
    }
  }

  /// A row set aside, with the first problem found in it.
  public struct Reject: Sendable, Hashable, CustomStringConvertible {
    /// File, physical line where the record starts, and 1-based field number.
    public var location: SourceLocation
    /// The variable of the offending field (`nil` for a row with too many fields).
    public var variable: String?
    /// The offending value as read.
    public var value: String
    public var reason: String
    /// The record exactly as in the file, without its line break.
    public var record: String

    /// `file:line:col: column 'age': cannot read '1O5' as a number`.
    public var description: String {
      "\(location): \(variable.map { "column '\($0)': " } ?? "")\(reason)"
    }
  }

  /// The row accounting of one file: `read == accepted + rejected`.
  public struct FileAccount: Sendable, Hashable {
    public var file: String
    /// Data records read (blank lines are not records).
    public var read: Int
    public var accepted: Int
    public var rejected: Int
    /// Blank lines skipped (reported so that nothing is dropped unseen).
    public var blankLines: Int
    /// The delimiter used for the file.
    public var delimiter: UInt8
    /// Whether the books balance (`read == accepted + rejected`).
    public var balances: Bool { read == accepted + rejected }
  }

  /// What the stage produced.
  public struct Result: Sendable {
    public var table: SurveyTable
    public var rejects: [Reject]
    public var accounts: [FileAccount]
    /// Non-fatal findings, such as columns the codebook does not declare.
    public var warnings: [Diagnostic]
    /// Wall time of each phase (open, scan, parse, merge) in seconds, and the
    /// process's peak resident memory at its end in bytes (0 where unknown), for benchmarks.
    public var phases: [(name: String, seconds: Double, peakBytes: Int)] = []
  }
}

/// Measures the wall time of consecutive phases.
struct PhaseClock {
  private let clock = ContinuousClock()
  private var last: ContinuousClock.Instant
  private(set) var phases: [(name: String, seconds: Double, peakBytes: Int)] = []

  init() {
    last = clock.now
  }

  mutating func lap(_ name: String) {
    let now = clock.now
    let elapsed = now - last
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    phases.append((name, seconds, Self.peakResidentBytes()))
    last = now
  }

  /// The process's peak resident set (VmHWM in /proc/self/status), or 0 where unavailable.
  static func peakResidentBytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if text.hasPrefix("VmHWM:") {
        let digits = text.filter(\.isNumber)
        return (Int(digits) ?? 0) * 1024
      }
    }
    return 0
  }
}

/// The number of cores available to this process.
public func activeProcessorCount() -> Int {
  max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

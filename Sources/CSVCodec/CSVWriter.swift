internal import CLibCSV

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes CSV records to a file atomically: rows go to a temporary file beside the
/// target, which is renamed over the target by ``finish()``.
///
/// A field is written bare when it is safe to, and otherwise quoted by libcsv's
/// `csv_write2` (quotes doubled, the whole field in quotes). A field needs quotes
/// when it contains the delimiter, a quote, a CR or LF, or starts or ends with a space.
/// Records end with `\n`.
package final class CSVWriter {
  /// A file that could not be written.
  package struct Failure: Error, CustomStringConvertible {
    package var path: String
    package var reason: String
    package var description: String { "\(path): error: cannot write: \(reason)" }
  }

  package let path: String
  private let temporaryPath: String
  private let delimiter: UInt8
  private var descriptor: Int32
  private var buffer: [UInt8] = []
  private var fieldsInRow = 0
  private var failure: Failure?

  /// Opens a temporary file for `path`; nothing appears at `path` until ``finish()``.
  package init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws(Failure) {
    self.path = path
    self.temporaryPath = "\(path).tmp-\(getpid())"
    self.delimiter = delimiter
    descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if descriptor < 0 {
      throw Failure(path: path, reason: String(cString: strerror(errno)))
    }
    buffer.reserveCapacity(1 << 20)
  }

  deinit {
    if descriptor >= 0 {
      close(descriptor)
      unlink(temporaryPath)
    }
  }

  /// Appends one field to the current record.
  package func write(_ field: String) {
    var field = field
    field.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Appends one field, given as UTF-8 bytes, to the current record.
  package func write(bytes: UnsafeRawBufferPointer) {
    if fieldsInRow > 0 { buffer.append(delimiter) }
    fieldsInRow += 1
    CSVWriter.appendField(bytes, delimiter: delimiter, to: &buffer)
    if buffer.count >= 1 << 20 { flush() }
  }

  /// Appends a whole record.
  package func writeRow(_ fields: some Sequence<String>) {
    for field in fields { write(field) }
    endRow()
  }

  /// Ends the current record.
  package func endRow() {
    buffer.append(UInt8(ascii: "\n"))
    fieldsInRow = 0
  }

  /// Flushes, closes and renames the temporary file over ``path``.
  package func finish() throws(Failure) {
    flush()
    if let failure { throw failure }
    if close(descriptor) != 0 {
      descriptor = -1
      throw Failure(path: path, reason: String(cString: strerror(errno)))
    }
    descriptor = -1
    if rename(temporaryPath, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw Failure(path: path, reason: reason)
    }
  }

  private func flush() {
    guard failure == nil, !buffer.isEmpty else {
      buffer.removeAll(keepingCapacity: true)
      return
    }
    buffer.withUnsafeBytes { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = Failure(path: path, reason: String(cString: strerror(errno)))
          return
        }
        offset += written
      }
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Appends `field` to `output`, quoted by libcsv when it needs quotes.
  package static func appendField(_ field: UnsafeRawBufferPointer, delimiter: UInt8, to output: inout [UInt8]) {
    guard needsQuotes(field, delimiter: delimiter) else {
      output.append(contentsOf: field)
      return
    }
    // csv_write2 returns the size it needs: the field, doubled quotes and two quotes.
    let needed = csv_write2(nil, 0, field.baseAddress, field.count, UInt8(ascii: "\""))
    let start = output.count
    output.append(contentsOf: repeatElement(0, count: needed))
    output.withUnsafeMutableBytes { out in
      guard let base = out.baseAddress else { return }
      _ = csv_write2(base + start, needed, field.baseAddress, field.count, UInt8(ascii: "\""))
    }
  }

  /// Renders one record as a line of CSV (with its `\n`), for small outputs and tests.
  package static func line(_ fields: [String], delimiter: UInt8 = UInt8(ascii: ",")) -> String {
    var output: [UInt8] = []
    for (index, field) in fields.enumerated() {
      if index > 0 { output.append(delimiter) }
      var field = field
      field.withUTF8 { appendField(UnsafeRawBufferPointer($0), delimiter: delimiter, to: &output) }
    }
    output.append(UInt8(ascii: "\n"))
    return String(decoding: output, as: UTF8.self)
  }

  private static func needsQuotes(_ field: UnsafeRawBufferPointer, delimiter: UInt8) -> Bool {
    guard let first = field.first, let last = field.last else { return false }
    if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return true }
    for byte in field
    where byte == delimiter || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
      || byte == UInt8(ascii: "\r")
    {
      return true
    }
    return false
  }
}

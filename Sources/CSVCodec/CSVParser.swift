internal import CLibCSV

/// Receives the fields and record ends that ``CSVParser`` reads.
///
/// libcsv calls back once per field and once per record. The bytes of a field
/// are valid only during the call; copy what you keep.
package protocol CSVRecordSink: AnyObject {
  /// One field of the current record.
  ///
  /// - Parameters:
  ///   - bytes: the unquoted field content (`""` inside quotes already folded to `"`).
  ///   - isUnquotedEmpty: `true` for an empty cell written without quotes (`a,,b`),
  ///     `false` for `""` and for every non-empty field.
  func field(_ bytes: UnsafeRawBufferPointer, isUnquotedEmpty: Bool)

  /// The end of the current record.
  ///
  /// - Parameter lineBreak: the byte that ended it (`\n` or `\r`), or `nil` at the end
  ///   of the input. With `reportsAllLineBreaks`, every unquoted CR and LF ends a
  ///   record, so a blank line and the LF of a CRLF arrive as records with no fields.
  func endRecord(lineBreak: UInt8?)
}

/// libcsv's per-field callback: field bytes (null for an empty unquoted cell), length, context.
package typealias CSVFieldCallback = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void
/// libcsv's per-record callback: the terminating byte (or -1 at the end of input), context.
package typealias CSVRecordCallback = @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void

/// A streaming, strict CSV parser: a thin wrapper over libcsv's `csv_parse` and `csv_fini`.
///
/// The parser runs in strict mode (`CSV_STRICT | CSV_STRICT_FINI`), so a stray quote
/// and a quote left open at the end of the input are errors, and with
/// `CSV_EMPTY_IS_NULL` so that an empty unquoted cell can be told from `""`.
/// Spaces and tabs around unquoted fields are trimmed, as libcsv does by default,
/// unless `keepsSpaces` is set.
/// It reports positions as byte offsets into the bytes fed so far; turning them
/// into lines is the caller's business, because libcsv folds blank lines and CRLF.
///
/// One parser is not thread-safe; use one per thread (the ingest stage runs one
/// per chunk).
package final class CSVParser {
  /// Why libcsv stopped.
  package enum Failure: Error, Equatable {
    /// A malformed quote (a quote inside an unquoted field, or text after a closing
    /// quote) at `byteOffset`, counted from the first byte fed to this parser.
    case malformedQuote(byteOffset: Int)
    /// The input ended inside a quoted field.
    case unterminatedQuote
    /// libcsv's field buffer would exceed `limit` bytes: a field (or a quote left
    /// open) runs on for too long. `byteOffset` is where the parser gave up.
    case fieldTooLarge(limit: Int, byteOffset: Int)
    /// libcsv could not allocate its field buffer.
    case outOfMemory
  }

  private var parser = csv_parser()
  private var consumed = 0
  private let maxFieldBytes: Int
  private var sinkBox: SinkBox?

  /// Creates a parser for fields separated by `delimiter` and quoted with `"`.
  ///
  /// - Parameters:
  ///   - maxFieldBytes: the largest field (after unquoting) accepted; larger
  ///     fields end parsing with ``Failure/fieldTooLarge(limit:byteOffset:)``.
  ///   - reportsAllLineBreaks: report every unquoted CR and LF (`CSV_REPALL_NL`), so
  ///     that the sink can count physical lines; otherwise libcsv folds blank lines and CRLF.
  ///   - keepsSpaces: keep spaces and tabs around unquoted fields (libcsv trims them
  ///     by default, testing every byte through a callback when asked not to).
  package init(
    delimiter: UInt8, maxFieldBytes: Int = 64 << 20, reportsAllLineBreaks: Bool = false, keepsSpaces: Bool = false
  ) {
    var options = CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL
    if reportsAllLineBreaks { options |= CSV_REPALL_NL }
    let status = csv_init(&parser, UInt8(options))
    precondition(status == 0, "csv_init failed with status \(status)")
    csv_set_delim(&parser, delimiter)
    if keepsSpaces { csv_set_space_func(&parser, csvNoSpace) }
    self.maxFieldBytes = maxFieldBytes
  }

  deinit {
    csv_free(&parser)
  }

  /// Parses `bytes`, calling `sink` for every complete field and record.
  ///
  /// A field or record that straddles the end of `bytes` is completed by a later
  /// call to `parse` or by ``finish(into:)``.
  package func parse(_ bytes: UnsafeRawBufferPointer, into sink: any CSVRecordSink) throws(Failure) {
    let box = self.box(for: sink)
    try withExtendedLifetime(box) { () throws(Failure) in
      try parse(
        bytes, context: Unmanaged.passUnretained(box).toOpaque(), field: csvFieldCallback, record: csvRecordCallback)
    }
  }

  /// Parses `bytes`, calling C callbacks with `context`: the allocation-free path
  /// for hot loops, where the context is a pointer to plain state.
  ///
  /// `shouldStop` is asked between blocks of 256 KiB; when it says yes, parsing
  /// ends early (libcsv has no way to stop from inside a callback).
  package func parse(
    _ bytes: UnsafeRawBufferPointer, context: UnsafeMutableRawPointer, field: CSVFieldCallback,
    record: CSVRecordCallback, shouldStop: () -> Bool = { false }
  ) throws(Failure) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    // Feed 256 KiB at a time, so that a runaway field is caught early and a
    // caller can stop.
    let step = 256 << 10
    var offset = 0
    while offset < bytes.count, !shouldStop() {
      let length = min(step, bytes.count - offset)
      let done = csv_parse(&parser, base + offset, length, field, record, context)
      // csv_error must be read now: csv_fini resets it.
      if done != length {
        throw failure(code: csv_error(&parser), at: consumed + offset + done)
      }
      offset += length
      // libcsv's buffer outgrows the limit only while a field longer than the limit
      // accumulates (the caller checks complete fields exactly): a safety net for a
      // runaway quoted field.
      if csv_get_buffer_size(&parser) > maxFieldBytes + (1 << 20) {
        throw .fieldTooLarge(limit: maxFieldBytes, byteOffset: consumed + offset)
      }
    }
    consumed += bytes.count
  }

  /// Ends the input: delivers a last record without a line break, or reports a
  /// quoted field left open.
  package func finish(into sink: any CSVRecordSink) throws(Failure) {
    let box = self.box(for: sink)
    try withExtendedLifetime(box) { () throws(Failure) in
      try finish(context: Unmanaged.passUnretained(box).toOpaque(), field: csvFieldCallback, record: csvRecordCallback)
    }
  }

  /// Ends the input, calling C callbacks with `context` (see the raw `parse`).
  package func finish(context: UnsafeMutableRawPointer, field: CSVFieldCallback, record: CSVRecordCallback)
    throws(Failure)
  {
    if csv_fini(&parser, field, record, context) != 0 {
      throw .unterminatedQuote
    }
  }

  private func box(for sink: any CSVRecordSink) -> SinkBox {
    if let box = sinkBox, box.sink === sink { return box }
    let box = SinkBox(sink: sink)
    sinkBox = box
    return box
  }

  private func failure(code: Int32, at offset: Int) -> Failure {
    switch code {
    case CSV_ENOMEM, CSV_ETOOBIG: .outOfMemory
    default: .malformedQuote(byteOffset: offset)
    }
  }
}

/// libcsv's space test: no byte is a space to be trimmed.
private func csvNoSpace(_ byte: UInt8) -> Int32 { 0 }

/// The context that libcsv hands back to the callbacks.
private final class SinkBox {
  let sink: any CSVRecordSink
  init(sink: any CSVRecordSink) { self.sink = sink }
}

private func csvFieldCallback(_ bytes: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
  guard let context else { return }
  // CSV_EMPTY_IS_NULL: a null pointer marks an empty unquoted cell.
  Unmanaged<SinkBox>.fromOpaque(context)._withUnsafeGuaranteedRef { box in
    box.sink.field(UnsafeRawBufferPointer(start: bytes, count: length), isUnquotedEmpty: bytes == nil)
  }
}

private func csvRecordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
  guard let context else { return }
  let lineBreak: UInt8? = terminator >= 0 ? UInt8(truncatingIfNeeded: terminator) : nil
  Unmanaged<SinkBox>.fromOpaque(context)._withUnsafeGuaranteedRef { box in
    box.sink.endRecord(lineBreak: lineBreak)
  }
}

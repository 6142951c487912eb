import CSVCodec
import SurveyCore

/// Reads one chunk of a file (whole records only) into column states, counting
/// physical lines as it goes and setting rejected rows aside.
///
/// Lines are counted from the chunk's first line (line 0 here); the stage adds
/// the chunk's absolute start line afterwards. libcsv runs with `CSV_REPALL_NL`,
/// so every unquoted line break ends a record: a record with no fields is a blank
/// line, or the LF of a CRLF when the previous break was a CR.
///
/// The state lives behind one pointer handed to libcsv's C callbacks, so the
/// per-field path touches no reference-counted object.
final class ChunkReader {
  /// A rejected row, before its absolute line is known.
  struct PendingReject {
    var line: Int
    /// 1-based field number.
    var field: Int
    var cause: RejectCause
    var value: String
  }

  /// Why reading stopped before the end of the chunk.
  enum Stop: Equatable {
    /// Inferred columns (the file's fields `fields`, all those of the first
    /// record that needed it) need a wider kind.
    case needsWiderKind(fields: [Int])
    /// A record longer than the limit, starting on chunk line `line`.
    case lineTooLong(line: Int)
    /// A field longer than the limit: the record's chunk line and the 1-based field.
    case fieldTooLarge(line: Int, field: Int)
  }

  struct State {
    let columns: UnsafeMutablePointer<ColumnState>
    let fieldCount: Int
    let maxLineBytes: Int
    let maxFieldBytes: Int
    /// The fields of inferred columns that must widen, once the row is known to
    /// have the right number of fields. The row's other fields are still read, so
    /// that one re-read widens every column this record needs.
    var widenFields: [Int] = []
    /// Whether records that need wider kinds are noted and skipped rather than
    /// stopping the read (for the sample that settles inferred kinds).
    let collectsWidening: Bool
    /// The fields noted so far in that mode.
    var collectedWidening: [Int] = []
    /// Whether the record so far is one field of spaces and tabs (a blank-looking line).
    var onlySpaces = false
    /// Whether the parser keeps spaces (then a line of spaces arrives as a field).
    let keepsSpaces: Bool
    /// Whether the rest of the record is skipped (rejected, or waiting to widen).
    var skippingRow = false {
      didSet { updateFastFields() }
    }
    /// The smaller of the two limits, so that one comparison guards both.
    let smallestLimit: Int
    /// The fields of a record that may take the common path of
    /// ``field(_:isUnquotedEmpty:)``: the header's, or none while reading has
    /// stopped, the record is skipped or spaces are kept. One comparison with the
    /// field's index then stands for those four tests.
    private(set) var fastFields = 0

    private mutating func updateFastFields() {
      fastFields = stop != nil || skippingRow || keepsSpaces ? 0 : fieldCount
    }

    /// Whether the field or the record is over its limit; sets `stop` if so.
    private mutating func exceedsLimit(_ bytes: UnsafeRawBufferPointer) -> Bool {
      if bytes.count > maxFieldBytes {
        stop = .fieldTooLarge(line: line, field: fieldIndex)
        return true
      }
      if recordBytes > maxLineBytes + 1 {
        stop = .lineTooLong(line: line)
        return true
      }
      return false
    }
    var fieldIndex = 0
    var recordBytes = 0
    var pendingLineBreaks = 0
    var line = 0
    var rows = 0
    var records = 0
    var blankLines = 0
    var previousBreak: Int32 = -1
    var rejecting = false
    var reject = PendingReject(line: 0, field: 0, cause: .notANumber, value: "")
    var rejects: [PendingReject] = []
    var stop: Stop? {
      didSet { updateFastFields() }
    }
    var rowLines = GrowableBuffer<Int32>()

    init(
      columns: UnsafeMutablePointer<ColumnState>, fieldCount: Int, maxLineBytes: Int, maxFieldBytes: Int,
      collectsWidening: Bool, keepsSpaces: Bool
    ) {
      self.columns = columns
      self.fieldCount = fieldCount
      self.maxLineBytes = maxLineBytes
      self.maxFieldBytes = maxFieldBytes
      self.collectsWidening = collectsWidening
      self.keepsSpaces = keepsSpaces
      smallestLimit = min(maxLineBytes + 1, maxFieldBytes)
      updateFastFields()
    }

    /// One field. The common case (a sound row, within the limits, a cell its
    /// column stores) stays small so that it inlines into the readers' loops; the
    /// rest is ``unusualField(_:isUnquotedEmpty:index:)`` and ``unstoredCell``.
    @inline(__always)
    mutating func field(_ bytes: UnsafeRawBufferPointer, isUnquotedEmpty: Bool) {
      let index = fieldIndex
      // Wrapping: the counts are bounded by the limits checked below.
      fieldIndex = index &+ 1
      // One byte per field for its delimiter (and one for the last: the limit has +1).
      recordBytes &+= bytes.count &+ 1
      if index >= fastFields || recordBytes > smallestLimit {
        unusualField(bytes, isUnquotedEmpty: isUnquotedEmpty, index: index)
        return
      }
      let outcome = columns[index].append(bytes, isUnquotedEmpty: isUnquotedEmpty, lineBreaks: &pendingLineBreaks)
      if outcome != .stored { unstoredCell(outcome, bytes, index: index) }
    }

    /// The rest of ``field(_:isUnquotedEmpty:)``: limits, kept spaces, a row being
    /// skipped, fields beyond the header's.
    @inline(never)
    private mutating func unusualField(_ bytes: UnsafeRawBufferPointer, isUnquotedEmpty: Bool, index: Int) {
      if stop != nil { return }
      if recordBytes > smallestLimit, exceedsLimit(bytes) { return }
      if keepsSpaces, index == 0 {
        onlySpaces = !isUnquotedEmpty && bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
      }
      if skippingRow || index >= fieldCount {
        pendingLineBreaks += ByteScan.lineBreaks(in: bytes, from: 0, to: bytes.count)
        return
      }
      let outcome = columns[index].append(bytes, isUnquotedEmpty: isUnquotedEmpty, lineBreaks: &pendingLineBreaks)
      if outcome != .stored { unstoredCell(outcome, bytes, index: index) }
    }

    /// A cell its column did not store: the row is rejected, or must wait for a wider kind.
    @inline(never)
    private mutating func unstoredCell(_ outcome: CellOutcome, _ bytes: UnsafeRawBufferPointer, index: Int) {
      switch outcome {
      case .stored:
        break
      case .rejected:
        pendingLineBreaks += ByteScan.lineBreaks(in: bytes, from: 0, to: bytes.count)
        startReject(field: index, cause: columns[index].rejectCause, value: String(decoding: bytes, as: UTF8.self))
      case .needsWiderKind:
        // Widen only if the row is otherwise sound (a ragged row is rejected instead).
        widenFields.append(index)
        pendingLineBreaks += ByteScan.lineBreaks(in: bytes, from: 0, to: bytes.count)
      }
    }

    @inline(__always)
    mutating func endRecord(_ terminator: Int32) {
      if stop != nil { return }
      defer { previousBreak = terminator }
      if fieldIndex == 0 {
        // No fields: a blank line, or the LF that completes a CRLF.
        let continuesCRLF = terminator == 0x0A && previousBreak == 0x0D
        if terminator >= 0, !continuesCRLF {
          line += 1
          blankLines += 1
        }
        return
      }
      if fieldIndex == 1, onlySpaces, fieldCount > 1 {
        // A line of spaces only is a blank line, not a one-field record.
        dropRecord(terminator)
        blankLines += 1
        return
      }
      if !widenFields.isEmpty {
        if fieldIndex == fieldCount {
          guard collectsWidening else {
            stop = .needsWiderKind(fields: widenFields)
            return
          }
          // A sample: note the fields and go on without the record, so that one
          // read finds every column the sample widens.
          for field in widenFields where !collectedWidening.contains(field) { collectedWidening.append(field) }
          dropRecord(terminator)
          return
        }
        widenFields.removeAll(keepingCapacity: true)
      }
      records += 1
      if !rejecting, fieldIndex != fieldCount {
        startReject(
          field: min(fieldIndex, fieldCount), cause: .fieldCount(found: fieldIndex, expected: fieldCount), value: "")
      }
      if rejecting {
        reject.line = line
        rejects.append(reject)
        rejecting = false
        skippingRow = false
      } else {
        rows += 1
        rowLines.append(Int32(truncatingIfNeeded: line))
      }
      line += pendingLineBreaks + (terminator >= 0 ? 1 : 0)
      pendingLineBreaks = 0
      fieldIndex = 0
      recordBytes = 0
    }

    /// Ends the current record without a row or a reject: drops the cells it stored.
    private mutating func dropRecord(_ terminator: Int32) {
      for index in 0..<fieldCount { columns[index].truncate(to: rows) }
      rejecting = false
      skippingRow = false
      widenFields.removeAll(keepingCapacity: true)
      line += pendingLineBreaks + (terminator >= 0 ? 1 : 0)
      pendingLineBreaks = 0
      fieldIndex = 0
      recordBytes = 0
    }

    /// Sets the current row aside and drops the cells it already stored.
    private mutating func startReject(field: Int, cause: RejectCause, value: String) {
      rejecting = true
      skippingRow = true
      reject = PendingReject(line: line, field: field + 1, cause: cause, value: value)
      for index in 0..<fieldCount { columns[index].truncate(to: rows) }
    }
  }

  let state: UnsafeMutablePointer<State>
  let fieldCount: Int

  /// `expectedRows`: the most rows the chunk can hold, reserved up front in every
  /// column so that no buffer is copied as it grows.
  init(
    specs: [ColumnSpec], decimalSeparator: UInt8, maxLineBytes: Int, maxFieldBytes: Int, keepsSpaces: Bool = false,
    expectedRows: Int = 0, collectsWidening: Bool = false
  ) {
    fieldCount = specs.count
    let columns = UnsafeMutablePointer<ColumnState>.allocate(capacity: max(1, specs.count))
    for (index, spec) in specs.enumerated() {
      (columns + index).initialize(
        to: ColumnState(
          spec: spec, decimalSeparator: decimalSeparator, trimsValues: keepsSpaces, expectedRows: expectedRows))
    }
    state = UnsafeMutablePointer<State>.allocate(capacity: 1)
    state.initialize(
      to: State(
        columns: columns, fieldCount: specs.count, maxLineBytes: maxLineBytes, maxFieldBytes: maxFieldBytes,
        collectsWidening: collectsWidening, keepsSpaces: keepsSpaces))
  }

  deinit {
    let columns = state.pointee.columns
    for index in 0..<fieldCount { columns[index].release() }
    columns.deinitialize(count: fieldCount)
    columns.deallocate()
    state.pointee.rowLines.release()
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// Reads `bytes` (whole records) with a strict libcsv parser that reports every line break.
  func read(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8, maxFieldBytes: Int, keepsSpaces: Bool)
    throws(CSVParser.Failure)
  {
    let parser = CSVParser(
      delimiter: delimiter, maxFieldBytes: maxFieldBytes, reportsAllLineBreaks: true, keepsSpaces: keepsSpaces)
    try read(bytes, with: parser)
  }

  /// Reads `bytes` (whole records) with `parser`.
  func read(_ bytes: UnsafeRawBufferPointer, with parser: CSVParser) throws(CSVParser.Failure) {
    let context = UnsafeMutableRawPointer(state)
    do {
      try parser.parse(
        bytes, context: context, field: chunkFieldCallback, record: chunkRecordCallback,
        shouldStop: { state.pointee.stop != nil })
      if state.pointee.stop == nil {
        try parser.finish(context: context, field: chunkFieldCallback, record: chunkRecordCallback)
      }
      if state.pointee.stop == nil, !state.pointee.collectedWidening.isEmpty {
        state.pointee.stop = .needsWiderKind(fields: state.pointee.collectedWidening)
      }
    } catch .fieldTooLarge {
      // libcsv's buffer ran away inside a field: place it at the record and field
      // (unless reading had already stopped: then the rest of the block was only
      // fed to libcsv, and a read after widening meets the field again).
      guard state.pointee.stop == nil else { return }
      state.pointee.stop = .fieldTooLarge(line: state.pointee.line, field: state.pointee.fieldIndex + 1)
    }
  }

  /// The column state of the file's field `field`.
  func column(_ field: Int) -> UnsafeMutablePointer<ColumnState> { state.pointee.columns + field }

  var rows: Int { state.pointee.rows }
  var records: Int { state.pointee.records }
  var blankLines: Int { state.pointee.blankLines }
  var lines: Int { state.pointee.line }
  var rejects: [PendingReject] { state.pointee.rejects }
  var stop: Stop? { state.pointee.stop }

  /// The start line (chunk-relative) of each accepted row.
  func withAcceptedRowLines<R>(_ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
    state.pointee.rowLines.withBuffer(body)
  }
}

private func chunkFieldCallback(_ bytes: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
  // CSV_EMPTY_IS_NULL: a null pointer marks an empty unquoted cell.
  context.unsafelyUnwrapped.assumingMemoryBound(to: ChunkReader.State.self).pointee.field(
    UnsafeRawBufferPointer(start: bytes, count: length), isUnquotedEmpty: bytes == nil)
}

private func chunkRecordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
  context.unsafelyUnwrapped.assumingMemoryBound(to: ChunkReader.State.self).pointee.endRecord(terminator)
}

extension RejectCause {
  /// The reason text for the rejects file.
  func message(spec: ColumnSpec?, value: String) -> String {
    let quoted = "'\(value.count > 60 ? String(value.prefix(60)) + "..." : value)'"
    let name = spec?.name ?? ""
    switch self {
    case .notANumber:
      return "cannot read \(quoted) as a number"
    case .outOfRange:
      let range = spec?.range.map {
        "\(NumberFormat.shortest($0.lowerBound)) to \(NumberFormat.shortest($0.upperBound))"
      }
      return "\(quoted) is outside the valid range \(range ?? "")"
    case .notWhole(let storage):
      return "\(quoted) is not a whole number (the codebook stores '\(name)' as \(storage.rawValue))"
    case .doesNotFit(let storage):
      return "\(quoted) does not fit the codebook's \(storage.rawValue) storage of '\(name)'"
    case .notALevel:
      var expected = ""
      if case .categorical(let levels?, _) = spec?.kind {
        expected = levels.prefix(12).map(\.value).joined(separator: ", ") + (levels.count > 12 ? ", ..." : "")
      }
      return "\(quoted) is not a level of '\(name)' (expected \(expected), or a label of one)"
    case .notAnOption(let token):
      let utf8 = Array(value.utf8)
      let option = token.upperBound <= utf8.count ? String(decoding: utf8[token], as: UTF8.self) : value
      var expected = ""
      if case .multiSelect(let options, _) = spec?.kind { expected = options.map(\.value).joined(separator: ", ") }
      return "'\(option)' is not an option of '\(name)' (expected \(expected))"
    case .notADate:
      var format = DateFormat.iso
      if case .date(let declared) = spec?.kind { format = declared }
      return "cannot read \(quoted) as a date (\(format.rawValue))"
    case .required(let reason):
      return "a value is required, found \(reason == .empty ? "an empty cell" : reason.name)"
    case .fieldCount(let found, let expected):
      return "the row has \(found) field\(found == 1 ? "" : "s"), the header has \(expected)"
    }
  }
}

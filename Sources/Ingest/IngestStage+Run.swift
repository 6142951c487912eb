import CSVCodec
import Dispatch
import SurveyCore
import Synchronization

extension IngestStage {
  /// Reads `files` into one table.
  ///
  /// Bad rows become ``Reject``s and the run goes on; a problem with a whole file
  /// (missing, empty, header only, invalid UTF-8, a NUL byte, a malformed or
  /// unterminated quote, a missing required column, a duplicate header, a field or
  /// line over the limits) throws a ``Diagnostic`` naming file, line and column.
  public static func run(files paths: [String], codebook: Codebook?, options: Options = Options())
    throws(Diagnostic) -> Result
  {
    precondition(!paths.isEmpty, "ingest needs at least one file")
    var files: [InputFile] = []
    for path in paths {
      files.append(
        try InputFile(
          path: path, delimiter: options.delimiter, decimalComma: options.decimalComma,
          source: codebook?.source(forFile: path), maxLineBytes: options.maxLineBytes))
    }
    var clock = PhaseClock()
    var schema = try Schema(files: files, codebook: codebook)
    clock.lap("open")
    let chunks = try split(files, options: options)
    clock.lap("scan")
    if schema.specs.contains(where: \.inferred) {
      // Settle inferred kinds on the first records of each file, so that the full
      // pass rarely has to read a chunk twice.
      settleKinds(onSamples: samples(of: files, chunks: chunks), files: files, schema: &schema, options: options)
    }
    var parsed = settleKinds(chunks, files: files, schema: &schema, options: options)
    // An open categorical column with more distinct values than codes can hold is
    // text: read it again as text everywhere, so that no chunk differs.
    let crowded = schema.specs.indices.filter { column in
      guard schema.specs[column].inferred, case .categorical(nil, _) = schema.specs[column].kind else { return false }
      // The chunks' level counts bound the union's: below the limit, no set is needed.
      let levelBound = chunks.indices.reduce(0) { total, index in
        guard let field = schema.fieldColumns[chunks[index].file].firstIndex(of: column) else { return total }
        return total + parsed[index].reader.column(field).pointee.levelCount
      }
      if levelBound <= Int(UInt16.max) + 1 { return false }
      var levels = Set<String>()
      for (index, chunk) in chunks.enumerated() {
        guard let field = schema.fieldColumns[chunk.file].firstIndex(of: column) else { continue }
        levels.formUnion(parsed[index].reader.column(field).pointee.chunkLevels())
        if levels.count > Int(UInt16.max) + 1 { return true }
      }
      return false
    }
    if !crowded.isEmpty {
      for column in crowded { schema.specs[column].setKind(.text) }
      let affected = chunks.indices.filter { index in
        schema.fieldColumns[chunks[index].file].contains { crowded.contains($0) }
      }
      let again = settleKinds(affected.map { chunks[$0] }, files: files, schema: &schema, options: options)
      for (index, result) in zip(affected, again) { parsed[index] = result }
    }
    clock.lap("parse")
    try checkFailures(parsed, chunks: chunks, files: files, options: options)
    var result = assemble(parsed, chunks: chunks, files: files, schema: schema, jobs: options.jobs)
    clock.lap("merge")
    result.phases = clock.phases
    return result
  }

  /// Widens the inferred kinds of samples' columns as they require: one read of
  /// each sample, which notes every column that must widen (numeric to
  /// categorical, or to text). The full pass still widens what the samples missed.
  static func settleKinds(onSamples samples: [Chunk], files: [InputFile], schema: inout Schema, options: Options) {
    let specs = schema.specs
    let parsed = WorkerPool(jobs: options.jobs).map(Array(samples.indices)) { index in
      parse(
        samples[index], file: files[samples[index].file], specs: specs, schema: schema, options: options,
        collectsWidening: true)
    }
    var widened = Set<Int>()
    for (sample, result) in zip(samples, parsed) {
      widen(asked: result, file: sample.file, schema: &schema, widened: &widened)
    }
  }

  /// Widens the columns that a chunk's read asked to widen, once each per round
  /// (`widened` holds the columns widened this round).
  static func widen(asked result: ChunkResult, file: Int, schema: inout Schema, widened: inout Set<Int>) {
    guard case .needsWiderKind(let fields) = result.stop else { return }
    for field in fields {
      let column = schema.fieldColumns[file][field]
      if !widened.contains(column), let wider = schema.specs[column].widenedKind {
        schema.specs[column].setKind(wider)
        widened.insert(column)
      }
    }
  }

  /// Parses every chunk, re-reading the chunks whose inferred columns had to
  /// widen (numeric to categorical to text) until no column widens; each column
  /// widens at most twice. A read stops at the first record that needs a wider kind.
  static func settleKinds(_ chunks: [Chunk], files: [InputFile], schema: inout Schema, options: Options)
    -> [ChunkResult]
  {
    let workers = WorkerPool(jobs: options.jobs)
    var results = [ChunkResult?](repeating: nil, count: chunks.count)
    var pending = Array(chunks.indices)
    while !pending.isEmpty {
      let specs = schema.specs
      let parsed = workers.map(pending) { index in
        parse(chunks[index], file: files[chunks[index].file], specs: specs, schema: schema, options: options)
      }
      var widened = Set<Int>()
      for (index, result) in zip(pending, parsed) {
        results[index] = result
        widen(asked: result, file: chunks[index].file, schema: &schema, widened: &widened)
      }
      pending = chunks.indices.filter { index in
        guard let result = results[index] else { return true }
        if case .needsWiderKind(let fields) = result.stop {
          // Every widening request widened its column this round (or earlier); a
          // column that cannot widen further would be a broken invariant.
          for field in fields {
            let column = schema.fieldColumns[chunks[index].file][field]
            precondition(widened.contains(column) || schema.specs[column].kind == .text, "column cannot widen")
          }
          return true
        }
        return schema.fieldColumns[chunks[index].file].contains { widened.contains($0) }
      }
    }
    return results.map { $0.unsafelyUnwrapped }
  }

  /// The first records of each file (about 256 KiB, cut at a record boundary).
  static func samples(of files: [InputFile], chunks: [Chunk]) -> [Chunk] {
    files.indices.compactMap { index in
      guard let first = chunks.first(where: { $0.file == index }) else { return nil }
      let file = files[index]
      let limit = min(first.range.upperBound, first.range.lowerBound + (256 << 10))
      guard limit < first.range.upperBound else { return first }
      let quotes = ByteScan.summarize(file.bytes, start: first.range.lowerBound, end: limit).quotes
      let end =
        ByteScan.recordBoundary(file.bytes, from: limit, to: first.range.upperBound, insideQuotes: quotes % 2 == 1)
        ?? first.range.upperBound
      return Chunk(file: index, range: first.range.lowerBound..<end)
    }
  }

  /// A run of whole records of one file.
  struct Chunk {
    var file: Int
    var range: Range<Int>
  }

  /// What one chunk produced.
  struct ChunkResult {
    var reader: ChunkReader
    var failure: CSVParser.Failure?
    var stop: ChunkReader.Stop? { reader.stop }
  }

  /// Scans every file in parallel blocks (quotes, NUL, UTF-8) and cuts the data
  /// into chunks at record boundaries found by quote parity.
  static func split(_ files: [InputFile], options: Options) throws(Diagnostic) -> [Chunk] {
    struct Block {
      var file: Int
      var range: Range<Int>
    }
    var blocks: [Block] = []
    // At least four blocks per worker when the data allow (down to 256 KiB each),
    // so that a file of a few blocks does not leave a worker idle at the end.
    let dataBytes = files.reduce(0) { $0 + $1.bytes.count - $1.headerStart }
    let blockBytes = min(options.blockBytes, max(256 << 10, dataBytes / (options.jobs * 4)))
    for (index, file) in files.enumerated() {
      var start = file.headerStart
      while start < file.bytes.count {
        let end = min(file.bytes.count, start + blockBytes)
        blocks.append(Block(file: index, range: start..<end))
        start = end
      }
    }
    let summaries = WorkerPool(jobs: options.jobs).map(Array(blocks.indices)) { index in
      let block = blocks[index]
      let file = files[block.file]
      defer { file.release(block.range) }
      return ByteScan.summarize(file.bytes, start: block.range.lowerBound, end: block.range.upperBound)
    }
    for (block, summary) in zip(blocks, summaries) {
      let file = files[block.file]
      if summary.hasSpacedLineBreak { file.keepsSpaces = true }
      if let offset = summary.nulOffset {
        throw Diagnostic(
          at: file.location(ofOffset: offset),
          "the file contains a NUL byte; is it a spreadsheet, a binary file or UTF-16 text? Export it as CSV in UTF-8")
      }
      if let offset = summary.invalidUTF8Offset {
        let byte = String(file.bytes[offset], radix: 16, uppercase: true)
        throw Diagnostic(
          at: file.location(ofOffset: offset),
          "invalid UTF-8 (byte 0x\(byte)); convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8")
      }
    }
    var chunks: [Chunk] = []
    var quotes = 0
    var chunkStart = 0
    for (position, (block, summary)) in zip(blocks, summaries).enumerated() {
      let file = files[block.file]
      if position == 0 || blocks[position - 1].file != block.file {
        quotes = 0
        chunkStart = file.dataStart
      } else if block.range.lowerBound > chunkStart,
        let boundary = ByteScan.recordBoundary(
          file.bytes, from: block.range.lowerBound, to: block.range.upperBound, insideQuotes: quotes % 2 == 1),
        boundary > chunkStart, boundary < file.bytes.count
      {
        chunks.append(Chunk(file: block.file, range: chunkStart..<boundary))
        chunkStart = boundary
      }
      quotes += summary.quotes
      if position == blocks.count - 1 || blocks[position + 1].file != block.file {
        chunks.append(Chunk(file: block.file, range: chunkStart..<file.bytes.count))
      }
    }
    return chunks
  }

  /// Parses one chunk with its own libcsv parser and column states.
  static func parse(
    _ chunk: Chunk, file: InputFile, specs: [ColumnSpec], schema: Schema, options: Options,
    collectsWidening: Bool = false
  ) -> ChunkResult {
    let fields = schema.fieldColumns[chunk.file].map { specs[$0] }
    func makeReader() -> ChunkReader {
      // A row has at least one byte per field (its delimiters and line break), so
      // the chunk holds at most this many; untouched capacity costs no memory.
      let rows = chunk.range.count / max(1, fields.count) + 1
      return ChunkReader(
        specs: fields, decimalSeparator: file.decimalSeparator, maxLineBytes: options.maxLineBytes,
        maxFieldBytes: options.maxFieldBytes, keepsSpaces: file.keepsSpaces, expectedRows: rows,
        collectsWidening: collectsWidening)
    }
    let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[chunk.range])
    let reader = makeReader()
    var failure: CSVParser.Failure?
    do {
      try reader.read(
        bytes, delimiter: file.delimiter, maxFieldBytes: options.maxFieldBytes, keepsSpaces: file.keepsSpaces)
    } catch {
      failure = error
    }
    file.release(chunk.range)
    return ChunkResult(reader: reader, failure: failure)
  }

  /// Throws the first whole-file problem, in file and chunk order.
  static func checkFailures(_ results: [ChunkResult], chunks: [Chunk], files: [InputFile], options: Options)
    throws(Diagnostic)
  {
    var startLine = 0
    for (index, (chunk, result)) in zip(chunks, results).enumerated() {
      let file = files[chunk.file]
      if index == 0 || chunks[index - 1].file != chunk.file { startLine = file.dataLine }
      func location(_ offset: Int) -> SourceLocation {
        let (line, field) = ByteScan.position(
          of: chunk.range.lowerBound + offset, in: file.bytes, from: chunk.range.lowerBound, startLine: startLine,
          delimiter: file.delimiter)
        return SourceLocation(file: file.path, line: line, column: field)
      }
      switch result.failure {
      case .malformedQuote(let offset):
        throw Diagnostic(
          at: location(offset),
          "malformed quote: a quote inside an unquoted field, or text after a closing quote"
            + " (quote the whole field and double the quotes inside it)")
      case .unterminatedQuote:
        let opened = ByteScan.openQuote(in: file.bytes, from: chunk.range.lowerBound, to: chunk.range.upperBound)
        throw Diagnostic(
          at: location((opened ?? chunk.range.lowerBound) - chunk.range.lowerBound),
          "unterminated quote: the quoted field that starts here is still open at the end of the file")
      case .fieldTooLarge(let limit, let offset):
        throw Diagnostic(
          at: location(offset), "a field is longer than the limit of \(limit) bytes (--max-field-bytes)")
      case .outOfMemory:
        throw Diagnostic(at: location(0), "out of memory while reading a field")
      case nil:
        break
      }
      if case .fieldTooLarge(let line, let field) = result.stop {
        throw Diagnostic(
          at: SourceLocation(file: file.path, line: startLine + line, column: field),
          "a field is longer than the limit of \(options.maxFieldBytes) bytes (--max-field-bytes)")
      }
      if case .lineTooLong(let line) = result.stop {
        throw Diagnostic(
          at: SourceLocation(file: file.path, line: startLine + line),
          "the record is longer than the limit of \(options.maxLineBytes) bytes (--max-line-bytes)")
      }
      startLine += result.reader.lines
    }
  }
}

/// Runs closures on a bounded number of threads, results in input order.
struct WorkerPool {
  let jobs: Int

  /// `transform` applied to every element, with at most `jobs` running at once;
  /// workers take the next element as they finish, results keep input order.
  func map<T, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
    guard items.count > 1, jobs > 1 else { return items.map(transform) }
    let next = Atomic<Int>(0)
    let slots = Mutex<[UncheckedBox<R>?]>(Array(repeating: nil, count: items.count))
    let threads = min(jobs, items.count)
    let items = UncheckedBox(items)
    withoutActuallyEscaping(transform) { transform in
      let transform = UncheckedBox(transform)
      DispatchQueue.concurrentPerform(iterations: threads) { _ in
        while true {
          let index = next.add(1, ordering: .relaxed).oldValue
          guard index < items.value.count else { return }
          let result = UncheckedBox(transform.value(items.value[index]))
          slots.withLock { $0[index] = result }
        }
      }
    }
    return slots.withLock { $0.map { $0.unsafelyUnwrapped.value } }
  }
}

/// Carries a value across threads where the caller guarantees exclusive use.
///
/// @unchecked Sendable: used only by `WorkerPool.map`: the items and the transform
/// are only read by the workers, and each result is made by one worker and read
/// after all workers have finished (`concurrentPerform` joins before returning).
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

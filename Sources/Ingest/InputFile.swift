import CSVCodec
import SurveyCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One input file, mapped read-only into memory, with its header read.
///
/// The mapping is private and read-only; after each block is scanned or parsed its
/// pages are handed back (`MADV_DONTNEED`), so resident memory stays near the
/// size of the blocks in flight rather than the size of the file.
final class InputFile: @unchecked Sendable {
  // @unchecked Sendable: the mapping is immutable after init and only read;
  // madvise on disjoint ranges from several threads is safe; `keepsSpaces` is set
  // once by the scan, before the parallel parse reads it.

  let path: String
  let bytes: UnsafeRawBufferPointer
  /// Where the header starts (after a UTF-8 byte order mark).
  let headerStart: Int
  /// Where the first data record starts.
  let dataStart: Int
  /// The physical line of the first data record.
  let dataLine: Int
  let delimiter: UInt8
  let decimalSeparator: UInt8
  /// The header's column names, as written.
  let header: [String]
  /// Whether to keep spaces around unquoted fields (set for files where a CR is
  /// followed by a line of spaces, which libcsv's trimming would misread).
  var keepsSpaces = false

  /// Maps `path` and reads its header.
  init(path: String, delimiter configured: UInt8?, decimalComma: Bool?, source: Codebook.Source?, maxLineBytes: Int)
    throws(Diagnostic)
  {
    self.path = path
    let file = SourceLocation(file: path)
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw Diagnostic(at: file, "cannot open file: \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw Diagnostic(at: file, "cannot read file: \(String(cString: strerror(errno)))")
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw Diagnostic(at: file, "not a regular file")
    }
    let size = Int(status.st_size)
    guard size > 0 else {
      throw Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "the file is empty")
    }
    guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
      throw Diagnostic(at: file, "cannot read file: \(String(cString: strerror(errno)))")
    }
    bytes = UnsafeRawBufferPointer(start: mapped, count: size)
    let hasBOM = size >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    headerStart = hasBOM ? 3 : 0
    do throws(Diagnostic) {
      if size >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
        throw Diagnostic(
          at: SourceLocation(file: path, line: 1, column: 1),
          "the file is UTF-16 text (byte order mark \(bytes[0] == 0xFF ? "FF FE" : "FE FF")); export it as CSV in UTF-8"
        )
      }
      if headerStart == size {
        throw Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "the file is empty")
      }
      if bytes[headerStart] == ByteScan.lf || bytes[headerStart] == ByteScan.cr {
        throw Diagnostic(
          at: SourceLocation(file: path, line: 1, column: 1),
          "the first line is empty; the header (the column names) must be on line 1")
      }
      let headerEnd = try Self.headerEnd(bytes, from: headerStart, path: path, maxLineBytes: maxLineBytes)
      let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[headerStart..<headerEnd])
      delimiter = configured ?? source?.delimiter ?? Self.sniffDelimiter(headerBytes)
      decimalSeparator = (decimalComma ?? source?.decimalComma ?? false) ? UInt8(ascii: ",") : UInt8(ascii: ".")
      header = try Self.readHeader(headerBytes, delimiter: delimiter, path: path)
      dataStart = headerEnd
      dataLine = 1 + ByteScan.lineBreaks(in: bytes, from: headerStart, to: headerEnd)
      try checkHasData()
    } catch {
      munmap(mapped, size)
      throw error
    }
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }

  /// Hands the pages of `range` back to the kernel (they read back from the page cache).
  func release(_ range: Range<Int>) {
    guard let base = bytes.baseAddress else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (range.lowerBound + page - 1) / page * page
    let end = range.upperBound == bytes.count ? range.upperBound : range.upperBound / page * page
    guard end > start else { return }
    madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
  }

  /// The location of `offset`, for a message.
  func location(ofOffset offset: Int) -> SourceLocation {
    let (line, field) = ByteScan.position(
      of: offset, in: bytes, from: headerStart, startLine: 1, delimiter: delimiter)
    return SourceLocation(file: path, line: line, column: field)
  }

  private func checkHasData() throws(Diagnostic) {
    var index = dataStart
    while index < bytes.count {
      let byte = bytes[index]
      if byte != ByteScan.lf, byte != ByteScan.cr, byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { return }
      index += 1
    }
    throw Diagnostic(at: SourceLocation(file: path, line: 1), "the file has a header but no data rows")
  }

  /// The end of the header record (after its line break, or the end of the file).
  private static func headerEnd(_ bytes: UnsafeRawBufferPointer, from start: Int, path: String, maxLineBytes: Int)
    throws(Diagnostic) -> Int
  {
    // The limit is on the record; its line break (up to CR LF) may follow.
    let limit = min(bytes.count, start + maxLineBytes + 2)
    if let end = ByteScan.recordBoundary(bytes, from: start, to: limit, insideQuotes: false) {
      var content = end
      while content > start, bytes[content - 1] == ByteScan.lf || bytes[content - 1] == ByteScan.cr { content -= 1 }
      if content - start <= maxLineBytes { return end }
      throw Diagnostic(
        at: SourceLocation(file: path, line: 1, column: 1),
        "the header line is longer than the limit of \(maxLineBytes) bytes (--max-line-bytes)")
    }
    if limit < bytes.count {
      throw Diagnostic(
        at: SourceLocation(file: path, line: 1, column: 1),
        "the header line is longer than the limit of \(maxLineBytes) bytes (--max-line-bytes)")
    }
    return bytes.count
  }

  /// The most frequent of `,` `;` and TAB outside quotes in the header (comma on a tie).
  static func sniffDelimiter(_ header: UnsafeRawBufferPointer) -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
    var inside = false
    for byte in header {
      if byte == ByteScan.quote {
        inside.toggle()
      } else if !inside, counts[byte] != nil {
        counts[byte, default: 0] += 1
      }
    }
    let best = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }
    guard let best, best.value > 0 else { return UInt8(ascii: ",") }
    return counts[UInt8(ascii: ",")] == best.value ? UInt8(ascii: ",") : best.key
  }

  private static func readHeader(_ header: UnsafeRawBufferPointer, delimiter: UInt8, path: String)
    throws(Diagnostic) -> [String]
  {
    let collector = FieldCollector()
    let parser = CSVParser(delimiter: delimiter, reportsAllLineBreaks: false)
    do {
      try parser.parse(header, into: collector)
      try parser.finish(into: collector)
    } catch {
      throw Diagnostic(
        at: SourceLocation(file: path, line: 1, column: collector.fields.count + 1),
        "malformed quote in the header")
    }
    // Names match ignoring case and surrounding spaces, as the codebook's aliases do.
    var seen: [String: Int] = [:]
    for (index, name) in collector.fields.enumerated() {
      let location = SourceLocation(file: path, line: 1, column: index + 1)
      let key = name.trimmingSpaces().lowercased()
      if key.isEmpty {
        throw Diagnostic(at: location, "column \(index + 1) of the header has no name")
      }
      if let first = seen[key] {
        throw Diagnostic(at: location, "duplicate column '\(name)' in the header (also column \(first + 1))")
      }
      seen[key] = index
    }
    return collector.fields
  }
}

/// Collects the fields of the first record (the header).
private final class FieldCollector: CSVRecordSink {
  var fields: [String] = []
  private var done = false

  func field(_ bytes: UnsafeRawBufferPointer, isUnquotedEmpty: Bool) {
    if !done { fields.append(String(decoding: bytes, as: UTF8.self)) }
  }

  func endRecord(lineBreak: UInt8?) {
    if !fields.isEmpty { done = true }
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  func trimmingSpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }
}

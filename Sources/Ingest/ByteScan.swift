#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Byte-level scans of a CSV file's memory: the parallel pre-pass (quote count,
/// NUL bytes, UTF-8 validity), record-boundary search and turning a byte offset
/// into a line and field number for error messages.
///
/// Record boundaries rely on quote parity: in RFC 4180 CSV, a line break ends a
/// record exactly when an even number of quote characters precedes it (a doubled
/// `""` inside a quoted field adds two). Strict parsing rejects the stray quotes
/// that would break this rule, so the parallel split never changes the result.
enum ByteScan {
  /// What the pre-pass found in one block.
  struct BlockSummary {
    var quotes = 0
    /// Offset (from the file start) of the first NUL byte.
    var nulOffset: Int?
    /// Offset of the first byte that is not valid UTF-8.
    var invalidUTF8Offset: Int?
    /// Whether a CR is followed by spaces or tabs and then an LF: a line of spaces
    /// after a CR line end, which libcsv's trimming would merge with the CR.
    var hasSpacedLineBreak = false
  }

  static let quote = UInt8(ascii: "\"")
  static let lf = UInt8(ascii: "\n")
  static let cr = UInt8(ascii: "\r")

  /// Scans `bytes[start..<end]`; UTF-8 sequences that start in the block are
  /// checked whole, even when they run past `end`.
  ///
  /// One pass (``survey(_:start:end:)``) counts the quotes and notes whether the
  /// block has a CR, a NUL or a byte >= 0x80; only a block that has one is
  /// searched again for it.
  static func summarize(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int) -> BlockSummary {
    var summary = BlockSummary()
    guard start < end, let raw = bytes.baseAddress else { return summary }
    let survey = survey(raw.assumingMemoryBound(to: UInt8.self), start: start, end: end)
    summary.quotes = survey.quotes
    var cursor = raw + start
    let stop = raw + end
    while survey.hasCR, cursor < stop, let found = memchr(cursor, Int32(cr), stop - cursor) {
      var next = UnsafeRawPointer(found) + 1
      let afterCR = next
      while next < raw + bytes.count, next.load(as: UInt8.self) == 0x20 || next.load(as: UInt8.self) == 0x09 {
        next += 1
      }
      if next > afterCR, next < raw + bytes.count, next.load(as: UInt8.self) == lf {
        summary.hasSpacedLineBreak = true
        break
      }
      cursor = afterCR
    }
    if survey.lowest == 0, let found = memchr(raw + start, 0, end - start) {
      summary.nulOffset = UnsafeRawPointer(found) - raw
    }
    if survey.highest >= 0x80, let first = firstNonASCII(raw, start: start, end: end) {
      summary.invalidUTF8Offset = firstInvalidUTF8(
        raw.assumingMemoryBound(to: UInt8.self), start: first, end: end, limit: bytes.count)
    }
    return summary
  }

  /// The number of quote characters in `start..<end`, whether there is a CR, and
  /// the lowest and highest byte, in one pass.
  ///
  /// Written for the compiler's vectoriser: runs of 240 bytes (so that a one-byte
  /// count cannot overflow), and each comparison turned into 0 or 1 by a bit cast
  /// rather than a conditional, which it would compile to a branch per byte.
  static func survey(_ base: UnsafePointer<UInt8>, start: Int, end: Int)
    -> (quotes: Int, hasCR: Bool, lowest: UInt8, highest: UInt8)
  {
    var quotes = 0
    var cr: UInt8 = 0
    var lowest: UInt8 = 0xFF
    var highest: UInt8 = 0
    var index = start
    while index < end {
      let run = min(240, end - index)
      var runQuotes: UInt8 = 0
      for offset in 0..<run {
        let byte = base[index &+ offset]
        runQuotes &+= unsafeBitCast(byte == quote, to: UInt8.self)
        cr |= unsafeBitCast(byte == Self.cr, to: UInt8.self)
        lowest = min(lowest, byte)
        highest = max(highest, byte)
      }
      quotes &+= Int(runQuotes)
      index &+= run
    }
    return (quotes, cr != 0, lowest, highest)
  }

  /// The offset of the first byte >= 0x80 in `start..<end`, checking eight bytes at a time.
  static func firstNonASCII(_ raw: UnsafeRawPointer, start: Int, end: Int) -> Int? {
    var index = start
    while index + 32 <= end {
      let a = (raw + index).loadUnaligned(as: UInt64.self)
      let b = (raw + index + 8).loadUnaligned(as: UInt64.self)
      let c = (raw + index + 16).loadUnaligned(as: UInt64.self)
      let d = (raw + index + 24).loadUnaligned(as: UInt64.self)
      if (a | b | c | d) & 0x8080_8080_8080_8080 != 0 { break }
      index += 32
    }
    while index < end {
      if raw.load(fromByteOffset: index, as: UInt8.self) >= 0x80 { return index }
      index += 1
    }
    return nil
  }

  /// The offset of the first invalid UTF-8 sequence starting in `start..<end`.
  ///
  /// Continuation bytes at `start` belong to a sequence of the previous block and
  /// are skipped (that block checks them). Overlong forms, surrogates and code
  /// points above U+10FFFF are invalid (Unicode 15, table 3-7).
  static func firstInvalidUTF8(_ base: UnsafePointer<UInt8>, start: Int, end: Int, limit: Int) -> Int? {
    var index = start
    // Continuation bytes at the start of a block belong to a sequence that began
    // in the previous block (which checks it, reading past its end) only if a lead
    // byte within the three bytes before announces that many.
    if index > 0, base[index] & 0xC0 == 0x80 {
      var back = 1
      while back <= 3, index - back >= 0, base[index - back] & 0xC0 == 0x80 { back += 1 }
      if back <= 3, index - back >= 0 {
        let lead = base[index - back]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        if length > back { index += length - back }
      }
    }
    while index < end {
      // Skip runs of ASCII 32 bytes, then eight bytes, at a time.
      while index + 32 <= end {
        let raw = UnsafeRawPointer(base + index)
        let word =
          raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
          | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
          | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        if word & 0x8080_8080_8080_8080 != 0 { break }
        index += 32
      }
      while index + 8 <= end,
        UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        index += 8
      }
      guard index < end else { break }
      let lead = base[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      let length: Int
      var lower: UInt8 = 0x80
      var upper: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0:
        length = 3
        lower = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED:
        length = 3
        upper = 0x9F
      case 0xF0:
        length = 4
        lower = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4:
        length = 4
        upper = 0x8F
      default: return index
      }
      if index + length > limit { return index }
      let second = base[index + 1]
      if second < lower || second > upper { return index }
      for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 {
        return index
      }
      index += length
    }
    return nil
  }

  /// The offset just after the first line break in `from..<to` that is outside
  /// quotes, given whether `from` lies inside a quoted field; a CR LF pair is
  /// kept together.
  static func recordBoundary(
    _ bytes: UnsafeRawBufferPointer, from: Int, to: Int, insideQuotes: Bool
  ) -> Int? {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
    var inside = insideQuotes
    var index = from
    while index < to {
      let byte = base[index]
      if byte == quote {
        inside.toggle()
      } else if !inside, byte == lf {
        return index + 1
      } else if !inside, byte == cr {
        return index + 1 < bytes.count && base[index + 1] == lf ? index + 2 : index + 1
      }
      index += 1
    }
    return nil
  }

  /// The physical line and the 1-based field number of `offset`, counting from
  /// `start`, which is the start of a record on line `startLine`.
  static func position(
    of offset: Int, in bytes: UnsafeRawBufferPointer, from start: Int, startLine: Int, delimiter: UInt8
  ) -> (line: Int, field: Int) {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return (startLine, 1) }
    var line = startLine
    var field = 1
    var inside = false
    var index = start
    let end = min(offset, bytes.count)
    while index < end {
      let byte = base[index]
      if byte == quote {
        inside.toggle()
      } else if byte == lf || byte == cr {
        if !(byte == lf && index > start && base[index - 1] == cr) { line += 1 }
        if !inside { field = 1 }
      } else if byte == delimiter, !inside {
        field += 1
      }
      index += 1
    }
    return (line, field)
  }

  /// The offset of the quote that opened the quoted field still open at `end`,
  /// scanning from the record start `start`.
  static func openQuote(in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
    var opened: Int?
    for index in start..<end where base[index] == quote {
      opened = opened == nil ? index : nil
    }
    return opened
  }

  /// The byte ranges (without line breaks) of the records starting on each of
  /// `lines` (ascending, chunk-relative from `startLine`), in one scan from `start`.
  static func records(
    startingOnLines lines: [Int], in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, startLine: Int
  ) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var current = startLine
    var recordStart = start
    for line in lines {
      while current < line, recordStart < end {
        guard let next = recordBoundary(bytes, from: recordStart, to: end, insideQuotes: false) else { break }
        current += lineBreaks(in: bytes, from: recordStart, to: next)
        recordStart = next
      }
      var recordEnd = recordBoundary(bytes, from: recordStart, to: end, insideQuotes: false) ?? end
      while recordEnd > recordStart, bytes[recordEnd - 1] == lf || bytes[recordEnd - 1] == cr { recordEnd -= 1 }
      result.append(recordStart..<recordEnd)
    }
    return result
  }

  /// The bytes of the record that starts on line `line`, scanning from `start`
  /// (a record start on line `startLine`), without its line break.
  static func record(
    startingOnLine line: Int, in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, startLine: Int
  ) -> UnsafeRawBufferPointer {
    var current = startLine
    var recordStart = start
    while current < line, recordStart < end {
      guard let next = recordBoundary(bytes, from: recordStart, to: end, insideQuotes: false) else { break }
      current += lineBreaks(in: bytes, from: recordStart, to: next)
      recordStart = next
    }
    var recordEnd = recordBoundary(bytes, from: recordStart, to: end, insideQuotes: false) ?? end
    while recordEnd > recordStart, bytes[recordEnd - 1] == lf || bytes[recordEnd - 1] == cr { recordEnd -= 1 }
    return UnsafeRawBufferPointer(rebasing: bytes[recordStart..<recordEnd])
  }

  /// The number of physical line breaks in `from..<to` (CR LF counts once).
  static func lineBreaks(in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
    var count = 0
    for index in from..<to {
      let byte = bytes[index]
      if byte == lf {
        count += index > from && bytes[index - 1] == cr ? 0 : 1
      } else if byte == cr {
        count += 1
      }
    }
    return count
  }
}

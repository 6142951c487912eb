extension ChunkReader {
  /// Reads `bytes` (whole records) without libcsv when the chunk is plain CSV;
  /// returns `false`, having read it only partly, at the first thing it leaves to
  /// libcsv. The caller then reads the chunk again, with a fresh reader, through libcsv.
  ///
  /// Plain means: records end in LF (no CR outside quotes), no space or tab at
  /// either end of an unquoted field or around a quoted one (libcsv would trim
  /// them), no quote inside an unquoted field, every quoted field closed and
  /// followed by the delimiter, LF or the end of the chunk, and no field or record
  /// over the limits. On such input this makes exactly the field and record calls
  /// that libcsv makes with `CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL |
  /// CSV_REPALL_NL` (an empty unquoted cell as a null pointer, `""` folded to `"`,
  /// a last record without line break ended with -1), but reads the bytes in place,
  /// one loop and no C call per field. Everything else (malformed or unterminated
  /// quotes, CR line ends, spaces to trim, oversized fields) goes to libcsv, which
  /// owns the error reporting.
  func readPlain(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8) -> Bool {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
    let count = bytes.count
    let state = self.state
    let quote = ByteScan.quote
    let lf = ByteScan.lf
    let cr = ByteScan.cr
    // Spaces and tabs are trimmed by libcsv (unless one is the delimiter).
    let space: UInt8 = delimiter == 0x20 ? 0x09 : 0x20
    let tab: UInt8 = delimiter == 0x09 ? 0x20 : 0x09
    var unescaped = GrowableBuffer<UInt8>()
    defer { unescaped.release() }
    // The bytes that end or spoil an unquoted field, found with one lookup per byte.
    var special = GrowableBuffer<Bool>()
    defer { special.release() }
    special.append(false, repeating: 256)
    for byte in [delimiter, lf, cr, quote] { special[Int(byte)] = true }
    let isSpecial = special.base.unsafelyUnwrapped
    var index = 0
    while index < count {
      if state.pointee.stop != nil { break }
      if base[index] == lf {
        state.pointee.endRecord(Int32(lf))
        index += 1
        continue
      }
      // One record: fields until LF or the end of the chunk.
      while true {
        if index == count {
          // After a delimiter at the very end: an empty last field.
          state.pointee.field(UnsafeRawBufferPointer(start: nil, count: 0), isUnquotedEmpty: true)
          state.pointee.endRecord(-1)
          break
        }
        let first = base[index]
        var end: Int
        if first == quote {
          let start = index + 1
          var cursor = start
          var doubled = false
          while true {
            while cursor < count, base[cursor] != quote { cursor += 1 }
            guard cursor < count else { return false }
            if cursor + 1 < count, base[cursor + 1] == quote {
              doubled = true
              cursor += 2
              continue
            }
            break
          }
          var field = UnsafeRawBufferPointer(start: base + start, count: cursor - start)
          if doubled {
            unescaped.truncate(to: 0)
            var from = start
            while from < cursor {
              unescaped.append(base[from])
              from += base[from] == quote ? 2 : 1
            }
            field = unescaped.withBuffer { UnsafeRawBufferPointer($0) }
            // A non-null start even when empty: libcsv passes its buffer for a quoted field.
            if field.baseAddress == nil { field = UnsafeRawBufferPointer(start: base + start, count: 0) }
          }
          end = cursor + 1
          if end < count, base[end] != delimiter, base[end] != lf { return false }
          state.pointee.field(field, isUnquotedEmpty: false)
        } else {
          if first == space || first == tab { return false }
          end = index
          while end < count, !isSpecial[Int(base[end])] { end += 1 }
          if end < count, base[end] == quote || base[end] == cr { return false }
          if end > index, base[end - 1] == space || base[end - 1] == tab { return false }
          state.pointee.field(
            UnsafeRawBufferPointer(start: end > index ? base + index : nil, count: end - index),
            isUnquotedEmpty: end == index)
        }
        if end == count {
          state.pointee.endRecord(-1)
          index = end
          break
        }
        index = end + 1
        if base[end] == lf {
          state.pointee.endRecord(Int32(lf))
          break
        }
      }
    }
    switch state.pointee.stop {
    case .fieldTooLarge, .lineTooLong: return false
    case .needsWiderKind, nil: return true
    }
  }
}

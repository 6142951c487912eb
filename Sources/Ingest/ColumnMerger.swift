import SurveyCore

/// Joins one column's chunk column states, in order, into a table column.
///
/// A file without the column contributes cells missing as `.absent`. Open level
/// sets are united and sorted by UTF-8 bytes (as R orders factor levels in the C
/// locale); more than 65,536 distinct values make the column text.
enum ColumnMerger {
  typealias Piece = (state: UnsafeMutablePointer<ColumnState>?, rows: Int)

  static func merge(_ spec: ColumnSpec, pieces: [Piece]) -> Column {
    let missing = mergeMissing(pieces)
    let values: Column.Values
    var type = spec.type
    switch spec.kind {
    case .numeric(let declared):
      values = .numeric(mergeNumeric(pieces, declared: declared))
    case .categorical(let levels, let ordered):
      if let levels {
        values = .categorical(mergeDeclared(pieces, levels: levels, ordered: ordered))
      } else if let merged = mergeOpen(pieces) {
        values = .categorical(merged)
      } else {
        values = .text(openAsText(pieces))
        type = .text
      }
    case .multiSelect(let options, _):
      var masks: [UInt64] = []
      for piece in pieces {
        if let state = piece.state {
          masks.append(contentsOf: state.pointee.masks.array())
          state.pointee.releaseValues()
        } else {
          masks.append(contentsOf: repeatElement(0, count: piece.rows))
        }
      }
      values = .multiSelect(MultiSelectValues(options: options.map(\.value), masks: masks))
    case .text:
      var text = TextValues()
      for piece in pieces {
        if let state = piece.state {
          text.append(state.pointee.textValues())
          state.pointee.releaseValues()
        } else {
          for _ in 0..<piece.rows { text.append("") }
        }
      }
      values = .text(text)
    case .date:
      var days: [Int32] = []
      for piece in pieces {
        if let state = piece.state {
          days.append(contentsOf: state.pointee.days.array())
          state.pointee.releaseValues()
        } else {
          days.append(contentsOf: repeatElement(0, count: piece.rows))
        }
      }
      values = .date(days)
    }
    return Column(name: spec.name, type: type, label: spec.label, values: values, missing: missing)
  }

  private static func mergeMissing(_ pieces: [Piece]) -> MissingMask {
    let any = pieces.contains { piece in
      guard let state = piece.state else { return piece.rows > 0 }
      return state.pointee.hasMissing
    }
    let total = pieces.reduce(0) { $0 + $1.rows }
    guard any else { return MissingMask(count: total) }
    // Written once, straight from the chunks' buffers.
    let reasons = [UInt8](unsafeUninitializedCapacity: total) { output, initialized in
      prefault(output)
      guard let base = output.baseAddress else { return }
      var offset = 0
      for piece in pieces {
        if let state = piece.state, state.pointee.hasMissing {
          state.pointee.missing.withBuffer { chunk in
            precondition(chunk.count == piece.rows, "a column state holds a reason per row once one is missing")
            if let source = chunk.baseAddress { (base + offset).initialize(from: source, count: chunk.count) }
          }
        } else {
          let reason = piece.state == nil ? MissingReason.absent.rawValue : 0
          (base + offset).initialize(repeating: reason, count: piece.rows)
        }
        offset += piece.rows
      }
      initialized = total
    }
    // Counted as the chunks read them: each chunk's missing cells, and every row
    // of a file without the column.
    let missingCount = pieces.reduce(0) { $0 + ($1.state.map { $0.pointee.missingCount } ?? $1.rows) }
    return MissingMask(rawReasons: reasons, missingCount: missingCount)
  }

  private static func mergeNumeric(_ pieces: [Piece], declared: Codebook.Storage?) -> NumericValues {
    let storage =
      declared
      ?? pieces.reduce(Codebook.Storage.int8) { widest, piece in
        guard let state = piece.state else { return widest }
        return NumericValues.wider(widest, state.pointee.storage)
      }
    switch storage {
    case .int8: return .int8(gather(pieces, storage, \.int8) { Int8($0) })
    case .int16: return .int16(gather(pieces, storage, \.int16) { Int16($0) })
    case .int32: return .int32(gather(pieces, storage, \.int32) { Int32($0) })
    case .float64: return .float64(gather(pieces, storage, \.float64) { $0 })
    }
  }

  /// The pieces' numbers in one array of `storage`, written once: a piece stored
  /// the same way is copied as it is, a narrower one converted value by value
  /// (exactly: every narrower value is a whole number that fits), a missing one is zeros.
  private static func gather<Value: BitwiseCopyable>(
    _ pieces: [Piece], _ storage: Codebook.Storage, _ buffer: KeyPath<ColumnState, GrowableBuffer<Value>>,
    _ convert: (Double) -> Value
  ) -> [Value] {
    let total = pieces.reduce(0) { $0 + $1.rows }
    return [Value](unsafeUninitializedCapacity: total) { output, initialized in
      prefault(output)
      guard let base = output.baseAddress else { return }
      var offset = 0
      for piece in pieces {
        if let state = piece.state {
          precondition(state.pointee.count == piece.rows, "a column state holds a value per row of its chunk")
          if state.pointee.storage == storage {
            state.pointee[keyPath: buffer].withBuffer { values in
              if let source = values.baseAddress { (base + offset).initialize(from: source, count: values.count) }
            }
          } else {
            for row in 0..<piece.rows { (base + offset + row).initialize(to: convert(state.pointee.number(at: row))) }
          }
          state.pointee.releaseValues()
        } else {
          for row in 0..<piece.rows { (base + offset + row).initialize(to: convert(0)) }
        }
        offset += piece.rows
      }
      initialized = total
    }
  }

  private static func mergeDeclared(_ pieces: [Piece], levels: [Codebook.Level], ordered: Bool) -> CategoricalValues {
    let codes = remapCodes(pieces, levelCount: levels.count) { _ in nil }
    return CategoricalValues(levels: levels.map(\.value), labels: levels.map(\.label), isOrdered: ordered, codes: codes)
  }

  /// The codes of all pieces in one array of the narrowest width, each chunk's
  /// codes passed through `remap` (chunk code to table code) when it gives one.
  private static func remapCodes(
    _ pieces: [Piece], levelCount: Int, remap: (UnsafeMutablePointer<ColumnState>) -> [UInt16]?
  ) -> CategoricalValues.Codes {
    func build<Code: FixedWidthInteger>(_: Code.Type) -> [Code] {
      let total = pieces.reduce(0) { $0 + $1.rows }
      return [Code](unsafeUninitializedCapacity: total) { buffer, initialized in
        prefault(buffer)
        var offset = 0
        for piece in pieces {
          if let state = piece.state {
            let table = remap(state)
            state.pointee.codes.withBuffer { codes in
              // The choice of mapping made once per piece, not per row.
              if let table, !table.isEmpty {
                table.withUnsafeBufferPointer { table in
                  for index in codes.indices {
                    buffer[offset + index] = Code(truncatingIfNeeded: table[Int(codes[index])])
                  }
                }
              } else if table != nil {
                for index in codes.indices { buffer[offset + index] = 0 }
              } else {
                for (index, code) in codes.enumerated() { buffer[offset + index] = Code(truncatingIfNeeded: code) }
              }
            }
            state.pointee.releaseValues()
          } else {
            for index in 0..<piece.rows { buffer[offset + index] = 0 }
          }
          offset += piece.rows
        }
        initialized = total
      }
    }
    return levelCount <= 256 ? .uint8(build(UInt8.self)) : .uint16(build(UInt16.self))
  }

  /// United open level sets, or `nil` when there are too many levels for codes.
  private static func mergeOpen(_ pieces: [Piece]) -> CategoricalValues? {
    var all = Set<String>()
    for piece in pieces {
      if let state = piece.state { all.formUnion(state.pointee.chunkLevels()) }
    }
    guard all.count <= Int(UInt16.max) + 1 else { return nil }
    let levels = all.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let codeOf = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, UInt16($0)) })
    let codes = remapCodes(pieces, levelCount: levels.count) { state in
      state.pointee.chunkLevels().map { codeOf[$0] ?? 0 }
    }
    return CategoricalValues(levels: levels, codes: codes)
  }

  private static func openAsText(_ pieces: [Piece]) -> TextValues {
    var text = TextValues()
    for piece in pieces {
      guard let state = piece.state else {
        for _ in 0..<piece.rows { text.append("") }
        continue
      }
      let levels = state.pointee.chunkLevels()
      state.pointee.codes.withBuffer { buffer in
        for code in buffer { text.append(levels.isEmpty ? "" : levels[Int(code)]) }
      }
    }
    return text
  }
}

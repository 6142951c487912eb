extension SurveyTable {
  /// The snapshot format's first bytes and version: `MHTB` and 1.
  private static let snapshotMagic: [UInt8] = Array("MHTB".utf8) + [1]

  /// The whole table (columns with their storage, missing reasons, levels, and the
  /// rows' source files and lines) as bytes that ``init(snapshot:)`` reads back into
  /// an equal table. The pipeline cache keeps stage results this way, so that a later
  /// stage can run without re-reading and re-cleaning the CSV files.
  public func snapshot() -> [UInt8] {
    var writer = SnapshotWriter()
    for byte in Self.snapshotMagic { writer.write(byte) }
    writer.write(UInt64(rowCount))
    writer.write(UInt64(sources.count))
    for source in sources {
      writer.write(source.file)
      writer.write(UInt64(source.rows.lowerBound))
      writer.write(UInt64(source.rows.upperBound))
      writer.write(source.lines)
    }
    writer.write(UInt64(columns.count))
    for column in columns { column.write(to: &writer) }
    return writer.bytes
  }

  /// Reads a table that ``snapshot()`` wrote.
  ///
  /// - Throws: ``SnapshotError`` when the bytes are not a snapshot of this version or are damaged.
  public init(snapshot bytes: [UInt8]) throws(SnapshotError) {
    var reader = SnapshotReader(bytes)
    do {
      for byte in Self.snapshotMagic {
        guard try reader.read(UInt8.self) == byte else { throw SnapshotError(reason: "not a table snapshot") }
      }
      let rowCount = Int(try reader.read(UInt64.self))
      var sources: [Source] = []
      for _ in 0..<Int(try reader.read(UInt64.self)) {
        let file = try reader.read(String.self)
        let lower = Int(try reader.read(UInt64.self))
        let upper = Int(try reader.read(UInt64.self))
        let lines: [Int32] = try reader.read()
        guard lower <= upper, lines.count == upper - lower else { throw SnapshotError(reason: "bad row sources") }
        sources.append(Source(file: file, rows: lower..<upper, lines: lines))
      }
      var columns: [Column] = []
      var names: Set<String> = []
      for _ in 0..<Int(try reader.read(UInt64.self)) {
        let column = try Column(from: &reader)
        guard column.count == rowCount, names.insert(column.name).inserted else {
          throw SnapshotError(reason: "column '\(column.name)' does not fit the table")
        }
        columns.append(column)
      }
      guard reader.isAtEnd else { throw SnapshotError(reason: "bytes after the last column") }
      self.init(columns: columns, sources: sources)
      if columns.isEmpty, rowCount != 0 { throw SnapshotError(reason: "rows without columns") }
    } catch let error as SnapshotReader.Truncated {
      throw SnapshotError(reason: error.description)
    } catch let error as SnapshotError {
      throw error
    } catch {
      throw SnapshotError(reason: "\(error)")
    }
  }
}

/// A table snapshot that cannot be read back.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
  public var reason: String
  public var description: String { reason }

  public init(reason: String) { self.reason = reason }
}

extension Column {
  /// Storage tags of a snapshot column.
  private enum Tag: UInt8 {
    case float64, int32, int16, int8, categorical8, categorical16, multiSelect, text, date
  }

  fileprivate func write(to writer: inout SnapshotWriter) {
    writer.write(name)
    writer.write(type.rawValue)
    writer.write(label)
    writer.write(missing.rawReasons)
    switch values {
    case .numeric(.float64(let values)):
      writer.write(Tag.float64.rawValue)
      writer.write(values)
    case .numeric(.int32(let values)):
      writer.write(Tag.int32.rawValue)
      writer.write(values)
    case .numeric(.int16(let values)):
      writer.write(Tag.int16.rawValue)
      writer.write(values)
    case .numeric(.int8(let values)):
      writer.write(Tag.int8.rawValue)
      writer.write(values)
    case .categorical(let values):
      switch values.codes {
      case .uint8(let codes):
        writer.write(Tag.categorical8.rawValue)
        writer.write(codes)
      case .uint16(let codes):
        writer.write(Tag.categorical16.rawValue)
        writer.write(codes)
      }
      writer.write(values.levels)
      writer.write(values.labels)
      writer.write(values.isOrdered)
    case .multiSelect(let values):
      writer.write(Tag.multiSelect.rawValue)
      writer.write(values.masks)
      writer.write(values.options)
    case .text(let values):
      writer.write(Tag.text.rawValue)
      writer.write(values.bytes)
      writer.write(values.offsets.map { UInt64($0) })
    case .date(let days):
      writer.write(Tag.date.rawValue)
      writer.write(days)
    }
  }

  fileprivate init(from reader: inout SnapshotReader) throws {
    let name = try reader.read(String.self)
    let typeName = try reader.read(String.self)
    guard let type = VariableType(rawValue: typeName) else {
      throw SnapshotError(reason: "column '\(name)' has unknown type '\(typeName)'")
    }
    let label = try reader.read(String?.self)
    let reasons: [UInt8] = try reader.read()
    guard let tag = Tag(rawValue: try reader.read(UInt8.self)) else {
      throw SnapshotError(reason: "column '\(name)' has an unknown storage")
    }
    let values: Values
    switch tag {
    case .float64: values = .numeric(.float64(try reader.read()))
    case .int32: values = .numeric(.int32(try reader.read()))
    case .int16: values = .numeric(.int16(try reader.read()))
    case .int8: values = .numeric(.int8(try reader.read()))
    case .categorical8, .categorical16:
      let codes: CategoricalValues.Codes = tag == .categorical8 ? .uint8(try reader.read()) : .uint16(try reader.read())
      let levels: [String] = try reader.read()
      let labels: [String] = try reader.read()
      let ordered = try reader.read(Bool.self)
      guard labels.count == levels.count, (0..<codes.count).allSatisfy({ codes[$0] < max(levels.count, 1) }) else {
        throw SnapshotError(reason: "column '\(name)' has codes outside its levels")
      }
      values = .categorical(CategoricalValues(levels: levels, labels: labels, isOrdered: ordered, codes: codes))
    case .multiSelect:
      let masks: [UInt64] = try reader.read()
      let options: [String] = try reader.read()
      guard options.count <= 64 else { throw SnapshotError(reason: "column '\(name)' has over 64 options") }
      values = .multiSelect(MultiSelectValues(options: options, masks: masks))
    case .text:
      let bytes: [UInt8] = try reader.read()
      let offsets = (try reader.read([UInt64].self)).map { Int($0) }
      guard offsets.first == 0, offsets.last == bytes.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
      else { throw SnapshotError(reason: "column '\(name)' has damaged text offsets") }
      values = .text(TextValues(bytes: bytes, offsets: offsets))
    case .date: values = .date(try reader.read())
    }
    guard reasons.count == values.count else { throw SnapshotError(reason: "column '\(name)' is damaged") }
    self.init(name: name, type: type, label: label, values: values, missing: MissingMask(rawReasons: reasons))
  }
}

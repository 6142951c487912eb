import SurveyCore

extension IngestStage {
  /// Merges the chunks, in file and chunk order, into the table, the rejects and
  /// the accounting. Each column is built and its chunk storage freed before the
  /// next, so the peak is about one table plus one column.
  static func assemble(_ results: [ChunkResult], chunks: [Chunk], files: [InputFile], schema: Schema, jobs: Int)
    -> Result
  {
    // Absolute start line of every chunk, and the rows of every file.
    var startLines: [Int] = []
    var line = 0
    for (index, chunk) in chunks.enumerated() {
      if index == 0 || chunks[index - 1].file != chunk.file { line = files[chunk.file].dataLine }
      startLines.append(line)
      line += results[index].reader.lines
    }
    var sources: [SurveyTable.Source] = []
    var accounts: [FileAccount] = []
    var rejects: [Reject] = []
    var rowCount = 0
    for (fileIndex, file) in files.enumerated() {
      let mine = chunks.indices.filter { chunks[$0].file == fileIndex }
      let lines = rowLines(of: mine.map { results[$0].reader }, startLines: mine.map { startLines[$0] })
      var account = FileAccount(
        file: file.path, read: 0, accepted: 0, rejected: 0, blankLines: 0, delimiter: file.delimiter)
      func spec(_ field: Int) -> ColumnSpec? {
        field < schema.fieldColumns[fileIndex].count ? schema.specs[schema.fieldColumns[fileIndex][field]] : nil
      }
      for index in mine {
        let parser = results[index].reader
        account.read += parser.records
        account.accepted += parser.rows
        account.rejected += parser.rejects.count
        account.blankLines += parser.blankLines
        let pendings = parser.rejects
        let ranges = ByteScan.records(
          startingOnLines: pendings.map(\.line), in: file.bytes, from: chunks[index].range.lowerBound,
          to: chunks[index].range.upperBound, startLine: 0)
        for (pending, range) in zip(pendings, ranges) {
          let record = UnsafeRawBufferPointer(rebasing: file.bytes[range])
          rejects.append(
            Reject(
              location: SourceLocation(file: file.path, line: startLines[index] + pending.line, column: pending.field),
              variable: pending.cause.isFieldCount ? nil : spec(pending.field - 1)?.name, value: pending.value,
              reason: pending.cause.message(spec: spec(pending.field - 1), value: pending.value),
              record: String(decoding: record, as: UTF8.self)))
        }
        file.release(chunks[index].range)
      }
      sources.append(SurveyTable.Source(file: file.path, rows: rowCount..<rowCount + account.accepted, lines: lines))
      rowCount += account.accepted
      accounts.append(account)
    }
    // The field of each column in each file (-1: the file lacks it).
    let fieldOfColumn = schema.fieldColumns.map { fields in
      var inverse = [Int](repeating: -1, count: schema.specs.count)
      for (field, column) in fields.enumerated() { inverse[column] = field }
      return inverse
    }
    // Columns are independent (each reads only its own chunk states): merge them in parallel.
    let columns = WorkerPool(jobs: jobs).map(Array(schema.specs.indices)) { column in
      var pieces: [ColumnMerger.Piece] = []
      for (index, chunk) in chunks.enumerated() {
        let field = fieldOfColumn[chunk.file][column]
        pieces.append((field >= 0 ? results[index].reader.column(field) : nil, results[index].reader.rows))
      }
      return ColumnMerger.merge(schema.specs[column], pieces: pieces)
    }
    return Result(
      table: SurveyTable(columns: columns, sources: sources), rejects: rejects, accounts: accounts,
      warnings: schema.warnings)
  }
  /// The line of every accepted row of one file's chunks: each chunk's row lines
  /// (chunk-relative) plus the chunk's start line, written once.
  static func rowLines(of readers: [ChunkReader], startLines: [Int]) -> [Int32] {
    let total = readers.reduce(0) { $0 + $1.rows }
    return [Int32](unsafeUninitializedCapacity: total) { output, initialized in
      prefault(output)
      var offset = 0
      for (reader, start) in zip(readers, startLines) {
        let base = Int32(start)
        reader.withAcceptedRowLines { lines in
          precondition(lines.count == reader.rows, "a chunk notes the line of each accepted row")
          for index in lines.indices { output[offset + index] = lines[index] &+ base }
          offset += lines.count
        }
      }
      initialized = total
    }
  }
}

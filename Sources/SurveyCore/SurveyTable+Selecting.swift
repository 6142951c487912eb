extension Column {
  /// The rows `rows` of this column, in that order.
  public func selecting(rows: [Int]) -> Column {
    let selected: Values
    switch values {
    case .numeric(.float64(let values)): selected = .numeric(.float64(rows.map { values[$0] }))
    case .numeric(.int32(let values)): selected = .numeric(.int32(rows.map { values[$0] }))
    case .numeric(.int16(let values)): selected = .numeric(.int16(rows.map { values[$0] }))
    case .numeric(.int8(let values)): selected = .numeric(.int8(rows.map { values[$0] }))
    case .categorical(var values):
      switch values.codes {
      case .uint8(let codes): values.codes = .uint8(rows.map { codes[$0] })
      case .uint16(let codes): values.codes = .uint16(rows.map { codes[$0] })
      }
      selected = .categorical(values)
    case .multiSelect(var values):
      let masks = values.masks
      values.masks = rows.map { masks[$0] }
      selected = .multiSelect(values)
    case .text(let values):
      var text = TextValues()
      for row in rows { text.append(values[row]) }
      selected = .text(text)
    case .date(let days): selected = .date(rows.map { days[$0] })
    }
    var mask = MissingMask(count: rows.count)
    if missing.hasMissing {
      for (index, row) in rows.enumerated() { mask.set(missing[row], at: index) }
    }
    return Column(name: name, type: type, label: label, values: selected, missing: mask)
  }
}

extension SurveyTable {
  /// The rows `rows` (ascending) of this table, keeping each row's file and line.
  public func selecting(rows: [Int]) -> SurveyTable {
    var sources: [Source] = []
    var start = 0
    for source in self.sources {
      let lines = rows.filter { source.rows.contains($0) }.map { source.lines[$0 - source.rows.lowerBound] }
      sources.append(Source(file: source.file, rows: start..<(start + lines.count), lines: lines))
      start += lines.count
    }
    return SurveyTable(columns: columns.map { $0.selecting(rows: rows) }, sources: sources)
  }
}

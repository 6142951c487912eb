extension SurveyDesign {
  /// The columns of a table that describe its design.
  public struct Columns: Sendable {
    public var weights: String
    public var strata: String?
    /// One column per stage; empty when each row is its own PSU.
    public var clusters: [String]
    /// One column per stage; empty for sampling with replacement.
    public var fpc: [String]
    public var nest: Bool
    public var lonelyPSU: LonelyPSU

    public init(
      weights: String, strata: String? = nil, clusters: [String] = [], fpc: [String] = [], nest: Bool = false,
      lonelyPSU: LonelyPSU = .fail
    ) {
      self.weights = weights
      self.strata = strata
      self.clusters = clusters
      self.fpc = fpc
      self.nest = nest
      self.lonelyPSU = lonelyPSU
    }
  }

  /// The design of `table` described by `columns`.
  ///
  /// Weights and corrections must be numeric and present in every row; strata and
  /// clusters may be of any type (their values as written are the labels) but not
  /// missing. Every problem names the column and the row's file and line.
  public init(table: SurveyTable, columns: Columns) throws(Diagnostic) {
    func column(_ name: String, _ role: String) throws(Diagnostic) -> Column {
      guard let column = table[name] else {
        throw Diagnostic(
          at: SourceLocation(file: table.sources.first?.file ?? "data"),
          "\(role) column '\(name)' is not in the data (columns: \(table.columnNames.prefix(12).joined(separator: ", "))\(table.columnNames.count > 12 ? ", ..." : ""))"
        )
      }
      return column
    }
    func location(_ row: Int) -> SourceLocation {
      table.location(ofRow: row) ?? SourceLocation(file: "row \(row + 1)")
    }
    func numbers(_ name: String, _ role: String) throws(Diagnostic) -> [Double] {
      let source = try column(name, role)
      guard case .numeric(let values) = source.values else {
        throw Diagnostic(
          at: SourceLocation(file: table.sources.first?.file ?? "data"),
          "\(role) column '\(name)' is \(source.type.rawValue), not numeric")
      }
      if source.missing.hasMissing {
        for row in 0..<source.count {
          if let reason = source.missing[row] {
            throw Diagnostic(at: location(row), "\(role) column '\(name)' is missing (\(reason.name)) in this row")
          }
        }
      }
      return values.doubles()
    }
    func labels(_ name: String, _ role: String) throws(Diagnostic) -> Labels {
      let source = try column(name, role)
      if source.missing.hasMissing {
        for row in 0..<source.count {
          if let reason = source.missing[row] {
            throw Diagnostic(at: location(row), "\(role) column '\(name)' is missing (\(reason.name)) in this row")
          }
        }
      }
      switch source.values {
      case .categorical(let values):
        let levels = values.levels
        switch values.codes {
        case .uint8(let codes): return Labels(firstAppearanceOf: codes, offset: 0) { levels[$0] }
        case .uint16(let codes): return Labels(firstAppearanceOf: codes, offset: 0) { levels[$0] }
        }
      case .numeric(.int8(let values)):
        return Labels(firstAppearanceOf: values, offset: 128) { NumberFormat.shortest(Double($0 - 128)) }
      case .numeric(.int16(let values)):
        return Labels(firstAppearanceOf: values, offset: 32768) { NumberFormat.shortest(Double($0 - 32768)) }
      case .numeric(let values):
        var index: [Double: Int32] = [:]
        var names: [String] = []
        let codes = (0..<values.count).map { row -> Int32 in
          let value = values[row]
          if let code = index[value] { return code }
          let code = Int32(names.count)
          index[value] = code
          names.append(NumberFormat.shortest(value))
          return code
        }
        return Labels(firstAppearance: codes, names: names)
      default:
        return Labels((0..<source.count).map { source.text(at: $0) })
      }
    }
    let specification = Specification(
      weights: try numbers(columns.weights, "weight"),
      strata: try columns.strata.map { name throws(Diagnostic) in try labels(name, "strata") },
      clusters: try columns.clusters.map { name throws(Diagnostic) in try labels(name, "cluster") },
      fpc: try columns.fpc.map { name throws(Diagnostic) in try numbers(name, "fpc") },
      nest: columns.nest, lonelyPSU: columns.lonelyPSU,
      names: Specification.Names(strata: columns.strata ?? "strata", clusters: columns.clusters, fpc: columns.fpc))
    do {
      try self.init(specification)
    } catch {
      let place = error.row.map(location) ?? SourceLocation(file: table.sources.first?.file ?? "data")
      throw Diagnostic(at: place, error.message)
    }
  }
}

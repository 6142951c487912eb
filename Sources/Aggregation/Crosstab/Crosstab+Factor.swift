import SurveyCore

extension Crosstab {
  /// A variable as level codes, one per row (-1 where the value is missing).
  ///
  /// A categorical variable keeps its levels and their order; a numeric, text or
  /// date variable becomes one level per distinct value (at most
  /// ``Crosstab/maximumLevels``), in numeric, UTF-8 or date order, each written as
  /// mighealth writes the value.
  struct Factor {
    var name: String
    /// `row` or `column`, for messages.
    var role: String
    var levels: [String]
    var codes: [Int32]

    init(_ name: String, role: String, table: SurveyTable) throws(Crosstab.Error) {
      self.name = name
      self.role = role
      let flag = role == "row" ? "--rows" : "--cols"
      guard let column = table[name] else { throw Error("crosstab: \(flag): no column '\(name)' in the data") }
      var codes = [Int32](repeating: -1, count: column.count)
      switch column.values {
      case .categorical(let values):
        for row in 0..<column.count where column.missing[row] == nil { codes[row] = Int32(values.codes[row]) }
        levels = values.levels
      case .numeric(let values):
        levels = try Self.distinct(
          column, role: role, codes: &codes, key: { values[$0] }, precedes: { $0 < $1 })
      case .text(let values):
        levels = try Self.distinct(
          column, role: role, codes: &codes, key: { values[$0] },
          precedes: { $0.utf8.lexicographicallyPrecedes($1.utf8) })
      case .date(let days):
        levels = try Self.distinct(column, role: role, codes: &codes, key: { days[$0] }, precedes: { $0 < $1 })
      case .multiSelect:
        throw Error(
          "crosstab: \(role) variable '\(name)' is multi-select; a two-way table needs a categorical, numeric or"
            + " text variable (one value per row)")
      }
      self.codes = codes
    }

    /// Codes for the distinct values of a column that is not categorical, and their texts.
    private static func distinct<Key: Hashable>(
      _ column: Column, role: String, codes: inout [Int32], key: (Int) -> Key, precedes: (Key, Key) -> Bool
    ) throws(Crosstab.Error) -> [String] {
      var firstRow: [Key: Int] = [:]
      for row in 0..<column.count where column.missing[row] == nil {
        let value = key(row)
        if firstRow[value] == nil {
          guard firstRow.count < Crosstab.maximumLevels else {
            throw Error(
              "crosstab: \(role) variable '\(column.name)' is \(column.type.rawValue) with more than"
                + " \(Crosstab.maximumLevels) distinct values; tabulate a categorical variable (declare it in a"
                + " codebook) or group the values first")
          }
          firstRow[value] = row
        }
      }
      let sorted = firstRow.keys.sorted(by: precedes)
      var codeOf: [Key: Int32] = [:]
      for (code, value) in sorted.enumerated() { codeOf[value] = Int32(code) }
      for row in 0..<column.count where column.missing[row] == nil { codes[row] = codeOf[key(row)] ?? -1 }
      return sorted.map { column.text(at: firstRow[$0] ?? 0) }
    }
  }
}

import SurveyCore

/// Population totals to calibrate to: for a categorical variable one total per
/// level, for a numeric variable (``LinearCalibration`` only) its population total,
/// optionally within the groups of a grouping variable (raking within countries).
///
/// The margins file is a CSV with the columns `variable,level,total` and at most one
/// more column, the grouping variable:
///
///     country,variable,level,total
///     DE,sex,F,412000
///     DE,sex,M,398000
///     DE,income,,1.2e10
///
/// An empty level marks the total of a numeric variable. Levels are matched with the
/// data's values as written (`F`, `3`, `2.5`).
public struct Margins: Sendable, Equatable {
  /// One row of the margins: a level's (or a numeric variable's) population total.
  public struct Entry: Sendable, Equatable {
    /// The value of the grouping variable, when the margins have one.
    public var group: String?
    public var variable: String
    /// The level, or `nil` for the total of a numeric variable.
    public var level: String?
    public var total: Double
    /// The line of the margins file, for messages.
    public var location: SourceLocation?

    public init(group: String? = nil, variable: String, level: String?, total: Double, location: SourceLocation? = nil)
    {
      self.group = group
      self.variable = variable
      self.level = level
      self.total = total
      self.location = location
    }

    /// `sex = 'F'` or `income`, with ` within country = 'DE'` when grouped.
    func name(groupVariable: String?) -> String {
      let base = level.map { "\(variable) = '\($0)'" } ?? variable
      guard let group, let groupVariable else { return base }
      return "\(base) within \(groupVariable) = '\(group)'"
    }
  }

  /// The grouping variable (a column of the data), or `nil`.
  public private(set) var groupVariable: String?
  public private(set) var entries: [Entry]
  /// The margins file, for messages about it as a whole.
  public private(set) var file: String

  /// Margins from entries, checked: totals finite, level totals not negative, no
  /// entry given twice, a group on every entry exactly when there is a grouping
  /// variable, and each variable either categorical (levels) or numeric (one total).
  public init(groupVariable: String? = nil, entries: [Entry], file: String = "margins") throws(WeightingError) {
    self.groupVariable = groupVariable
    self.entries = entries
    self.file = file
    try validate()
  }

  /// The variables in order of first appearance.
  public var variables: [String] {
    var seen = Set<String>()
    return entries.compactMap { seen.insert($0.variable).inserted ? $0.variable : nil }
  }

  /// Whether `variable` is given as a numeric total (an empty level).
  func isNumeric(_ variable: String) -> Bool {
    entries.contains { $0.variable == variable && $0.level == nil }
  }

  var fileLocation: SourceLocation { SourceLocation(file: file) }

  private func validate() throws(WeightingError) {
    guard !entries.isEmpty else { throw WeightingError(at: fileLocation, "the margins have no rows") }
    var seen: [String: SourceLocation?] = [:]
    var kinds: [String: Bool] = [:]
    for entry in entries {
      let name = entry.name(groupVariable: groupVariable)
      guard !entry.variable.isEmpty else {
        throw WeightingError(at: entry.location, "variable is empty; every margin names a variable of the data")
      }
      if let groupVariable, entry.variable == groupVariable {
        throw WeightingError(
          at: entry.location, "'\(groupVariable)' is the grouping column and cannot also be a margin variable")
      }
      if let groupVariable, entry.group == nil || entry.group == "" {
        throw WeightingError(
          at: entry.location, "'\(groupVariable)' is empty; with a grouping column every margin belongs to a group")
      }
      guard entry.total.isFinite else {
        throw WeightingError(at: entry.location, "the total of \(name) is not a finite number")
      }
      if entry.level != nil, entry.total < 0 {
        throw WeightingError(
          at: entry.location,
          "the total of \(name) is \(Format.number(entry.total)); a population count cannot be negative")
      }
      let key = "\(entry.group ?? "")\u{1}\(entry.variable)\u{1}\(entry.level ?? "\u{2}")"
      if let earlier = seen[key] {
        throw WeightingError(
          at: entry.location, "\(name) is given twice\(earlier?.line.map { " (also on line \($0))" } ?? "")")
      }
      seen[key] = entry.location
      let numeric = entry.level == nil
      if let kind = kinds[entry.variable], kind != numeric {
        throw WeightingError(
          at: entry.location,
          "'\(entry.variable)' has rows with a level and a row without; a categorical variable takes one total per"
            + " level, a numeric variable one total with an empty level")
      }
      kinds[entry.variable] = numeric
    }
  }
}

extension Margins {
  /// Reads margins from a table with the columns `variable`, `level` and `total`
  /// and at most one more, the grouping variable; errors name the file and line.
  public init(table: SurveyTable) throws(WeightingError) {
    let file = table.sources.first?.file ?? "margins"
    let required = ["variable", "level", "total"]
    let names = table.columnNames
    guard let variable = table["variable"], let level = table["level"], let total = table["total"] else {
      throw WeightingError(
        at: SourceLocation(file: file),
        "a margins file needs the columns variable, level and total; this one has \(Format.list(names))")
    }
    let extra = names.filter { !required.contains($0) }
    guard extra.count <= 1 else {
      throw WeightingError(
        at: SourceLocation(file: file),
        "the margins file has the extra columns \(Format.list(extra.map { "'\($0)'" })); give at most one, the"
          + " grouping variable, besides variable, level and total")
    }
    let group = extra.first.flatMap { table[$0] }
    var entries: [Entry] = []
    for row in 0..<table.rowCount {
      let location = table.location(ofRow: row)
      let name = variable.missing[row] == nil ? variable.text(at: row) : ""
      let levelText = level.missing[row] == nil ? level.text(at: row) : ""
      guard total.missing[row] == nil else {
        throw WeightingError(at: location, "the total is empty; every margin needs a population total")
      }
      let value: Double
      if case .numeric(let numbers) = total.values {
        value = numbers[row]
      } else if let parsed = Double(total.text(at: row).trimmingSpaces) {
        value = parsed
      } else {
        throw WeightingError(at: location, "total '\(total.text(at: row))' is not a number")
      }
      entries.append(
        Entry(
          group: group.map { $0.missing[row] == nil ? $0.text(at: row) : "" }, variable: name,
          level: levelText.isEmpty ? nil : levelText, total: value, location: location))
    }
    try self.init(groupVariable: group?.name, entries: entries, file: file)
  }
}

extension String {
  var trimmingSpaces: Substring {
    var text = Substring(self)
    while text.first == " " { text = text.dropFirst() }
    while text.last == " " { text = text.dropLast() }
    return text
  }
}

import SurveyCore

/// The rules that check or rewrite the values of one variable.
extension Cleaner {
  /// Trims and collapses whitespace: `"  Asylum   seeker "` -> `"Asylum seeker"`.
  static func trimmed(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  mutating func trimCase(_ spec: CleanRules.TrimCase) throws(Diagnostics) {
    let source = column(spec.variable)
    guard source.isTextLike else { throw failure("column '\(spec.variable)' must be categorical or text") }
    var known: [String: String] = [:]
    for level in spec.levels ?? [] { known[level.lowercased()] = level }
    var values: [String?] = []
    var reasons: [MissingReason?] = []
    var rowsToReject: [(Int, String)] = []
    for row in 0..<rowsIn {
      guard let value = source.value(at: row) else {
        values.append(nil)
        reasons.append(source.missing[row])
        continue
      }
      let folded = Self.trimmed(value).lowercased()
      guard spec.levels != nil, !rejected[row] else {
        values.append(rejected[row] ? value : folded)
        reasons.append(nil)
        continue
      }
      if let level = known[folded] {
        values.append(level)
        reasons.append(nil)
        continue
      }
      switch spec.unknown {
      case .keep:
        values.append(value)
      case .flag:
        values.append(value)
        flag(row, variable: spec.variable, value: value, reason: "'\(value)' is not a level of \(spec.variable)")
      case .invalid:
        values.append(nil)
      case .reject:
        values.append(value)
        rowsToReject.append((row, value))
      }
      reasons.append(values.last == nil ? .invalid : nil)
    }
    for (row, value) in rowsToReject {
      reject(row, variable: spec.variable, value: value, reason: "'\(value)' is not a level of \(spec.variable)")
    }
    var order = spec.levels ?? []
    if spec.levels == nil, case .categorical(let categories) = source.values {
      order = categories.levels.map { Self.trimmed($0).lowercased() }
    }
    let type: VariableType = source.type.isCategorical ? source.type : .categorical
    store(
      .categorical(
        name: spec.into, type: type, label: source.label, values: values, reasons: reasons, order: order,
        isOrdered: type == .ordinal))
  }

  mutating func recode(_ spec: CleanRules.Recode) throws(Diagnostics) {
    let source = column(spec.variable)
    var order: [String] = []
    switch spec.mapping {
    case .values(let pairs): order = pairs.map(\.to)
    case .ranges(let intervals):
      guard source.isNumberLike else { throw failure("column '\(spec.variable)' must be numeric to recode ranges") }
      order = intervals.map(\.level)
    }
    if case .level(let level) = spec.otherwise { order.append(level) }
    if let level = spec.missingLevel { order.append(level) }
    var values: [String?] = []
    var reasons: [MissingReason?] = []
    for row in 0..<rowsIn {
      guard let value = source.value(at: row) else {
        values.append(spec.missingLevel)
        reasons.append(source.missing[row])
        continue
      }
      var target: String?
      switch spec.mapping {
      case .values(let pairs): target = pairs.first { $0.from == value }?.to
      case .ranges(let intervals):
        if let number = source.number(at: row) { target = intervals.first { $0.contains(number) }?.level }
      }
      if target == nil, !rejected[row] {
        switch spec.otherwise {
        case .keep: target = value
        case .level(let level): target = level
        case .invalid: break
        case .reject:
          reject(row, variable: spec.variable, value: value, reason: "'\(value)' is not covered by the recode")
        }
      }
      values.append(target)
      reasons.append(target == nil ? .invalid : nil)
    }
    let isRanges: Bool
    if case .ranges = spec.mapping { isRanges = true } else { isRanges = false }
    store(
      .categorical(
        name: spec.into, type: isRanges ? .ordinal : .categorical, values: values, reasons: reasons, order: order,
        isOrdered: isRanges))
  }

  mutating func duplicates(_ spec: CleanRules.Duplicates) throws(Diagnostics) {
    let source = column(spec.variable)
    // Rows are compared by their value as text; numbers and levels by a key that is equal
    // exactly when the text is (a number's bits, a level's code), without making strings.
    switch source.values {
    case .numeric(let values): try duplicates(spec, source) { values[$0].bitPattern }
    case .categorical(let values): try duplicates(spec, source) { values.codes[$0] }
    default: try duplicates(spec, source) { source.text(at: $0) }
    }
  }

  private mutating func duplicates<Key: Hashable>(
    _ spec: CleanRules.Duplicates, _ source: Column, key: (Int) -> Key
  ) throws(Diagnostics) {
    var first: [Key: Int] = [:]
    first.reserveCapacity(rowsIn)
    var problems: [Diagnostic] = []
    for row in 0..<rowsIn where !rejected[row] && source.missing[row] == nil {
      let cell = key(row)
      guard let earlier = first[cell] else {
        first[cell] = row
        continue
      }
      let value = source.text(at: row)
      let place = table.location(ofRow: earlier).map { "\($0)" } ?? "row \(earlier + 1)"
      let reason = "\(spec.variable) '\(value)' already appears at \(place)"
      switch spec.policy {
      case .rejectLater:
        reject(row, variable: spec.variable, value: value, reason: reason)
      case .fail:
        let location = table.location(ofRow: row) ?? rule.location
        let prefix = table.location(ofRow: row) == nil ? "row \(row + 1): " : ""
        problems.append(Diagnostic(at: location, "rule '\(rule.name)': \(prefix)\(reason)"))
      }
    }
    if !problems.isEmpty { throw Diagnostics(problems) }
  }

  mutating func skipLogic(_ spec: CleanRules.SkipLogic) {
    let conditions = spec.conditions.map { (column: column($0.variable), value: $0.value) }
    let condition = spec.conditions.map { "\($0.variable) is '\($0.value)'" }.joined(separator: " and ")
    for target in spec.targets {
      var column = column(target)
      var changed = false
      for row in 0..<rowsIn where !rejected[row] && conditions.allSatisfy({ $0.column.value(at: row) == $0.value }) {
        guard let value = column.value(at: row) else { continue }
        switch spec.action {
        case .setNotApplicable:
          column.missing.set(.notApplicable, at: row)
          changed = true
        case .flag:
          flag(row, variable: target, value: value, reason: "\(target) is answered ('\(value)') although \(condition)")
        }
      }
      if changed { store(column) }
    }
  }

  mutating func range(_ spec: CleanRules.Range) throws(Diagnostics) {
    var column = column(spec.variable)
    guard column.isNumberLike else { throw failure("column '\(spec.variable)' must be numeric") }
    let bounds = "[\(spec.min.map(NumberFormat.shortest) ?? "-inf"), \(spec.max.map(NumberFormat.shortest) ?? "inf")]"
    var changed = false
    for row in 0..<rowsIn where !rejected[row] {
      guard let number = column.number(at: row),
        number < (spec.min ?? -.infinity) || number > (spec.max ?? .infinity)
      else { continue }
      let value = column.text(at: row)
      switch spec.action {
      case .invalid:
        column.missing.set(.invalid, at: row)
        changed = true
      case .reject:
        reject(row, variable: spec.variable, value: value, reason: "\(spec.variable) \(value) is outside \(bounds)")
      }
    }
    if changed { store(column) }
  }

  mutating func required(_ spec: CleanRules.Required) {
    let columns = spec.variables.map(column)
    for row in 0..<rowsIn where !rejected[row] {
      guard
        let (name, reason) = zip(spec.variables, columns).lazy.compactMap({ name, column in
          column.missing[row].map { (name, $0) }
        }).first
      else { continue }
      let why = "'\(name)' is missing (\(reason.name))\(spec.purpose.map { "; needed \($0)" } ?? "")"
      switch spec.action {
      case .reject: reject(row, variable: name, value: reason.token, reason: why)
      case .flag: flag(row, variable: name, value: reason.token, reason: why)
      }
    }
  }

  mutating func countryISO(_ spec: CleanRules.CountryISO) throws(Diagnostics) {
    let source = column(spec.variable)
    guard source.isTextLike else { throw failure("column '\(spec.variable)' must be categorical or text") }
    var values: [String?] = []
    var reasons: [MissingReason?] = []
    for row in 0..<rowsIn {
      guard let value = source.value(at: row) else {
        values.append(nil)
        reasons.append(source.missing[row])
        continue
      }
      reasons.append(nil)
      if let code = CountryCodes.alpha2(for: value) {
        values.append(code)
        continue
      }
      values.append(value)
      guard !rejected[row] else { continue }
      let reason = "'\(value)' is not a known country name or code"
      switch spec.unknown {
      case .reject: reject(row, variable: spec.variable, value: value, reason: reason)
      default: flag(row, variable: spec.variable, value: value, reason: reason)
      }
    }
    store(
      .categorical(
        name: spec.into, type: .categorical, label: source.label, values: values, reasons: reasons, order: []))
  }
}

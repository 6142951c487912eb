import Yams

/// The checks that compare several declarations: names and column aliases across
/// variables, values and spellings across the levels of one variable, and the number
/// of levels a type needs.
extension Codebook.Reader {
  /// Reports a variable name declared twice, at the second declaration.
  mutating func checkVariableNames(_ variables: [ParsedVariable]) {
    var first: [String: SourceLocation] = [:]
    for variable in variables {
      guard let name = variable.name else { continue }
      if let earlier = first[name] {
        report(
          "duplicate variable '\(name)' (first declared at \(Self.line(of: earlier)))",
          at: variable.nameLocation)
      } else {
        first[name] = variable.nameLocation
      }
    }
  }

  /// Reports a column alias that is another variable's name, or an alias of an
  /// earlier variable: a column with that name could not be mapped.
  mutating func checkColumnAliases(_ variables: [ParsedVariable]) {
    var names: [String: (index: Int, location: SourceLocation)] = [:]
    for (index, variable) in variables.enumerated() {
      guard let name = variable.name, names[name] == nil else { continue }
      names[name] = (index, variable.nameLocation)
    }
    var owners: [String: (index: Int, location: SourceLocation)] = [:]
    for (index, variable) in variables.enumerated() {
      for alias in variable.aliases {
        if let owner = names[alias.text], owner.index != index {
          report(
            "\(variable.scope.prefix)alias '\(alias.text)' is the name of variable "
              + "'\(alias.text)' (\(Self.line(of: owner.location)))", at: alias.location)
        } else if let owner = owners[alias.text], owner.index != index {
          report(
            "\(variable.scope.prefix)alias '\(alias.text)' is also an alias of "
              + "\(variables[owner.index].scope.name) (\(Self.line(of: owner.location)))",
            at: alias.location)
        } else if owners[alias.text] == nil {
          owners[alias.text] = (index, alias.location)
        }
      }
    }
  }

  /// Reports a level value declared twice, and a spelling (value, label, per-language
  /// label or alias) that would read as two different levels. A level may share
  /// spellings with itself (`value: F`, `label: F`).
  mutating func checkLevels(_ levels: [ParsedLevel], of scope: Scope) {
    var firstValue: [String: SourceLocation] = [:]
    var owners: [String: (level: Int, spelling: Spelling)] = [:]
    for (index, parsed) in levels.enumerated() {
      let value = parsed.level.value
      if let earlier = firstValue[value] {
        report(
          "\(scope.prefix)duplicate level '\(value)' (first declared at \(Self.line(of: earlier)))",
          at: parsed.valueLocation)
        continue
      }
      firstValue[value] = parsed.valueLocation
      for spelling in parsed.spellings {
        guard let owner = owners[spelling.text] else {
          owners[spelling.text] = (index, spelling)
          continue
        }
        guard owner.level != index else { continue }
        let other = levels[owner.level].level.value
        report(
          "\(scope.prefix)\(spelling.kind) '\(spelling.text)' of level '\(value)' also reads as "
            + "level '\(other)' (its \(owner.spelling.kind) at \(Self.line(of: owner.spelling.location)))",
          at: spelling.location)
      }
    }
  }

  /// The levels of a variable after the checks of their number: a binary variable has
  /// exactly two (`0` No and `1` Yes when none are declared), a multi-select needs
  /// some, and a declared `levels` list is never empty.
  ///
  /// - Parameters:
  ///   - levels: the levels read, `nil` when there is no `levels` key or it is not a list.
  ///   - levelsNode: the `levels` value, for the count of declared items and the place.
  mutating func checkLevelCount(
    _ levels: [Codebook.Level]?, type: VariableType?, levelsNode: Node?,
    at location: SourceLocation, in scope: Scope
  ) -> [Codebook.Level] {
    let levels = levels ?? []
    guard let type else { return levels }
    guard let levelsNode else {
      switch type {
      case .binary:
        return [
          Codebook.Level(value: "0", label: "No", location: location),
          Codebook.Level(value: "1", label: "Yes", location: location),
        ]
      case .multiSelect:
        report("\(scope.prefix)a multi-select variable needs 'levels'", at: location)
      default:
        break
      }
      return levels
    }
    guard case .sequence(let items) = levelsNode else { return levels }
    switch type {
    case .binary where items.count != 2:
      report(
        "\(scope.prefix)a binary variable has exactly 2 levels, not \(items.count)", at: levelsNode)
    case .multiSelect where items.isEmpty:
      report(
        "\(scope.prefix)'levels' is empty; a multi-select variable needs at least one level",
        at: levelsNode)
    case .categorical where items.isEmpty, .ordinal where items.isEmpty:
      report(
        "\(scope.prefix)'levels' is empty; omit it to learn the levels from the data",
        at: levelsNode)
    default:
      break
    }
    return levels
  }

  /// Reports a multi-select level whose value contains the separator: a cell holding
  /// it would be split into other options.
  mutating func checkSeparator(_ separator: String, in levels: [ParsedLevel], of scope: Scope) {
    for parsed in levels where parsed.level.value.contains(separator) {
      report(
        "\(scope.prefix)level '\(parsed.level.value)' contains the separator '\(separator)', "
          + "so a cell could not be split into options", at: parsed.valueLocation)
    }
  }
}

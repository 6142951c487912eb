import SurveyCore
import Weighting

/// The weight stage's `collapse:`: levels of a margin variable weighted as one level,
/// in the margins (their totals summed within each group) and in a copy of the data
/// used only for the weighting. The table the stage passes on keeps its levels.
enum Collapsing {
  static func apply(
    _ collapses: [StageSpec.Weight.Collapse], margins: Margins, table: SurveyTable, stage: PipelineDefinition.Stage
  ) throws -> (Margins, SurveyTable) {
    guard !collapses.isEmpty else { return (margins, table) }
    var entries = margins.entries
    var weighting = table
    for collapse in collapses {
      guard margins.variables.contains(collapse.variable) else {
        throw Diagnostic(
          at: stage.location, "collapse: '\(collapse.variable)' is not a variable of the margins being weighted to")
      }
      var merged: [Margins.Entry] = []
      var kept: [Margins.Entry] = []
      for entry in entries {
        guard entry.variable == collapse.variable, let level = entry.level, collapse.levels.contains(level) else {
          kept.append(entry)
          continue
        }
        if let index = merged.firstIndex(where: { $0.group == entry.group }) {
          merged[index].total += entry.total
        } else {
          merged.append(
            Margins.Entry(
              group: entry.group, variable: entry.variable, level: collapse.into, total: entry.total,
              location: entry.location))
        }
      }
      entries = kept + merged
      guard let column = table[collapse.variable] else {
        throw Diagnostic(at: stage.location, "collapse: '\(collapse.variable)' is not a column of the data")
      }
      weighting.setColumn(try merging(column, collapse, stage: stage))
    }
    do {
      return (try Margins(groupVariable: margins.groupVariable, entries: entries, file: margins.file), weighting)
    } catch {
      throw error.diagnostic(fallback: stage.location)
    }
  }

  /// `column` with the levels of `collapse` as one level, at the place of the first.
  private static func merging(_ column: Column, _ collapse: StageSpec.Weight.Collapse, stage: PipelineDefinition.Stage)
    throws(Diagnostic) -> Column
  {
    guard case .categorical(let values) = column.values else {
      throw Diagnostic(at: stage.location, "collapse: '\(collapse.variable)' must be a categorical column")
    }
    var levels: [String] = []
    var mapping: [Int] = []
    for level in values.levels {
      let name = collapse.levels.contains(level) ? collapse.into : level
      if let index = levels.firstIndex(of: name) {
        mapping.append(index)
      } else {
        mapping.append(levels.count)
        levels.append(name)
      }
    }
    let codes: CategoricalValues.Codes
    switch values.codes {
    case .uint8(let old): codes = .uint8(old.map { UInt8(mapping[Int($0)]) })
    case .uint16(let old): codes = .uint16(old.map { UInt16(mapping[Int($0)]) })
    }
    let merged = CategoricalValues(levels: levels, isOrdered: values.isOrdered, codes: codes)
    return Column(
      name: column.name, type: column.type, label: column.label, values: .categorical(merged), missing: column.missing)
  }
}

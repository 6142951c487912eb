import SurveyCore

/// The columns of the table being read, and where each file's fields go.
///
/// With a codebook, its variables come first, in codebook order, and a file's
/// header names match a variable's name or one of its aliases (ignoring case and
/// surrounding spaces); columns the codebook does not know are kept, with an
/// inferred type, after them. Without a codebook, columns are the union of the
/// headers in order of first appearance, all inferred.
struct Schema {
  var specs: [ColumnSpec]
  /// For each file, the spec index of each header field.
  var fieldColumns: [[Int]]
  var warnings: [Diagnostic] = []

  init(files: [InputFile], codebook: Codebook?) throws(Diagnostic) {
    var specs: [ColumnSpec] = []
    var byKey: [String: Int] = [:]
    if let codebook {
      for variable in codebook.variables {
        byKey[Self.key(variable.name)] = specs.count
        for alias in variable.aliases { byKey[Self.key(alias)] = specs.count }
        specs.append(ColumnSpec(variable: variable, codebook: codebook))
      }
    }
    let declared = specs.count
    var fieldColumns: [[Int]] = []
    var warnings: [Diagnostic] = []
    for file in files {
      var columns: [Int] = []
      var fieldOfColumn: [Int: Int] = [:]
      for (field, name) in file.header.enumerated() {
        let trimmed = name.trimmingSpaces()
        let location = SourceLocation(file: file.path, line: 1, column: field + 1)
        let column: Int
        if let known = byKey[Self.key(trimmed)] {
          column = known
        } else {
          column = specs.count
          byKey[Self.key(trimmed)] = column
          specs.append(ColumnSpec(inferredName: trimmed))
          if codebook != nil {
            warnings.append(
              Diagnostic(.warning, at: location, "column '\(trimmed)' is not in the codebook; its type is inferred"))
          }
        }
        if let other = fieldOfColumn[column] {
          throw Diagnostic(
            at: location,
            "column '\(trimmed)' and column \(other + 1) ('\(file.header[other])') both map to variable"
              + " '\(specs[column].name)'")
        }
        fieldOfColumn[column] = field
        columns.append(column)
      }
      for (column, spec) in specs.enumerated().prefix(declared) where spec.required && fieldOfColumn[column] == nil {
        throw Diagnostic(
          at: SourceLocation(file: file.path, line: 1),
          "missing required column '\(spec.name)' (the codebook requires it)")
      }
      fieldColumns.append(columns)
    }
    self.specs = specs
    self.fieldColumns = fieldColumns
    self.warnings = warnings
  }

  private static func key(_ name: String) -> String { name.lowercased() }
}

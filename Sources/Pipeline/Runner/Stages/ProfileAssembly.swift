import Aggregation
import Reporting
import SurveyCore
import Weighting

/// The country profiles' inputs, picked from the aggregate stage's estimates and
/// cross-tables and the weight stage's diagnostics by the report stage's `profiles:`.
///
/// Every section's estimates must be there: a variable without estimates in some
/// country is an error naming the estimate to add to the aggregate stage, rather than
/// a profile with a silently missing section.
struct ProfileAssembly {
  var sections: StageSpec.Report.Profiles
  var estimates: [EstimateRow]
  var crosstabs: [Crosstab.Result]
  var diagnostics: [WeightDiagnostics]
  var countryVariable: String
  var countryNames: [String: String]
  var stage: PipelineDefinition.Stage

  func profiles() throws(Diagnostic) -> [ProfileInput] {
    var countries: [String] = []
    for row in estimates {
      guard row.domain.count == 1, row.domain[0].variable == countryVariable else { continue }
      if !countries.contains(row.domain[0].value) { countries.append(row.domain[0].value) }
    }
    guard !countries.isEmpty else {
      throw Diagnostic(
        at: stage.location,
        "profiles need estimates within each \(countryVariable): make the aggregate stage 'per: \(countryVariable)'")
    }
    let unmetNeed = sections.unmetNeed.flatMap { pair in
      crosstabs.first { $0.rows == pair.rows && $0.columns == pair.columns }
    }
    if let pair = sections.unmetNeed, unmetNeed == nil {
      throw Diagnostic(
        at: stage.location,
        "profiles: unmet_need needs the cross-table {rows: \(pair.rows), cols: \(pair.columns)} in the aggregate stage")
    }
    return try countries.map { country throws(Diagnostic) in
      let own = estimates.filter { $0.domain == [EstimateRow.Group(variable: countryVariable, value: country)] }
      let weighting = diagnostics.first { $0.group == "\(countryVariable) = '\(country)'" }
      return ProfileInput(
        country: country, countryName: countryNames[country],
        respondents: weighting?.count ?? own.map(\.n).max() ?? 0,
        composition: try pick(sections.composition, from: own, country: country, statistics: ["proportion"]),
        health: try pick(sections.health, from: own, country: country, statistics: ["proportion", "mean"]),
        barriers: try pick(
          sections.barriers, from: own, country: country, statistics: ["proportion"], level: sections.barrierLevel),
        unmetNeed: unmetNeed.map { within($0, country) }, weighting: weighting)
    }
  }

  /// The rows of `variables` (in that order) among a country's estimates.
  private func pick(
    _ variables: [String], from rows: [EstimateRow], country: String, statistics: Set<String>, level: String? = nil
  ) throws(Diagnostic) -> [EstimateRow] {
    var picked: [EstimateRow] = []
    for variable in variables {
      let found = rows.filter {
        $0.variable == variable && statistics.contains($0.statistic) && (level == nil || $0.level == level)
      }
      guard !found.isEmpty else {
        let statistic = statistics.contains("mean") && statistics.count == 1 ? "mean" : "proportion"
        throw Diagnostic(
          at: stage.location,
          "profiles: no estimate of '\(variable)'\(level.map { " = '\($0)'" } ?? "") in \(countryVariable) '\(country)';"
            + " add {statistic: \(statistic), variable: \(variable)} to the aggregate stage")
      }
      picked += found
    }
    return picked
  }

  /// The cross-table's cells and tests within one country.
  private func within(_ result: Crosstab.Result, _ country: String) -> Crosstab.Result {
    let group = EstimateRow.Group(variable: countryVariable, value: country)
    var own = result
    own.cells = result.cells.filter { $0.domain.first == group }
    own.tests = result.tests.filter { $0.domain.first == group }
    return own
  }
}

import Aggregation
import SurveyCore

/// `kind: aggregate`: the declared estimates and cross-tabulations on the weighted design.
///
/// Estimates with the same `by` share one task and one pass over the data for all their
/// domains (as `svyby`: every domain keeps the full design, so rows outside it count in
/// the variance and the degrees of freedom). With `per: country` each `by` list is two
/// tasks: within each country (`country` prepended to `by`) and over all countries.
/// Each cross-table is one task, by country when the stage is `per:` one. Publishes estimates.csv and crosstabs.csv
/// in the columns of `mighealth estimate --format csv` and `mighealth crosstab --format csv`.
enum AggregateWork {
  static func run(_ spec: StageSpec.Aggregate, _ context: StageContext) throws -> StageOutcome {
    let table = try context.table()
    let design = try designOver(table, spec, context)
    let per = context.stage.per?.variable
    // `by` lists in order of first use, each with its statistics: one pass each.
    let requests = groupedByDomains(spec.estimates)
    enum Work: Sendable {
      case estimates(request: Int, withinGroups: Bool)
      case crosstab(index: Int)
    }
    let splits = per == nil ? [false] : [true, false]
    let work =
      requests.indices.flatMap { index in splits.map { Work.estimates(request: index, withinGroups: $0) } }
      + spec.crosstabs.indices.map { Work.crosstab(index: $0) }
    enum Output: Sendable {
      case estimates([EstimateRow])
      case crosstab(Crosstab.Result)
    }
    @Sendable func name(_ work: Work) -> String {
      switch work {
      case .estimates(let position, let withinGroups):
        let groups = (withinGroups ? per.map { [$0] } ?? [] : []) + requests[position].by
        return groups.isEmpty ? "all" : "by " + groups.joined(separator: ", ")
      case .crosstab(let position): return "\(spec.crosstabs[position].rows)*\(spec.crosstabs[position].columns)"
      }
    }
    let outputs = try context.tasks(work, name: name) { work -> Output in
      switch work {
      case .estimates(let position, let withinGroups):
        let groups = (withinGroups ? per.map { [$0] } ?? [] : []) + requests[position].by
        return .estimates(
          try estimate(
            requests[position].statistics, by: groups, spec: spec, table: table, design: design, context: context))
      case .crosstab(let position):
        let crosstab = spec.crosstabs[position]
        var request = Crosstab.Request(
          rows: crosstab.rows, columns: crosstab.columns, groups: (per.map { [$0] } ?? []) + crosstab.by,
          level: spec.level)
        request.interval = spec.interval
        do {
          return .crosstab(try Crosstab.run(request, table: table, design: design))
        } catch {
          throw Diagnostic(at: crosstab.location, "cross-table \(name(work)): \(error)")
        }
      }
    }
    var estimates: [EstimateRow] = []
    var crosstabs = ""
    var tables: [Crosstab.Result] = []
    for (output, _) in outputs {
      switch output {
      case .estimates(let rows): estimates += rows
      case .crosstab(let result):
        tables.append(result)
        let csv = CrosstabOutput(result: result).render(.csv)
        // One header for the whole file.
        crosstabs += crosstabs.isEmpty ? csv : String(csv.drop { $0 != "\n" }.dropFirst())
      }
    }
    try FileSystem.writeAtomically(
      EstimateOutput(rows: estimates).render(.csv), to: FileSystem.join(context.filesDirectory, "estimates.csv"))
    if !spec.crosstabs.isEmpty {
      try FileSystem.writeAtomically(crosstabs, to: FileSystem.join(context.filesDirectory, "crosstabs.csv"))
    }
    return StageOutcome(
      result: StageResult(estimates: estimates, crosstabs: tables), rows: .unchanged(table.rowCount),
      tasks: outputs.map(\.timing))
  }

  /// The estimates' statistics grouped by their `by` lists, in order of first use.
  private static func groupedByDomains(_ estimates: [StageSpec.Aggregate.Estimate])
    -> [(by: [String], statistics: [EstimationRequest.Statistic])]
  {
    var requests: [(by: [String], statistics: [EstimationRequest.Statistic])] = []
    for estimate in estimates {
      if let index = requests.firstIndex(where: { $0.by == estimate.by }) {
        requests[index].statistics.append(estimate.statistic)
      } else {
        requests.append((estimate.by, [estimate.statistic]))
      }
    }
    return requests
  }

  private static func designOver(_ table: SurveyTable, _ spec: StageSpec.Aggregate, _ context: StageContext)
    throws -> SurveyDesign
  {
    if let own = spec.design { return try SurveyDesign(table: table, columns: own.columns) }
    guard let record = try context.nearest(\.design) else {
      throw Diagnostic(
        at: context.stage.location,
        "stage '\(context.stage.name)' has no design: give it a design: or make it need a weight stage")
    }
    return try record.design(over: table)
  }

  private static func estimate(
    _ statistics: [EstimationRequest.Statistic], by groups: [String], spec: StageSpec.Aggregate,
    table: SurveyTable, design: SurveyDesign, context: StageContext
  ) throws -> [EstimateRow] {
    let request = EstimationRequest(
      statistics: statistics, groups: groups, interval: spec.interval, level: spec.level)
    do {
      return try Estimation.run(request, table: table, design: design)
    } catch {
      let place = spec.estimates.first { statistics.contains($0.statistic) }?.location ?? context.stage.location
      throw Diagnostic(at: place, "\(error)")
    }
  }
}

import Aggregation
import Dispatch
import SurveyCore

/// `kind: aggregate`: the declared estimates and cross-tabulations on the weighted design.
///
/// With `per: country`, each country is one task estimating within its rows as a domain
/// of the full design (R's `subset()`: the other rows stay in the design and count in
/// the variance and degrees of freedom), plus one task for all countries together.
/// Estimates with the same `by` share one pass over the data. Each cross-table is one
/// task, by country when the stage is `per:` one. Publishes estimates.csv and crosstabs.csv
/// in the columns of `mighealth estimate --format csv` and `mighealth crosstab --format csv`.
enum AggregateWork {
  static func run(_ spec: StageSpec.Aggregate, _ context: StageContext) throws -> StageOutcome {
    let table = try context.table()
    let design = try designOver(table, spec, context)
    let per = context.stage.per?.variable
    let values = try per.map { variable throws(Diagnostic) in
      try StageContext.fanOutValues(of: variable, in: table, stage: context.stage)
    }
    // `by` lists in order of first use, each with its statistics.
    let requests = groupedByDomains(spec.estimates)
    enum Work: Sendable {
      case estimates(domain: String?)
      case crosstab(index: Int)
    }
    let domains: [String?] = values.map { [nil] + $0.map { Optional($0) } } ?? [nil]
    let work = domains.map { Work.estimates(domain: $0) } + spec.crosstabs.indices.map { Work.crosstab(index: $0) }
    enum Output: Sendable {
      case estimates([EstimateRow])
      case crosstab(Crosstab.Result)
    }
    let outputs = try context.pool.map(Array(work.indices)) { index in
      let start = DispatchTime.now()
      let output: Output
      let name: String
      switch work[index] {
      case .estimates(let domain):
        name = domain ?? "all"
        var rows: [EstimateRow] = []
        for request in requests {
          rows += try estimate(
            request.statistics, by: request.by, within: domain.flatMap { value in per.map { ($0, value) } },
            spec: spec, table: table, design: design, context: context)
        }
        output = .estimates(rows)
      case .crosstab(let position):
        let crosstab = spec.crosstabs[position]
        name = "\(crosstab.rows)*\(crosstab.columns)"
        let request = Crosstab.Request(
          rows: crosstab.rows, columns: crosstab.columns, groups: (per.map { [$0] } ?? []) + crosstab.by,
          level: spec.level)
        do {
          output = .crosstab(try Crosstab.run(request, table: table, design: design))
        } catch {
          throw Diagnostic(at: crosstab.location, "cross-table \(name): \(error)")
        }
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
      context.progress.task(context.stage.name, name, done: index + 1, total: work.count, seconds: seconds)
      return (output, TaskTiming(name: "\(context.stage.name)[\(name)]", seconds: seconds))
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
      tasks: outputs.map(\.1))
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
    if let own = spec.design {
      let columns = SurveyDesign.Columns(
        weights: own.weights, strata: own.strata, clusters: own.clusters, fpc: own.fpc, nest: own.nest,
        lonelyPSU: own.lonelyPSU)
      return try SurveyDesign(table: table, columns: columns)
    }
    guard let record = try context.nearest(\.design) else {
      throw Diagnostic(
        at: context.stage.location,
        "stage '\(context.stage.name)' has no design: give it a design: or make it need a weight stage")
    }
    return try record.design(over: table)
  }

  private static func estimate(
    _ statistics: [EstimationRequest.Statistic], by groups: [String], within domain: (String, String)?,
    spec: StageSpec.Aggregate, table: SurveyTable, design: SurveyDesign, context: StageContext
  ) throws -> [EstimateRow] {
    let request = EstimationRequest(
      statistics: statistics, groups: groups, subset: domain.map { (variable: $0.0, level: $0.1) },
      interval: spec.interval, level: spec.level)
    let rows: [EstimateRow]
    do {
      rows = try Estimation.run(request, table: table, design: design)
    } catch {
      let place = spec.estimates.first { statistics.contains($0.statistic) }?.location ?? context.stage.location
      throw Diagnostic(at: place, "\(error)\(domain.map { " (within \($0.0) = '\($0.1)')" } ?? "")")
    }
    guard let domain else { return rows }
    return rows.map { row in
      var row = row
      row.domain.insert(EstimateRow.Group(variable: domain.0, value: domain.1), at: 0)
      return row
    }
  }
}

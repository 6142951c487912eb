import Aggregation
import Clean
import Reporting
import SurveyCore
import Weighting

/// `kind: report`: what researchers publish, under the disclosure rules.
///
/// - `profiles`: one profile per country (Markdown and standalone HTML with SVG charts)
///   and the cross-country comparison, from the Mustache templates;
/// - `estimates`, `crosstabs`, `weights`, `cleaning_log`, `rejects`: tidy tables;
///
/// all tables as CSV in `tables/` (with `tables/footnotes.csv`) and as one workbook,
/// `tables.xlsx`, a sheet per table. Estimates of small or unreliable cells are
/// suppressed or flagged there, never shown as zero; no respondent id or free text is
/// published (rejects are counted, not listed).
enum ReportWork {
  static func run(_ spec: StageSpec.Report, _ context: StageContext) throws -> StageOutcome {
    var estimates = try context.nearest { $0.estimates.isEmpty ? nil : $0.estimates } ?? []
    let crosstabs = try context.nearest { $0.crosstabs.isEmpty ? nil : $0.crosstabs } ?? []
    // Shares are judged and published with their cell's count.
    if let table = try context.nearest(\.table) {
      var counts = CellCounts(table: table)
      estimates = counts.applied(to: estimates)
    }
    let diagnostics = try context.nearest { $0.diagnostics.isEmpty ? nil : $0.diagnostics } ?? []
    let cleaningLog = try context.nearest { $0.cleaningLog.isEmpty ? nil : $0.cleaningLog } ?? []
    let rejects = try context.nearest { $0.rejectCounts.isEmpty ? nil : $0.rejectCounts } ?? []
    let country = countryVariable(context)

    var index: IndexReport?
    if let indexSpec = spec.index {
      guard let (table, design) = try context.weighted() else {
        throw Diagnostic(at: context.stage.location, "index: the report stage needs a weight stage upstream")
      }
      let level = try context.nearestAggregateLevel() ?? 0.95
      index = try IndexReport(
        indexSpec, table: table, design: design, countryVariable: country, level: level, stage: context.stage)
    }
    var focus: FocusGroupReport?
    if let focusGroups = spec.focusGroups, let path = context.files(of: focusGroups.export).first {
      focus = try FocusGroupReport(focusGroups, path: path, quotes: spec.disclosure.quotes)
    }

    // Disclosure control over everything published together: a suppressed cell's
    // complements in every linked group, whichever table they are in, are withheld too.
    let dimensionMeans = index?.dimensionMeans ?? []
    let byCountry = Dictionary(grouping: dimensionMeans) { $0.domain.first?.value ?? "" }
    let rules = DisclosureRules(
      minimumCount: spec.disclosure.minimumCount, unreliableRSE: spec.disclosure.unreliableRSE,
      suppressionRSE: spec.disclosure.suppressionRSE, publishQuotes: spec.disclosure.quotes
    ).withComplements(
      estimates: estimates + (index?.meanRows ?? []), crosstabs: crosstabs,
      linked: byCountry.keys.sorted().compactMap { byCountry[$0] })
    let codebook = try studyCodebook(context)
    let settings = ProfileSettings(
      studyTitle: spec.title ?? context.definition.name, labels: labels(codebook, language: spec.language),
      rules: rules)

    var tables: [PublishedTable] = []
    for output in spec.outputs {
      switch output {
      case .profiles: break
      case .estimates:
        tables.append(.estimates(estimates, name: "estimates", title: "All estimates", rules: rules))
      case .crosstabs:
        for result in crosstabs {
          tables.append(
            .crosstab(
              result, statistics: [.rowProportion], name: "crosstab_\(result.rows)_by_\(result.columns)",
              title: "\(result.rows) by \(result.columns) (row percentages)", rules: rules))
          tables.append(tests(result))
        }
      case .weights: tables.append(weightsTable(diagnostics))
      case .cleaningLog: tables.append(cleaningTable(cleaningLog))
      case .rejects: tables.append(rejectsTable(rejects))
      }
    }
    tables += index?.tables(rules: rules) ?? []
    var themes: [ThemeSummary] = []
    var rows: RowAccount?
    if let focus {
      themes = focus.themes
      tables += focus.tables
      if index != nil {
        tables.append(
          sideBySide(
            dimensionMeans, segments: focus.dimensionSegments, countrySegments: focus.countrySegments, rules: rules))
      }
      try context.writeCSV(
        "coding_export_rejects.csv", header: ["file", "line", "column", "reason"],
        rows: focus.rejects.map { reject in
          [
            reject.location.file, reject.location.line.map(String.init) ?? "",
            reject.location.column.map(String.init) ?? "", reject.message,
          ]
        })
      rows = .filtering(in: focus.rowsRead, out: focus.rowsRead - focus.rejects.count, rejected: focus.rejects.count)
      rows?.check = "coding export: in = out + rejected"
      rows?.unit = "coding-export rows"
    }
    let summaries = index?.summaries ?? []

    var profiles: [ProfileInput] = []
    if spec.outputs.contains(.profiles), let sections = spec.profiles {
      profiles = try ProfileAssembly(
        sections: sections, estimates: estimates, crosstabs: crosstabs, diagnostics: diagnostics,
        countryVariable: country, countryNames: countryNames(codebook, context, spec.language),
        stage: context.stage
      ).profiles()
      for position in profiles.indices {
        let code = profiles[position].country
        profiles[position].index = summaries.first { $0.country == code }
        profiles[position].themes = themes.filter { $0.country == code }
      }
    }
    let templates: ProfileTemplates
    do {
      templates = try ProfileTemplates(folder: spec.templates)
    } catch {
      throw Diagnostic(at: SourceLocation(file: error.path, line: error.line, column: error.column), error.message)
    }
    let renderer = ProfileRenderer(templates: templates, settings: settings)
    do {
      if spec.outputs.contains(.profiles) {
        try ProfilePublisher.write(profiles, tables: tables, renderer: renderer, to: context.filesDirectory)
      } else {
        try ProfilePublisher.writeTables(tables, to: context.filesDirectory)
      }
    } catch {
      throw Diagnostic(at: SourceLocation(file: error.path, line: error.line, column: error.column), error.message)
    }
    return StageOutcome(result: StageResult(), rows: rows)
  }

  /// The codebook of the pipeline's ingest stage, for labels.
  private static func studyCodebook(_ context: StageContext) throws -> Codebook? {
    for stage in context.definition.stages {
      guard case .ingest(let ingest) = stage.spec, let name = ingest.codebook,
        let path = context.files(of: name).first
      else { continue }
      return try Codebook.load(path: path)
    }
    return nil
  }

  /// Variable labels by name.
  private static func labels(_ codebook: Codebook?, language: String?) -> [String: String] {
    var labels: [String: String] = [:]
    for variable in codebook?.variables ?? [] { labels[variable.name] = variable.label }
    return labels
  }

  /// The variable the aggregate stage fans out by (`country`).
  private static func countryVariable(_ context: StageContext) -> String {
    for name in context.upstreamOrder {
      if let stage = context.definition.stage(name), stage.kind == .aggregate, let per = stage.per {
        return per.variable
      }
    }
    return "country"
  }

  /// Country names from the codebook's level labels (in `language` when it has them).
  private static func countryNames(_ codebook: Codebook?, _ context: StageContext, _ language: String?)
    -> [String: String]
  {
    guard let variable = codebook?.variable(forColumn: countryVariable(context)) else { return [:] }
    var names: [String: String] = [:]
    for level in variable.levels {
      names[level.value] = language.flatMap { level.labels[$0] } ?? level.label
    }
    return names
  }

  /// Survey and focus groups side by side, per country and access dimension: the mean
  /// dimension score of the barrier index (0 to 1 with min-max normalisation) with its CI,
  /// and the share of the country's focus-group segments that carry a code of that dimension.
  private static func sideBySide(
    _ means: [EstimateRow], segments: [String: [String: Int]], countrySegments: [String: Int], rules: DisclosureRules
  ) -> PublishedTable {
    var table = PublishedTable(
      name: "access_dimensions", title: "Access dimensions: survey scores and focus-group evidence by country",
      columns: [
        .init("country", .text), .init("dimension", .text), .init("survey_score", .number(decimals: 3)),
        .init("ci_low", .number(decimals: 3)), .init("ci_high", .number(decimals: 3)), .init("respondents", .integer),
        .init("fgd_segments", .integer), .init("fgd_segment_share", .number(decimals: 3)), .init("flag", .text),
      ],
      footnotes: [
        "survey_score: design-based mean of the dimension's score in the barrier index, with a Wald interval of"
          + " the mean (a one-item dimension's share can have another interval in the barrier tables, which use"
          + " the stage's interval for proportions); fgd_segments: focus-group and interview segments carrying a"
          + " code mapped to the dimension (a segment counts once)."
      ])
    // Country by country, the dimensions in the index's order.
    let countries = means.compactMap { $0.domain.first?.value }.reduce(into: [String]()) { list, country in
      if !list.contains(country) { list.append(country) }
    }
    let ordered = countries.flatMap { country in means.filter { $0.domain.first?.value == country } }
    for row in ordered {
      let country = row.domain.first?.value ?? ""
      let verdict = rules.assess(row)
      var numbers: [PublishedTable.Cell] = [.number(row.estimate), .number(row.ciLow), .number(row.ciHigh)]
      var respondents = PublishedTable.Cell.integer(row.n)
      switch verdict {
      case .suppress(let reason):
        numbers = Array(repeating: .suppressed(reason), count: 3)
        respondents = .suppressed(reason)
        if !table.footnotes.contains(reason.footnote) { table.footnotes.append(reason.footnote) }
      case .unreliable:
        if !table.footnotes.contains(rules.unreliableFootnote) { table.footnotes.append(rules.unreliableFootnote) }
      case .publish: break
      }
      let count = segments[country]?[row.variable] ?? 0
      let total = countrySegments[country] ?? 0
      table.append(
        [.text(country), .text(row.variable)] + numbers + [
          respondents, .integer(count), total > 0 ? .number(Double(count) / Double(total)) : .empty,
          .text(verdict.flag),
        ])
    }
    return table
  }

  private static func tests(_ result: Crosstab.Result) -> PublishedTable {
    var table = PublishedTable(
      name: "tests_\(result.rows)_by_\(result.columns)",
      title: "Rao-Scott tests of \(result.rows) by \(result.columns)",
      columns: [
        .init("domain", .text), .init("method", .text), .init("statistic", .number(decimals: 3)),
        .init("ndf", .number(decimals: 2)),
        .init("ddf", .number(decimals: 2)), .init("p_value", .number(decimals: 4)), .init("n", .integer),
      ],
      footnotes: ["Rao-Scott second-order F test (R survey's svychisq default) and first-order chi-square."])
    for test in result.tests {
      table.append([
        .text(test.domain.map { "\($0.variable)=\($0.value)" }.joined(separator: ";")), .text(test.method.rawValue),
        .number(test.statistic), .number(test.ndf), test.ddf.map(PublishedTable.Cell.number) ?? .empty,
        .number(test.pValue), .integer(test.n),
      ])
    }
    return table
  }

  private static func weightsTable(_ diagnostics: [WeightDiagnostics]) -> PublishedTable {
    var table = PublishedTable(
      name: "weights", title: "Weighting diagnostics",
      columns: [
        .init("group", .text), .init("n", .integer), .init("sum", .number(decimals: 0)),
        .init("min", .number(decimals: 1)),
        .init("max", .number(decimals: 1)), .init("mean", .number(decimals: 1)), .init("cv", .number(decimals: 3)),
        .init("kish_deff", .number(decimals: 3)), .init("n_eff", .number(decimals: 1)),
      ],
      footnotes: ["Kish's design effect n sum(w^2) / sum(w)^2; effective n = n / deff."])
    for item in diagnostics {
      table.append([
        .text(item.group ?? "all"), .integer(item.count), .number(item.sum), .number(item.minimum),
        .number(item.maximum), .number(item.mean), .number(item.cv), .number(item.kishDesignEffect),
        .number(item.effectiveSize),
      ])
    }
    return table
  }

  private static func cleaningTable(_ log: [CleanStage.LogEntry]) -> PublishedTable {
    var table = PublishedTable(
      name: "cleaning_log", title: "Cleaning log",
      columns: [
        .init("rule", .text), .init("kind", .text), .init("country", .text), .init("changed", .integer),
        .init("flagged", .integer), .init("rejected", .integer),
      ])
    for entry in log {
      table.append([
        .text(entry.rule), .text(entry.kind), .text(entry.country ?? ""), .integer(entry.changed),
        .integer(entry.flagged), .integer(entry.rejected),
      ])
    }
    return table
  }

  private static func rejectsTable(_ counts: [StageResult.RejectCount]) -> PublishedTable {
    var table = PublishedTable(
      name: "rejects", title: "Rows set aside",
      columns: [.init("stage", .text), .init("source", .text), .init("rows", .integer)],
      footnotes: ["The rows themselves are in the stages' rejects.csv files, which are not published."])
    for count in counts { table.append([.text(count.stage), .text(count.source), .integer(count.rows)]) }
    return table
  }
}

internal import Weighting

/// The published tables of the profiles: the same numbers the documents show, for
/// tidy CSV and the workbook. Names end with the country code (made file-safe).
extension ProfileInput {
  /// This country's tables, in the order of the profile's sections (empty sections left out).
  public func tables(_ settings: ProfileSettings) -> [PublishedTable] {
    let rules = settings.rules
    let suffix = "_" + fileSafe(country)
    let place = countryName ?? country
    var tables: [PublishedTable] = []
    if !composition.isEmpty {
      tables.append(
        .estimates(composition, name: "sample" + suffix, title: "Sample composition, \(place)", rules: rules))
    }
    if !health.isEmpty {
      tables.append(.estimates(health, name: "health" + suffix, title: "Health status, \(place)", rules: rules))
    }
    if !barriers.isEmpty {
      tables.append(
        .estimates(barriers, name: "barriers" + suffix, title: "Barrier prevalence, \(place)", rules: rules))
    }
    if let index {
      tables.append(PublishedTable.index([index], name: "index" + suffix, title: "Barrier index, \(place)"))
    }
    if let unmetNeed {
      tables.append(
        .crosstab(
          unmetNeed, name: "unmet_need" + suffix, title: "Unmet need by legal status, \(place)", rules: rules))
    }
    if let weighting {
      tables.append(PublishedTable.weighting(weighting, name: "weighting" + suffix, title: "Weighting, \(place)"))
    }
    if !themes.isEmpty {
      tables.append(PublishedTable.themes(themes, name: "themes" + suffix, title: "Focus-group themes, \(place)"))
    }
    return tables
  }

  /// The cross-country tables: barrier prevalence of every country, and index ranks.
  public static func comparisonTables(_ profiles: [ProfileInput], _ settings: ProfileSettings) -> [PublishedTable] {
    var tables: [PublishedTable] = []
    let barriers = profiles.flatMap(\.barriers)
    if !barriers.isEmpty {
      tables.append(
        .estimates(
          barriers, name: "barriers_by_country", title: "Barrier prevalence by country", rules: settings.rules))
    }
    let indices = profiles.compactMap(\.index)
    if !indices.isEmpty {
      tables.append(PublishedTable.index(indices, name: "index_ranks", title: "Barrier index and ranks by country"))
    }
    return tables
  }
}

/// `text` with every character but ASCII letters, digits, `-` and `_` replaced by `_`.
func fileSafe(_ text: String) -> String {
  String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
}

extension PublishedTable {
  /// Index summaries: country, mean, se, CI, rank and rank interval.
  static func index(_ summaries: [IndexSummary], name: String, title: String) -> PublishedTable {
    var table = PublishedTable(
      name: name, title: title,
      columns: [
        Column("country", .text), Column("mean", .number(decimals: 3)), Column("se", .number(decimals: 3)),
        Column("ci_low", .number(decimals: 3)), Column("ci_high", .number(decimals: 3)), Column("rank", .integer),
        Column("rank_low", .integer), Column("rank_high", .integer),
      ])
    for summary in summaries {
      table.append([
        .text(summary.country), .number(summary.mean), .number(summary.se), .number(summary.ciLow),
        .number(summary.ciHigh), .integer(summary.rank), .integer(summary.rankLow), .integer(summary.rankHigh),
      ])
    }
    table.footnotes = ["Rank 1 is the country with the most barriers; the rank interval comes from replicate weights."]
    return table
  }

  /// Weighting diagnostics as statistic-value rows.
  static func weighting(_ diagnostics: WeightDiagnostics, name: String, title: String) -> PublishedTable {
    var table = PublishedTable(
      name: name, title: title, columns: [Column("statistic", .text), Column("value", .number(decimals: 3))])
    table.append([.text("count"), .number(Double(diagnostics.count))])
    table.append([.text("sum_of_weights"), .number(diagnostics.sum)])
    table.append([.text("minimum"), .number(diagnostics.minimum)])
    table.append([.text("maximum"), .number(diagnostics.maximum)])
    table.append([.text("mean"), .number(diagnostics.mean)])
    table.append([.text("cv"), .number(diagnostics.cv)])
    table.append([.text("kish_deff"), .number(diagnostics.kishDesignEffect)])
    table.append([.text("effective_n"), .number(diagnostics.effectiveSize)])
    return table
  }

  /// Theme counts (never their quotes: quotes are free text and stay out of tables).
  static func themes(_ themes: [ThemeSummary], name: String, title: String) -> PublishedTable {
    var table = PublishedTable(
      name: name, title: title,
      columns: [
        Column("country", .text), Column("code", .text), Column("dimension", .text), Column("segments", .integer),
        Column("documents", .integer),
      ])
    for theme in themes {
      table.append([
        .text(theme.country), .text(theme.code), .text(theme.dimension), .integer(theme.segments),
        .integer(theme.documents),
      ])
    }
    return table
  }
}

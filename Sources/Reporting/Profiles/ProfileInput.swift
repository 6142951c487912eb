public import Aggregation
public import Weighting

/// Everything one country's profile shows, as the pipeline's runner computed it.
///
/// Estimates stay as the estimation engine returned them (``EstimateRow``,
/// ``Crosstab/Result``, ``WeightDiagnostics``); the renderer applies the disclosure
/// rules, so a runner cannot publish a small cell by forgetting to. Nothing here holds
/// respondent ids; free-text quotes ride on ``ThemeSummary/quotes`` and are published
/// only when ``DisclosureRules/publishQuotes`` is on.
public struct ProfileInput: Sendable {
  /// The country code as it is in the data (`DE`); names files and sheets.
  public var country: String
  /// The name people read (`Germany`); the code when `nil`.
  public var countryName: String?
  /// Unweighted respondents in the country's analysed sample.
  public var respondents: Int
  /// Weighted composition: proportions of `sex`, `age_group`, `legal_status` (any
  /// categorical variables), one row per level, domain the country.
  public var composition: [EstimateRow]
  /// Health status: proportions (e.g. self-rated health by level) or means.
  public var health: [EstimateRow]
  /// Barrier prevalence: one proportion row per barrier (its level the "yes" level);
  /// labelled by ``ProfileSettings/labels`` (the variable name when it has no label).
  public var barriers: [EstimateRow]
  /// The barrier index of this country, when computed.
  public var index: IndexSummary?
  /// Unmet need by legal status (rows: legal status, columns: unmet need), this country's domain.
  public var unmetNeed: Crosstab.Result?
  /// The weights of this country's sample.
  public var weighting: WeightDiagnostics?
  /// The most frequent focus-group codes, with their access dimension.
  public var themes: [ThemeSummary]

  public init(
    country: String, countryName: String? = nil, respondents: Int, composition: [EstimateRow] = [],
    health: [EstimateRow] = [], barriers: [EstimateRow] = [], index: IndexSummary? = nil,
    unmetNeed: Crosstab.Result? = nil, weighting: WeightDiagnostics? = nil, themes: [ThemeSummary] = []
  ) {
    self.country = country
    self.countryName = countryName
    self.respondents = respondents
    self.composition = composition
    self.health = health
    self.barriers = barriers
    self.index = index
    self.unmetNeed = unmetNeed
    self.weighting = weighting
    self.themes = themes
  }
}

/// A country's barrier index: its design-based mean with SE and CI, and its rank with
/// the rank interval from replicate weights (rank 1 = the most barriers).
public struct IndexSummary: Sendable, Equatable {
  public var country: String
  public var mean: Double
  public var se: Double
  public var ciLow: Double
  public var ciHigh: Double
  public var rank: Int
  public var rankLow: Int
  public var rankHigh: Int

  public init(
    country: String, mean: Double, se: Double, ciLow: Double, ciHigh: Double, rank: Int, rankLow: Int, rankHigh: Int
  ) {
    self.country = country
    self.mean = mean
    self.se = se
    self.ciLow = ciLow
    self.ciHigh = ciHigh
    self.rank = rank
    self.rankLow = rankLow
    self.rankHigh = rankHigh
  }
}

/// A focus-group code in one country: how many coded segments and documents mention
/// it, and the access dimension it maps to. `quotes` (segment texts) are published only
/// when the rules allow quotes.
public struct ThemeSummary: Sendable, Equatable {
  public var country: String
  public var code: String
  public var dimension: String
  public var segments: Int
  public var documents: Int
  public var quotes: [String]

  public init(
    country: String, code: String, dimension: String, segments: Int, documents: Int, quotes: [String] = []
  ) {
    self.country = country
    self.code = code
    self.dimension = dimension
    self.segments = segments
    self.documents = documents
    self.quotes = quotes
  }
}

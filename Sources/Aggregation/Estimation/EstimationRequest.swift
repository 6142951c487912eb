import SurveyCore

/// What to estimate: statistics of variables, by domains, with an interval method.
public struct EstimationRequest: Sendable {
  /// One statistic of one variable.
  public enum Statistic: Sendable, Hashable {
    /// The weighted mean (a categorical variable gives the proportion of each level).
    case mean(String)
    /// The weighted total (a categorical variable gives the total of each level).
    case total(String)
    /// The proportion of each level (each distinct value of a numeric variable).
    case proportion(String)
    /// The ratio of two weighted totals.
    case ratio(numerator: String, denominator: String)
    /// Quantiles at the given probabilities (Woodruff intervals).
    case quantile(String, [Double])
  }

  /// How proportions' confidence intervals are made (other statistics use `wald`).
  public enum IntervalMethod: String, Sendable, CaseIterable {
    /// estimate -/+ t(df) * se.
    case wald
    /// Wald on the logit scale, transformed back (R's `svyciprop(method = "xlogit")`).
    case logit
    /// Wilson's score interval on the effective sample size.
    case wilson
    /// Korn and Graubard's Clopper-Pearson interval on the effective sample size.
    case beta
  }

  public var statistics: [Statistic]
  /// Grouping variables: one estimate per combination of their values.
  public var groups: [String]
  /// Restricts every estimate to rows where `variable` has `level` (the design stays whole).
  public var subset: (variable: String, level: String)?
  public var interval: IntervalMethod
  /// Confidence level, e.g. 0.95.
  public var level: Double
  /// With grouping variables, also estimate over the whole sample (or `subset`).
  public var includeOverall: Bool

  public init(
    statistics: [Statistic], groups: [String] = [], subset: (variable: String, level: String)? = nil,
    interval: IntervalMethod = .wald, level: Double = 0.95, includeOverall: Bool = false
  ) {
    self.includeOverall = includeOverall
    self.statistics = statistics
    self.groups = groups
    self.subset = subset
    self.interval = interval
    self.level = level
  }
}

/// One estimate, as a tidy row.
public struct EstimateRow: Sendable, Hashable {
  /// `mean`, `total`, `proportion`, `ratio` or `quantile`.
  public var statistic: String
  /// The variable, or `numerator/denominator` for a ratio.
  public var variable: String
  /// The level for a proportion or a categorical total, the probability for a quantile.
  public var level: String?
  /// The domain: each grouping variable with its value as written in the data.
  public var domain: [Group]
  public var estimate: Double
  public var se: Double
  public var ciLow: Double
  public var ciHigh: Double
  /// Design effect against simple random sampling without replacement (R's `deff = TRUE`).
  public var deff: Double?
  /// Design effect against simple random sampling with replacement (`deff = "replace"`).
  public var deffReplace: Double?
  /// Degrees of freedom of the interval.
  public var df: Int
  /// Rows in the domain with the variable present.
  public var n: Int
  /// Rows in the domain with the variable missing (excluded, as `na.rm = TRUE`).
  public var nMissing: Int

  /// A grouping variable and its value.
  public struct Group: Sendable, Hashable {
    public var variable: String
    public var value: String

    public init(variable: String, value: String) {
      self.variable = variable
      self.value = value
    }
  }

  /// The coefficient of variation, se / |estimate|.
  public var cv: Double { se / abs(estimate) }

  public init(
    statistic: String, variable: String, level: String?, domain: [Group], estimate: Double, se: Double,
    ciLow: Double, ciHigh: Double, deff: Double?, deffReplace: Double?, df: Int, n: Int, nMissing: Int
  ) {
    self.statistic = statistic
    self.variable = variable
    self.level = level
    self.domain = domain
    self.estimate = estimate
    self.se = se
    self.ciLow = ciLow
    self.ciHigh = ciHigh
    self.deff = deff
    self.deffReplace = deffReplace
    self.df = df
    self.n = n
    self.nMissing = nMissing
  }
}

/// A request that cannot be answered from the table.
public struct EstimationError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

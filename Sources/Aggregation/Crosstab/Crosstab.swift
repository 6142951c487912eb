import SurveyCore

/// Weighted two-way tables with design-based standard errors, and the Rao-Scott
/// tests of independence: R's `svytable`, `svytotal` and `svymean` of the cells,
/// domain means for row and column proportions, and `svychisq` (Lumley 2010, 3.3).
///
/// For a row variable R with levels i = 1..r and a column variable C with levels
/// j = 1..c, the table of a domain uses its complete rows K (in the domain, R and C
/// both present, as `na.rm = TRUE`); rows outside K stay in the design with
/// influence 0, so the variance keeps the full design. With weights w and
/// T_ij = sum over K of w_k I(R_k = i, C_k = j), W = sum of T_ij:
/// - count: T_ij, influence z_k = w_k I_ij(k) (a total);
/// - cell proportion: p_ij = T_ij / W, z_k = w_k (I_ij(k) - p_ij) / W (a mean over K);
/// - row proportion: T_ij / T_i+, the mean of I(C = j) in the domain K and R = i,
///   z_k = w_k (I(C_k = j) - T_ij / T_i+) / T_i+ on rows with R = i;
/// - column proportion: T_ij / T_+j, the mean of I(R = i) within C = j.
///
/// Variances come from the design's engine: linearization (``Linearization``) of
/// the influence values, or replicate weights, where every replicate recomputes the
/// ratios (R's `svrVar`, replicates giving 0/0 left out). Intervals are
/// estimate -/+ t(df, 1 - alpha/2) se with df the design's degrees of freedom, also
/// in domains; design effects are R's `deff = TRUE`, with the SRS variance of an
/// indicator s2 = n / (n - 1) m (1 - m) (n rows with a non-zero weight, m its mean).
/// Each cell's `n` is the number of rows in the cell.
///
/// The tests are those of ``Crosstab/Test``. Levels are those present in the
/// domain among rows where the variable is present (unused codebook levels are
/// left out, as R's `svychisq` does with `factor()`); a categorical variable keeps
/// its level order, numbers and text are sorted. Problems are thrown as
/// ``Crosstab/Error``: a variable with one level, a zero row or column margin, a
/// domain without complete rows, a non-categorical variable with more than
/// ``maximumLevels`` values, and the design's own (a lonely PSU under `fail`).
public enum Crosstab {
  /// The most distinct values a numeric or text variable may have to be tabulated.
  public static let maximumLevels = 50

  /// What to tabulate.
  public struct Request: Sendable {
    /// The row variable.
    public var rows: String
    /// The column variable.
    public var columns: String
    /// Grouping variables: one table (and its tests) per combination of values.
    public var groups: [String]
    /// Confidence level, e.g. 0.95.
    public var level: Double
    /// The interval of the proportions (counts always get Wald intervals): `wald` as R's
    /// `confint` of `svyby(..., svymean)`, or `logit`, `wilson`, `beta` as for estimates,
    /// which keep the interval inside [0, 1] for small cells.
    public var interval: EstimationRequest.IntervalMethod = .wald

    public init(rows: String, columns: String, groups: [String] = [], level: Double = 0.95) {
      self.rows = rows
      self.columns = columns
      self.groups = groups
      self.level = level
    }
  }

  /// What a cell's estimate is.
  public enum Statistic: String, Sendable, CaseIterable {
    /// The weighted count (total) of the cell.
    case count
    /// The share of the table in the cell.
    case cellProportion = "cell_proportion"
    /// The share of the row in the cell (the distribution of the column variable
    /// within a row level).
    case rowProportion = "row_proportion"
    /// The share of the column in the cell.
    case columnProportion = "column_proportion"
  }

  /// One estimate of one cell, as a tidy row.
  public struct Cell: Sendable, Hashable {
    public var statistic: Statistic
    public var rowLevel: String
    public var columnLevel: String
    /// The domain: each grouping variable with its value as written in the data.
    public var domain: [EstimateRow.Group]
    public var estimate: Double
    public var se: Double
    public var ciLow: Double
    public var ciHigh: Double
    /// Design effect against simple random sampling without replacement.
    public var deff: Double?
    /// Degrees of freedom of the interval (the design's).
    public var df: Int
    /// Rows in the cell.
    public var n: Int
    /// Rows left out of the estimate's base for a missing value: in the domain for
    /// counts and cell proportions, in the row (column) level for row (column)
    /// proportions.
    public var nMissing: Int

    /// The coefficient of variation, se / |estimate|.
    public var cv: Double { se / abs(estimate) }

    public init(
      statistic: Statistic, rowLevel: String, columnLevel: String, domain: [EstimateRow.Group], estimate: Double,
      se: Double, ciLow: Double, ciHigh: Double, deff: Double?, df: Int, n: Int, nMissing: Int
    ) {
      self.statistic = statistic
      self.rowLevel = rowLevel
      self.columnLevel = columnLevel
      self.domain = domain
      self.estimate = estimate
      self.se = se
      self.ciLow = ciLow
      self.ciHigh = ciHigh
      self.deff = deff
      self.df = df
      self.n = n
      self.nMissing = nMissing
    }
  }

  /// A Rao-Scott test of independence of the rows and columns of one domain's table.
  ///
  /// With N the number of rows of the domain (all of them, also those with R or C
  /// missing, as R's `svychisq` counts them) and p-hat the cell proportions,
  /// Pearson's X^2 is that of the table scaled to N: observed N p_ij, expected
  /// N p_i+ p_+j, X^2 = sum (observed - expected)^2 / expected. The design effect
  /// matrix is Delta = (C' D^-1 C / N)^-1 (C' D^-1 V D^-1 C), where V is the
  /// design covariance of p-hat, D = diag(p-hat) with D^-1 taken as 0 at a zero
  /// cell, and C has the (r - 1)(c - 1) interaction contrasts orthogonal to the
  /// main effects, (e_a - 1/r) (x) (e_b - 1/c) for a >= 2, b >= 2 (Rao and Scott
  /// 1981, 1984; Lumley 2010, 3.3).
  /// - `raoScottF` (R's default `statistic = "F"`), the second-order correction:
  ///   F = X^2 / tr(Delta) on d0 = tr(Delta)^2 / tr(Delta^2) and d0 nu degrees of
  ///   freedom, nu the design's degrees of freedom (Thomas and Rao 1987). In a
  ///   domain nu stays the full design's, as for every interval here (and Stata's
  ///   `svy, subpop()`); R's `svychisq` on `subset()` of an uncalibrated design
  ///   would count the domain's PSUs and strata instead, which changes only ddf and p.
  /// - `raoScottChiSquared` (`statistic = "Chisq"`), the first-order correction:
  ///   the reported statistic is the uncorrected X^2, as R reports it, and the
  ///   p-value is P(chi^2((r - 1)(c - 1)) > X^2 / mean(diag(Delta))).
  ///
  /// F, d0 and both p-values are independent of N; only the reported X^2 scales
  /// with it. Delta needs C' D^-1 C invertible: a table with too many zero cells
  /// (R's `solve` fails) is an error.
  public struct Test: Sendable, Hashable {
    public enum Method: String, Sendable, CaseIterable {
      case raoScottF = "rao-scott-f"
      case raoScottChiSquared = "rao-scott-chisq"
    }

    public var method: Method
    public var domain: [EstimateRow.Group]
    /// F for `raoScottF`; the uncorrected Pearson X^2 for `raoScottChiSquared`.
    public var statistic: Double
    /// Numerator degrees of freedom: d0, or (r - 1)(c - 1).
    public var ndf: Double
    /// Denominator degrees of freedom d0 nu; `nil` for the chi-squared test.
    public var ddf: Double?
    public var pValue: Double
    /// Pearson's X^2 of the table scaled to `rowCount`.
    public var pearson: Double
    /// Rows with both variables present.
    public var n: Int
    /// N: the domain's rows, the total the table is scaled to.
    public var rowCount: Int

    public init(
      method: Method, domain: [EstimateRow.Group], statistic: Double, ndf: Double, ddf: Double?, pValue: Double,
      pearson: Double, n: Int, rowCount: Int
    ) {
      self.method = method
      self.domain = domain
      self.statistic = statistic
      self.ndf = ndf
      self.ddf = ddf
      self.pValue = pValue
      self.pearson = pearson
      self.n = n
      self.rowCount = rowCount
    }
  }

  /// The cells and tests of every domain, domain by domain: the counts row by row,
  /// the cell proportions row by row, the row proportions row by row, the column
  /// proportions column by column; then each domain's two tests.
  public struct Result: Sendable {
    public var rows: String
    public var columns: String
    public var cells: [Cell]
    public var tests: [Test]

    public init(rows: String, columns: String, cells: [Cell], tests: [Test]) {
      self.rows = rows
      self.columns = columns
      self.cells = cells
      self.tests = tests
    }
  }

  /// A table that cannot be made or tested; the message names the variable.
  public struct Error: Swift.Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public var description: String { message }

    public init(_ message: String) { self.message = message }
  }

  /// The tables and tests of `request` (see ``Crosstab``).
  public static func run(_ request: Request, table: SurveyTable, design: SurveyDesign) throws(Crosstab.Error)
    -> Result
  {
    precondition(table.rowCount == design.rowCount, "the design must have one row per table row")
    guard request.rows != request.columns else {
      throw Error("crosstab: --rows and --cols name the same variable '\(request.rows)'")
    }
    let rowFactor = try Factor(request.rows, role: "row", table: table)
    let columnFactor = try Factor(request.columns, role: "column", table: table)
    let domains: Domains
    do {
      domains = try Domains(table: table, groups: request.groups, subset: nil)
    } catch {
      throw Error("crosstab: " + error.message)
    }
    var members = [[Int]](repeating: [], count: domains.labels.count)
    for row in 0..<table.rowCount where domains.index[row] >= 0 { members[Int(domains.index[row])].append(row) }
    var result = Result(rows: request.rows, columns: request.columns, cells: [], tests: [])
    for (domain, label) in domains.labels.enumerated() {
      let tabulation = try Tabulation(
        rows: rowFactor, columns: columnFactor, members: members[domain], domain: label, weights: design.weights)
      let variances = try tabulation.variances(design: design)
      result.cells += tabulation.cells(variances, design: design, level: request.level, interval: request.interval)
      result.tests += try tabulation.tests(covariance: variances.cellCovariance, nu: Double(design.degreesOfFreedom))
    }
    return result
  }

  /// `variable=value` pairs joined by `;`, as domains are written in messages.
  static func label(_ domain: [EstimateRow.Group]) -> String {
    domain.map { "\($0.variable)=\($0.value)" }.joined(separator: ";")
  }
}

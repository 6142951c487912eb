/// A tidy table as it is published: a name (the file and sheet it becomes), a title,
/// typed columns, rows of cells and footnotes.
///
/// Every output (CSV, XLSX, Markdown, HTML) is written from this one model, so a cell
/// suppressed here is suppressed everywhere. A suppressed cell keeps its reason and is
/// never written as zero or left blank: it is written as ``Cell/suppressedMarker``.
public struct PublishedTable: Sendable, Equatable {
  /// A short, file-safe name: `barrier_prevalence_DE` becomes `barrier_prevalence_DE.csv`.
  public var name: String
  public var title: String
  public var columns: [Column]
  public var rows: [[Cell]]
  /// Notes printed under the table (in CSV, a second file would be needed: see ``TableCSVWriter``).
  public var footnotes: [String]

  public init(name: String, title: String, columns: [Column], rows: [[Cell]] = [], footnotes: [String] = []) {
    self.name = name
    self.title = title
    self.columns = columns
    self.rows = rows
    self.footnotes = footnotes
  }

  /// A column: its header and what its cells hold.
  public struct Column: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
      case text
      /// A real number, written with `decimals` digits for people and in full in CSV and XLSX.
      case number(decimals: Int)
      case integer
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind) {
      self.name = name
      self.kind = kind
    }
  }

  /// One cell.
  public enum Cell: Sendable, Equatable {
    case text(String)
    case number(Double)
    case integer(Int)
    case empty
    /// Withheld by disclosure control; the reason goes to the flag column and a footnote.
    case suppressed(SuppressionReason)

    /// How a suppressed cell is written in every output.
    public static let suppressedMarker = "suppressed"
    /// How a number that is not finite (NaN, infinity) is written in CSV and XLSX.
    public static let notAvailableMarker = "NA"
  }

  /// Appends a row; it must have one cell per column.
  public mutating func append(_ row: [Cell]) {
    precondition(row.count == columns.count, "a row of \(row.count) cells in a table of \(columns.count) columns")
    rows.append(row)
  }
}

/// Why a cell is withheld or flagged.
public enum SuppressionReason: Sendable, Equatable, Hashable {
  /// Fewer unweighted respondents than the threshold.
  case smallCount(n: Int, minimum: Int)
  /// Relative standard error above the suppression threshold.
  case highRelativeError(rse: Double, maximum: Double)
  /// An estimate of zero with a standard error above zero (or a non-finite estimate or
  /// standard error) has no relative error to judge it by; it is withheld (see ``DisclosureRules``).
  case undefinedRelativeError
  /// Publishable on its own, withheld so that another suppressed cell of its group (the
  /// shares of one variable in one domain, which add up to 100%) cannot be worked out
  /// from the published ones: secondary suppression.
  case complementary

  /// The value of the flag column.
  public var flag: String {
    switch self {
    case .smallCount: "suppressed_small_n"
    case .highRelativeError: "suppressed_high_rse"
    case .undefinedRelativeError: "suppressed_undefined_rse"
    case .complementary: "suppressed_complement"
    }
  }

  /// The footnote that explains the flag, with the rule's threshold.
  public var footnote: String {
    switch self {
    case .smallCount(_, let minimum):
      "suppressed_small_n: fewer than \(minimum) respondents (unweighted); the estimate is withheld, not zero."
    case .highRelativeError(_, let maximum):
      "suppressed_high_rse: relative standard error above \(DisclosureRules.percent(maximum)); "
        + "the estimate is too imprecise to publish."
    case .undefinedRelativeError:
      "suppressed_undefined_rse: the estimate is 0 (or not a number) with a standard error above 0, "
        + "so its relative standard error is undefined; the estimate is withheld."
    case .complementary:
      "suppressed_complement: withheld so that a suppressed share of the same group (which add up to 100%) "
        + "cannot be worked out from the others (secondary suppression)."
    }
  }
}

import SurveyCore

/// The clean stage: cleaning rules read from a rules file applied in order to a table,
/// with every change, flag and rejected row counted in a cleaning log.
///
/// Pure: no file I/O. Rules run in the order written; a row one rule rejects is not
/// seen by the later ones. Nothing is dropped silently: `rows in == rows out + rejects`.
public enum CleanStage {
  /// A row a rule rejected.
  public struct Reject: Sendable, Hashable, CustomStringConvertible {
    /// The rule's name.
    public var rule: String
    /// The row's file and line (`nil` for a table built in memory).
    public var location: SourceLocation?
    /// The row's index in the input table.
    public var row: Int
    public var variable: String
    /// The offending value as text.
    public var value: String
    public var reason: String

    /// `survey_DE.csv:5: duplicates(respondent_id): duplicate respondent_id 'DE-0001' ...`.
    public var description: String {
      "\(location.map { "\($0)" } ?? "row \(row + 1)"): \(rule): \(reason)"
    }
  }

  /// A value a rule flagged and left in place.
  public struct Flag: Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var location: SourceLocation?
    /// The row's index in the input table.
    public var row: Int
    public var variable: String
    public var value: String
    public var reason: String

    public var description: String {
      "\(location.map { "\($0)" } ?? "row \(row + 1)"): \(rule): \(reason)"
    }
  }

  /// One line of the cleaning log: what one rule did in one country.
  ///
  /// `changed` counts cells whose value or missing reason the rule changed (for a new
  /// column: the cells that got a value); `flagged` counts ``Flag``s; `rejected` counts rows.
  public struct LogEntry: Sendable, Hashable {
    public var rule: String
    /// The rule's kind (`range`, `recode`, ...).
    public var kind: String
    /// The row's `country` value after the rule, or `nil` when the table has no `country` column.
    public var country: String?
    public var changed: Int
    public var flagged: Int
    public var rejected: Int

    public init(rule: String, kind: String, country: String?, changed: Int, flagged: Int, rejected: Int) {
      self.rule = rule
      self.kind = kind
      self.country = country
      self.changed = changed
      self.flagged = flagged
      self.rejected = rejected
    }
  }

  /// What the stage produced.
  public struct Result: Sendable {
    /// The cleaned table: the rows no rule rejected, with changed and derived columns.
    public var table: SurveyTable
    public var rejects: [Reject]
    public var flags: [Flag]
    /// By rule (in rule order), then country (sorted), one entry per country with rows.
    public var log: [LogEntry]
    /// The number of rows of the input table.
    public var rowsIn: Int

    /// Whether the books balance: `rowsIn == table.rowCount + rejects.count`.
    public var balances: Bool { rowsIn == table.rowCount + rejects.count }
  }

  /// Applies `rules` to `table`, in order.
  ///
  /// - Throws: before any work, every rule that names a column the table lacks (and
  ///   no earlier rule creates), at the rule's place in the rules file; during the run,
  ///   a rule whose column has the wrong kind, or a `duplicates` rule with policy `fail`
  ///   that finds repeated ids (each repeat at its row's file and line).
  public static func run(_ table: SurveyTable, rules: CleanRules) throws(Diagnostics) -> Result {
    try check(rules, against: table)
    var cleaner = Cleaner(table: table)
    for rule in rules.rules {
      try cleaner.apply(rule)
    }
    return cleaner.result()
  }

  /// Reports every rule input that is neither in `table` nor written by an earlier rule.
  static func check(_ rules: CleanRules, against table: SurveyTable) throws(Diagnostics) {
    var available = Set(table.columnNames)
    var problems: [Diagnostic] = []
    for rule in rules.rules {
      var seen = Set<String>()
      for name in rule.kind.inputs where !available.contains(name) && seen.insert(name).inserted {
        problems.append(Diagnostic(at: rule.location, "rule '\(rule.name)': the table has no column '\(name)'"))
      }
      available.formUnion(rule.kind.outputs)
    }
    if !problems.isEmpty { throw Diagnostics(problems) }
  }
}

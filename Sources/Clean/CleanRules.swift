import SurveyCore

/// The cleaning rules of a study, in the order they run, as read from a `clean:` list.
///
/// Each rule is typed at the edge (``Rule/Kind``); the YAML reader reports every
/// problem of the file at its line and column (`CleanRules+YAML.swift`).
public struct CleanRules: Sendable, Equatable {
  public var rules: [Rule]

  public init(rules: [Rule]) {
    self.rules = rules
  }

  /// One cleaning rule: what it does, its name in the log and rejects, and where it was declared.
  public struct Rule: Sendable, Equatable {
    /// The rule's `name`, or `kind(variable)` when none is given (`range(age)`).
    public var name: String
    public var kind: Kind
    /// The rule's item in the rules file.
    public var location: SourceLocation

    public init(name: String, kind: Kind, location: SourceLocation) {
      self.name = name
      self.kind = kind
      self.location = location
    }
  }

  /// What a rule does, with its parameters.
  public enum Kind: Sendable, Equatable {
    case trimCase(TrimCase)
    case recode(Recode)
    case duplicates(Duplicates)
    case skipLogic(SkipLogic)
    case deriveCount(DeriveCount)
    case scaleScore(ScaleScore)
    case range(Range)
    case countryISO(CountryISO)
    case required(Required)

    /// The name of the kind in a rules file (`trim_case`, `recode`, ...).
    public var keyword: String {
      switch self {
      case .trimCase: "trim_case"
      case .recode: "recode"
      case .duplicates: "duplicates"
      case .skipLogic: "skip_logic"
      case .deriveCount: "derive_count"
      case .scaleScore: "scale_score"
      case .range: "range"
      case .countryISO: "country_iso"
      case .required: "required"
      }
    }
  }

  /// What happens to a value a rule cannot place.
  public enum Unknown: String, Sendable, Equatable {
    /// Kept as it is.
    case keep
    /// Kept, and listed among the flags.
    case flag
    /// Set missing with reason ``MissingReason/invalid``.
    case invalid
    /// The row goes to the rejects.
    case reject
  }

  /// Trims and collapses whitespace and folds case; values that then equal a known
  /// level (compared case-insensitively) become that level.
  public struct TrimCase: Sendable, Equatable {
    public var variable: String
    /// The column written (the variable itself by default).
    public var into: String
    /// The known levels; without them every value becomes its trimmed lower-case form.
    public var levels: [String]?
    /// What happens to a value that matches no known level.
    public var unknown: Unknown
  }

  /// Maps values, or numeric ranges, of a variable to the levels of a categorical variable.
  public struct Recode: Sendable, Equatable {
    /// A closed interval `min...max` (either end open when `nil`) and its level.
    public struct Interval: Sendable, Equatable {
      public var min: Double?
      public var max: Double?
      public var level: String

      public func contains(_ value: Double) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
      }
    }

    /// A value no mapping covers.
    public enum Else: Sendable, Equatable {
      /// Copied unchanged (value maps only).
      case keep
      /// Set missing with reason ``MissingReason/invalid`` (counted as flagged).
      case invalid
      /// The row goes to the rejects.
      case reject
      /// Becomes this level.
      case level(String)
    }

    public enum Mapping: Sendable, Equatable {
      /// Values to levels, in the order written (the order of the new levels).
      case values([(from: String, to: String)])
      /// Intervals, the first that contains the value wins; the new variable is ordinal.
      case ranges([Interval])

      public static func == (lhs: Mapping, rhs: Mapping) -> Bool {
        switch (lhs, rhs) {
        case (.values(let a), .values(let b)): a.map(\.from) == b.map(\.from) && a.map(\.to) == b.map(\.to)
        case (.ranges(let a), .ranges(let b)): a == b
        default: false
        }
      }
    }

    public var variable: String
    public var into: String
    public var mapping: Mapping
    public var otherwise: Else
    /// The level a missing input becomes; `nil` keeps it missing with its reason.
    public var missingLevel: String?
  }

  /// Repeated values of an id column.
  public struct Duplicates: Sendable, Equatable {
    public enum Policy: String, Sendable, Equatable {
      /// The first row with an id is kept, later ones are rejected.
      case rejectLater = "reject_later"
      /// Any repeated id ends the run with every repeat listed.
      case fail
    }

    public var variable: String
    public var policy: Policy
  }

  /// When every condition holds, the target variables must not hold an answer.
  public struct SkipLogic: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
      /// An answer present where it should not be becomes missing, not applicable.
      case setNotApplicable = "set_not_applicable"
      /// An answer present where it should not be is listed among the flags.
      case flag
    }

    /// Variable and value; a condition holds when the variable has that value (not missing).
    public var conditions: [(variable: String, value: String)]
    public var targets: [String]
    public var action: Action

    public static func == (lhs: SkipLogic, rhs: SkipLogic) -> Bool {
      lhs.conditions.map(\.variable) == rhs.conditions.map(\.variable)
        && lhs.conditions.map(\.value) == rhs.conditions.map(\.value) && lhs.targets == rhs.targets
        && lhs.action == rhs.action
    }
  }

  /// The number of items equal to a value (barriers reported), as a new numeric column.
  public struct DeriveCount: Sendable, Equatable {
    public var items: [String]
    public var value: String
    public var into: String
    /// The fewest answered items for a count; fewer gives a missing count (default: all items).
    public var minAnswered: Int
  }

  /// A sum or mean score of numeric items, with reverse-scored items and an optional cut-off.
  public struct ScaleScore: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
      case sum, mean
    }

    /// A binary variable: 1 where the score is at least `at`, else 0.
    public struct Cutoff: Sendable, Equatable {
      public var at: Double
      public var into: String
    }

    public var items: [String]
    public var into: String
    public var method: Method
    public var minAnswered: Int
    /// Items scored `low + high - value`.
    public var reverse: [String]
    /// The items' possible range, needed to reverse items.
    public var itemRange: ClosedRange<Double>?
    public var cutoff: Cutoff?
  }

  /// Values outside `min...max` become invalid or reject the row.
  public struct Range: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
      case invalid, reject
    }

    public var variable: String
    public var min: Double?
    public var max: Double?
    public var action: Action
  }

  /// Variables every row must answer (e.g. the margin variables of the weighting):
  /// a row with any of them missing, whatever the reason, is rejected or flagged.
  public struct Required: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
      case flag, reject
    }

    public var variables: [String]
    public var action: Action
    /// Why the variables are needed, quoted in each reject's reason (`for weighting`).
    public var purpose: String?
  }

  /// Country names (English, French, German, local) and codes to ISO 3166 alpha-2.
  public struct CountryISO: Sendable, Equatable {
    public var variable: String
    public var into: String
    /// `flag` keeps an unknown value and lists it, `reject` rejects its row.
    public var unknown: Unknown
  }
}

extension CleanRules.Kind {
  /// The variables the rule reads.
  var inputs: [String] {
    switch self {
    case .trimCase(let rule): [rule.variable]
    case .recode(let rule): [rule.variable]
    case .duplicates(let rule): [rule.variable]
    case .skipLogic(let rule): rule.conditions.map(\.variable) + rule.targets
    case .deriveCount(let rule): rule.items
    case .scaleScore(let rule): rule.items
    case .range(let rule): [rule.variable]
    case .countryISO(let rule): [rule.variable]
    case .required(let rule): rule.variables
    }
  }

  /// The variable a rule is named after by default: what it writes, else what it checks.
  var subject: String {
    switch self {
    case .skipLogic(let rule): rule.targets.first ?? ""
    default: outputs.first ?? inputs.first ?? ""
    }
  }

  /// The variables the rule writes that may be new.
  var outputs: [String] {
    switch self {
    case .trimCase(let rule): [rule.into]
    case .recode(let rule): [rule.into]
    case .deriveCount(let rule): [rule.into]
    case .scaleScore(let rule): [rule.into] + (rule.cutoff.map { [$0.into] } ?? [])
    case .countryISO(let rule): [rule.into]
    case .duplicates, .skipLogic, .range, .required: []
    }
  }
}

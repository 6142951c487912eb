import Aggregation
import Clean
import Reporting
import SurveyCore
import Weighting

/// What a stage does, with its parameters decoded and checked: one case per kind.
public enum StageSpec: Sendable, Equatable {
  case ingest(Ingest)
  case clean(Clean)
  case weight(Weight)
  case aggregate(Aggregate)
  case report(Report)

  public enum Kind: String, Sendable, CaseIterable {
    case ingest, clean, weight, aggregate, report
  }

  public var kind: Kind {
    switch self {
    case .ingest: .ingest
    case .clean: .clean
    case .weight: .weight
    case .aggregate: .aggregate
    case .report: .report
    }
  }

  /// `kind: ingest`: survey files to one typed table.
  public struct Ingest: Sendable, Equatable {
    /// Names of the inputs holding the survey files (`files:`).
    public var files: [String]
    /// Name of the input holding the codebook (`codebook:`), if any.
    public var codebook: String?
  }

  /// `kind: clean`: the cleaning rules, inline (`rules:`) or from a file (`rules_file:`).
  public struct Clean: Sendable, Equatable {
    public var rules: CleanRules
    /// The rules file resolved against the root; `nil` for inline rules.
    public var file: String?
  }

  /// The survey design's columns (`design:`), as `mighealth estimate` takes them.
  public struct Design: Sendable, Equatable {
    public var weights: String
    public var strata: String?
    /// Cluster id columns, one per stage (PSU first).
    public var clusters: [String]
    /// Finite population corrections, one per stage.
    public var fpc: [String]
    public var nest: Bool
    public var lonelyPSU: SurveyDesign.LonelyPSU

    /// The design's columns as ``SurveyDesign`` takes them.
    public var columns: SurveyDesign.Columns {
      SurveyDesign.Columns(
        weights: weights, strata: strata, clusters: clusters, fpc: fpc, nest: nest, lonelyPSU: lonelyPSU)
    }
  }

  /// `kind: weight`: calibration of the design weights to population margins, then trimming.
  public struct Weight: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
      case rake, poststratify, calibrate
    }

    /// `collapse: {age_group: {"45+": [45-64, 65+]}}`: levels of a margin variable merged.
    public struct Collapse: Sendable, Equatable {
      public var variable: String
      public var into: String
      public var levels: [String]
    }

    /// Bounds on the final weights (either may be infinite); `strict` repeats until none is outside.
    public struct Trim: Sendable, Equatable {
      public var lower: Double
      public var upper: Double
      public var strict: Bool
    }

    public var design: Design
    public var method: Method
    /// Name of the input holding the margins CSV.
    public var margins: String
    /// The margin variables used (`variables:`); empty for all of the file's.
    public var variables: [String]
    /// Bounds on g = calibrated / base weight, for `calibrate` only.
    public var bounds: ClosedRange<Double>?
    public var trim: Trim?
    /// Levels weighted as one (in the margins and the data), e.g. `45-64` and `65+`
    /// as `45+` where a country has too few older respondents; the table keeps its levels.
    public var collapse: [Collapse]
    public var variance: CalibratedWeights.Variance
    public var maxIterations: Int
  }

  /// `kind: aggregate`: estimates and cross-tabulations.
  public struct Aggregate: Sendable, Equatable {
    /// One statistic, estimated within each combination of the `by` variables.
    public struct Estimate: Sendable, Equatable {
      public var statistic: EstimationRequest.Statistic
      public var by: [String]
      public var location: SourceLocation
    }

    /// A two-way table with Rao-Scott tests, one per combination of the `by` variables.
    public struct CrossTable: Sendable, Equatable {
      public var rows: String
      public var columns: String
      public var by: [String]
      public var location: SourceLocation
    }

    /// The design; `nil` to use the one of the weight stage this stage needs.
    public var design: Design?
    public var estimates: [Estimate]
    public var crosstabs: [CrossTable]
    public var interval: EstimationRequest.IntervalMethod
    /// Confidence level, e.g. 0.95.
    public var level: Double
  }

  /// `kind: report`: which outputs to write (only their names are checked for now).
  public struct Report: Sendable, Equatable {
    public enum Output: String, Sendable, CaseIterable {
      case profiles, estimates, crosstabs, weights
      case cleaningLog = "cleaning_log"
      case rejects
    }

    public var outputs: [Output]
    /// The labels' language (a codebook language code), e.g. `fr`.
    public var language: String?
    /// The study's title on every document (`title:`, default the pipeline's name).
    public var title: String?
    /// What the country profiles show (`profiles:`); required for the `profiles` output.
    public var profiles: Profiles?
    /// When a published cell is suppressed or flagged (`disclosure:`).
    public var disclosure: Disclosure
    /// A folder of Mustache templates overriding the built-in ones (`templates:`), resolved.
    public var templates: String?
    /// The barrier index (`index:`), computed per respondent and estimated per country.
    public var index: Index?
    /// The focus-group and interview coding (`focus_groups:`).
    public var focusGroups: FocusGroups?

    /// `index:`: a composite index of barrier items grouped into access dimensions
    /// (OECD/JRC handbook), its design-based mean per country and group, rank intervals
    /// from replicate weights, Cronbach's alpha and rank sensitivity.
    public struct Index: Sendable, Equatable {
      public var index: CompositeIndex
      /// Further grouping within country (`groups: [legal_status]`).
      public var groups: [String]
      /// The replicates the rank intervals come from (`rank_replicates:`).
      public var rankReplicates: RankReplicates
      /// Alternative normalisations and weightings for the sensitivity table.
      public var sensitivity: [CompositeIndex.Scenario]

      public struct RankReplicates: Sendable, Equatable {
        public enum Method: String, Sendable, CaseIterable {
          case bootstrap, jkn, jk1, brr
        }

        public var method: Method
        public var replicates: Int
        public var seed: UInt64
      }
    }

    /// `focus_groups:`: the coding export and how to count and map its codes.
    public struct FocusGroups: Sendable, Equatable {
      /// Name of the input holding the coding export.
      public var export: String
      /// The two coders of the double-coded subset, for agreement.
      public var coders: [String]
      /// How many codes per country the profiles show.
      public var top: Int
      /// Each code's access dimension (codes not listed are shown as unmapped).
      public var dimensions: [String: AccessDimension]
    }

    /// The variables behind each section of a profile; their estimates come from the
    /// aggregate stage (a proportion of each, within each country).
    public struct Profiles: Sendable, Equatable {
      /// Weighted composition: proportions of each level (sex, age group, legal status).
      public var composition: [String]
      /// Health status: proportions of each level, or means.
      public var health: [String]
      /// Barrier items, each shown as the proportion of `barrierLevel`.
      public var barriers: [String]
      public var barrierLevel: String
      /// The cross-table of unmet need (`{rows: legal_status, cols: unmet_need}`).
      public var unmetNeed: (rows: String, columns: String)?

      public static func == (lhs: Profiles, rhs: Profiles) -> Bool {
        lhs.composition == rhs.composition && lhs.health == rhs.health && lhs.barriers == rhs.barriers
          && lhs.barrierLevel == rhs.barrierLevel && lhs.unmetNeed?.rows == rhs.unmetNeed?.rows
          && lhs.unmetNeed?.columns == rhs.unmetNeed?.columns
      }
    }

    /// Disclosure control of published tables (defaults: n < 10 suppressed, RSE > 0.3
    /// flagged unreliable, RSE > 0.5 suppressed, no free-text quotes).
    public struct Disclosure: Sendable, Equatable {
      public var minimumCount = 10
      public var unreliableRSE = 0.3
      public var suppressionRSE = 0.5
      public var quotes = false

      public init() {}
    }
  }
}

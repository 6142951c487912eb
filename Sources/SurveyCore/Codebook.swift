/// The declaration of every variable of a study: types, levels and their labels in
/// several languages, missing codes, valid ranges and the local column names that
/// country teams use.
///
/// A codebook is read from YAML (see ``Codebook/load(path:)`` and the format in
/// README.md); every error names the YAML file and line.
public struct Codebook: Sendable {
  /// A value that stands for a missing answer (`"98"` for don't know).
  public struct MissingCode: Sendable, Hashable {
    public var value: String
    public var reason: MissingReason

    public init(value: String, reason: MissingReason) {
      self.value = value
      self.reason = reason
    }
  }

  /// How numeric values are stored: `float64` unless the codebook asks for a
  /// narrower integer type (values that do not fit are rejected).
  public enum Storage: String, Sendable, CaseIterable, Hashable {
    case float64, int32, int16, int8
  }

  /// One category of a categorical, ordinal, binary or multi-select variable.
  public struct Level: Sendable, Hashable {
    /// The canonical value, as written in the common data file (`"1"`, `"refugee"`).
    public var value: String
    /// The English label for tables (`"Refugee"`); defaults to `value`.
    public var label: String
    /// Labels by language code (`fr: "Réfugié"`), accepted in data as well.
    public var labels: [String: String]
    /// Other spellings accepted in data (`"F"`, `"w"`).
    public var aliases: [String]
    /// Where the level is declared.
    public var location: SourceLocation

    public init(
      value: String, label: String? = nil, labels: [String: String] = [:], aliases: [String] = [],
      location: SourceLocation
    ) {
      self.value = value
      self.label = label ?? value
      self.labels = labels
      self.aliases = aliases
      self.location = location
    }

    /// Every spelling that reads as this level: value, label, labels, aliases.
    public var spellings: [String] {
      var all = [value, label]
      all += labels.keys.sorted().compactMap { labels[$0] }
      all += aliases
      var seen = Set<String>()
      return all.filter { seen.insert($0).inserted }
    }
  }

  /// One variable (a column of the common data set).
  public struct Variable: Sendable {
    public var name: String
    public var type: VariableType
    public var label: String?
    /// Levels in order (the order is meaningful for ordinal variables).
    public var levels: [Level]
    /// Missing codes of this variable; `nil` means the codebook's defaults.
    public var missingCodes: [MissingCode]?
    /// Valid range of a numeric variable (inclusive).
    public var range: ClosedRange<Double>?
    /// A required variable must have a column in every file and a value in every row.
    public var required: Bool
    /// Local column names that map onto this variable (`geschlecht`, `sexe`).
    public var aliases: [String]
    /// Numeric storage.
    public var storage: Storage
    /// Separator of the options of a multi-select cell (default: a space, as KoboToolbox).
    public var separator: String
    /// Date format of a date variable: `YYYY-MM-DD` (default), `DD/MM/YYYY`,
    /// `MM/DD/YYYY` or `DD.MM.YYYY`.
    public var format: String?
    /// Where the variable is declared.
    public var location: SourceLocation

    public init(
      name: String, type: VariableType, label: String? = nil, levels: [Level] = [],
      missingCodes: [MissingCode]? = nil, range: ClosedRange<Double>? = nil, required: Bool = false,
      aliases: [String] = [], storage: Storage = .float64, separator: String = " ", format: String? = nil,
      location: SourceLocation
    ) {
      self.name = name
      self.type = type
      self.label = label
      self.levels = levels
      self.missingCodes = missingCodes
      self.range = range
      self.required = required
      self.aliases = aliases
      self.storage = storage
      self.separator = separator
      self.format = format
      self.location = location
    }
  }

  /// Reading settings for the files whose name matches `file` (a glob such as
  /// `survey_DE.csv` or `survey_*.csv`).
  public struct Source: Sendable {
    public var file: String
    /// Field delimiter; sniffed from the header when `nil`.
    public var delimiter: UInt8?
    /// Whether numbers are written with a decimal comma (`1,5`).
    public var decimalComma: Bool
    /// The language of the file's labels (informational: labels of every language are accepted).
    public var language: String?
    public var location: SourceLocation

    public init(
      file: String, delimiter: UInt8? = nil, decimalComma: Bool = false, language: String? = nil,
      location: SourceLocation
    ) {
      self.file = file
      self.delimiter = delimiter
      self.decimalComma = decimalComma
      self.language = language
      self.location = location
    }
  }

  /// The YAML file the codebook was read from.
  public var path: String
  public var study: String?
  /// Language codes that labels may use (`en`, `fr`, `de`, `el`, `es`, `ar`).
  public var languages: [String]
  /// Missing codes for every variable that does not declare its own.
  public var missingCodes: [MissingCode]
  public var sources: [Source]
  public var variables: [Variable]

  public init(
    path: String, study: String? = nil, languages: [String] = [], missingCodes: [MissingCode] = [],
    sources: [Source] = [], variables: [Variable]
  ) {
    self.path = path
    self.study = study
    self.languages = languages
    self.missingCodes = missingCodes
    self.sources = sources
    self.variables = variables
  }

  /// The variable named `name`, or whose source alias is `name`.
  public func variable(forColumn name: String) -> Variable? {
    variables.first { $0.name == name || $0.aliases.contains(name) }
  }

  /// The missing codes that apply to `variable`.
  public func missingCodes(of variable: Variable) -> [MissingCode] {
    variable.missingCodes ?? missingCodes
  }

  /// The reading settings for a file, matched on its last path component.
  public func source(forFile path: String) -> Source? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return sources.first { Glob.matches($0.file, name) || $0.file == path }
  }
}

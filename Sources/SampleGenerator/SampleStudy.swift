/// A synthetic multi-country migrant-health study shaped like the EU mig-HealthCare
/// surveys: ten country survey exports with their local quirks and a few
/// deliberately bad rows, the coded focus groups and interviews, population margins
/// for raking, the codebook and a README. SampleData/ is this study with the default
/// size and seed.
///
/// The output is a function of the number of respondents and the seed alone: the
/// same arguments give the same bytes on every platform (the generator uses its
/// own random numbers and formats every number itself). Rows are streamed to the
/// files, so memory does not grow with the number of respondents.
///
/// ```swift
/// let paths = try SampleStudy(respondents: 1200, seed: 20_261_123).write(to: "SampleData")
/// ```
public struct SampleStudy: Sendable {
  /// The size of SampleData/.
  public static let defaultRespondents = 1_200
  /// The seed of SampleData/.
  public static let defaultSeed: UInt64 = 20_261_123
  /// The smallest study that still has every country and every bad row.
  public static let minimumRespondents = 100

  /// The country codes, in the order of the files and of every table.
  public static let countries: [String] = CountryProfile.all.map(\.code)

  /// The number of respondents, summed over the countries.
  public let respondents: Int
  /// The seed of every random draw.
  public let seed: UInt64

  /// A study of `respondents` respondents (at least ``minimumRespondents``) drawn
  /// with `seed`.
  public init(respondents: Int = defaultRespondents, seed: UInt64 = defaultSeed) {
    precondition(
      respondents >= SampleStudy.minimumRespondents,
      "a sample study needs at least \(SampleStudy.minimumRespondents) respondents, got \(respondents)")
    self.respondents = respondents
    self.seed = seed
  }

  /// Respondents per country, in ``countries`` order: the total shared in
  /// proportion to the default sizes (GR 170, IT 190, DE 200, BG 60, FR 160, CY 45,
  /// MT 35, SE 120, AT 90, ES 130 at 1,200) by the largest-remainder method.
  public var countrySizes: [Int] {
    CountryProfile.sizes(total: respondents)
  }

  /// The names of the files ``write(to:)`` writes, in order.
  public static let fileNames: [String] =
    countries.map { "survey_\($0).csv" } + ["coding_export.csv", "margins.csv", "codebook.yaml", "README.md"]

  /// A file that could not be written.
  public struct Failure: Error, CustomStringConvertible {
    /// The file or directory.
    public var path: String
    /// What went wrong, as the system said it.
    public var reason: String

    public var description: String { "\(path): error: cannot write: \(reason)" }
  }

  /// Writes every file of the study into `directory` (created if missing), each
  /// atomically, replacing files of the same names.
  ///
  /// - Returns: the paths written, in ``fileNames`` order.
  /// - Throws: ``Failure`` when a file or the directory cannot be written.
  public func write(to directory: String) throws(Failure) -> [String] {
    try TextFile.createDirectory(directory)
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    var paths: [String] = []
    var surveys: [ReadmeText.SurveySummary] = []
    for (index, (country, size)) in zip(CountryProfile.all, countrySizes).enumerated() {
      var file = SurveyFile(country: country, countryIndex: index, size: size, seed: seed)
      let path = base + file.fileName
      let result = try file.write(to: path)
      surveys.append(
        ReadmeText.SurveySummary(country: country.code, respondents: size, lines: result.lines, badRows: result.badRows)
      )
      paths.append(path)
    }
    var coding = CodingExport(seed: seed)
    let codingSummary = try coding.write(to: base + "coding_export.csv")
    paths.append(base + "coding_export.csv")
    try Margins.write(to: base + "margins.csv")
    paths.append(base + "margins.csv")
    try TextFile.save(CodebookText.text(), to: base + "codebook.yaml")
    paths.append(base + "codebook.yaml")
    let readme = ReadmeText(study: self, surveys: surveys, coding: codingSummary)
    try TextFile.save(readme.text(), to: base + "README.md")
    paths.append(base + "README.md")
    return paths
  }
}

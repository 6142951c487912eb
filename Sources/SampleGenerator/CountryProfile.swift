/// The fixed parameters of one country of the sample study: sample size, who was
/// recruited, the sites, the fieldwork window, how access differs from the other
/// countries, and which items have missing answers.
///
/// The numbers are invented but shaped like the mig-HealthCare surveys: recruitment
/// through NGOs and reception centres over-represents asylum seekers, young men and
/// undocumented migrants compared with the population in `margins.csv`, so that
/// raking has work to do.
struct CountryProfile {
  /// ISO 3166-1 alpha-2 code.
  var code: String
  /// Respondents at the default study size of 1,200 (scaled for other sizes).
  var defaultSize: Int
  /// The population the design weights sum to, about (the margins' total).
  var population: Int
  /// Probability that a respondent is a woman (before the legal-status shift).
  var femaleShare: Double
  /// Recruited legal status, in ``Vocabulary/legalStatuses`` order.
  var legalStatus: [Double]
  /// Region of origin, in ``Vocabulary/regions`` order.
  var origin: [Double]
  /// Recruitment sites (PSUs) in the urban and rural strata.
  var urbanSites: Int
  var ruralSites: Int
  /// Share of the sample recruited in the urban stratum, and of the population living there.
  var urbanSampleShare: Double
  var urbanPopulationShare: Double
  /// Fieldwork window in 2019, as (month, day) pairs.
  var fieldworkStart: (month: Int, day: Int)
  var fieldworkEnd: (month: Int, day: Int)
  /// The language index (``Vocabulary/languages``) spoken locally, if migrants speak it.
  var localLanguage: Int?
  /// Logit shifts of the ten barriers, in ``Vocabulary/barriers`` order.
  var barrierShift: [Double]
  /// Shift of the latent distress score (RHS-15).
  var distressShift: Double
  /// Logit shift of receiving the care one needed.
  var accessShift: Double
  /// Missing answers in this country's file.
  var missing: Missingness

  /// How often answers are missing, by kind.
  struct Missingness {
    /// Age coded 98 (don't know) or 99 (refused).
    var ageCodes = 0.0
    /// The RHS-15 block refused (all 99), and each item coded 98 at half this rate.
    var rhsCodes = 0.0
    /// Each barrier item coded 98 or 99.
    var barrierCodes = 0.0
    /// Each of education, years_in_country, self_rated_health, usual_source and
    /// satisfaction left empty.
    var emptyCells = 0.0
  }
}

extension CountryProfile {
  /// The ten countries, in the study's order (the order of files and tables).
  static let all: [CountryProfile] = [
    CountryProfile(
      code: "GR", defaultSize: 170, population: 118_430, femaleShare: 0.36,
      legalStatus: [0.25, 0.45, 0.15, 0.07, 0.08], origin: [0.45, 0.15, 0.30, 0.05, 0.01, 0.04],
      urbanSites: 5, ruralSites: 3, urbanSampleShare: 0.65, urbanPopulationShare: 0.75,
      fieldworkStart: (3, 4), fieldworkEnd: (6, 28), localLanguage: nil,
      barrierShift: [0.3, 0.4, 0.2, 0.3, 0.2, 0.3, 0.8, 0.1, 0.1, 0.7], distressShift: 0.3, accessShift: -0.3,
      missing: Missingness(rhsCodes: 0.03)),
    CountryProfile(
      code: "IT", defaultSize: 190, population: 412_870, femaleShare: 0.32,
      legalStatus: [0.15, 0.35, 0.28, 0.14, 0.08], origin: [0.20, 0.50, 0.15, 0.08, 0.03, 0.04],
      urbanSites: 6, ruralSites: 4, urbanSampleShare: 0.60, urbanPopulationShare: 0.70,
      fieldworkStart: (4, 1), fieldworkEnd: (7, 31), localLanguage: nil,
      barrierShift: [0.2, 0.3, 0.3, 0.2, 0.3, 0.0, 0.7, 0.0, 0.3, 0.5], distressShift: 0.2, accessShift: 0.0,
      missing: Missingness(ageCodes: 0.02, barrierCodes: 0.03)),
    CountryProfile(
      code: "DE", defaultSize: 200, population: 638_190, femaleShare: 0.38,
      legalStatus: [0.42, 0.35, 0.06, 0.10, 0.07], origin: [0.55, 0.12, 0.20, 0.08, 0.01, 0.04],
      urbanSites: 6, ruralSites: 4, urbanSampleShare: 0.70, urbanPopulationShare: 0.80,
      fieldworkStart: (2, 11), fieldworkEnd: (5, 31), localLanguage: nil,
      barrierShift: [0.1, -0.6, 0.4, -0.1, 0.0, -0.4, 0.0, 0.1, 0.0, 0.6], distressShift: 0.0, accessShift: 0.4,
      missing: Missingness(rhsCodes: 0.02)),
    CountryProfile(
      code: "BG", defaultSize: 60, population: 17_940, femaleShare: 0.30,
      legalStatus: [0.30, 0.55, 0.05, 0.04, 0.06], origin: [0.55, 0.05, 0.30, 0.06, 0.00, 0.04],
      urbanSites: 3, ruralSites: 3, urbanSampleShare: 0.70, urbanPopulationShare: 0.80,
      fieldworkStart: (5, 6), fieldworkEnd: (8, 30), localLanguage: nil,
      barrierShift: [0.6, 0.9, 0.5, 0.6, 0.5, 0.4, 0.2, 0.2, 0.4, 0.5], distressShift: 0.4, accessShift: -0.6,
      missing: Missingness(rhsCodes: 0.04, barrierCodes: 0.02)),
    CountryProfile(
      code: "FR", defaultSize: 160, population: 379_560, femaleShare: 0.37,
      legalStatus: [0.20, 0.30, 0.32, 0.10, 0.08], origin: [0.25, 0.50, 0.10, 0.07, 0.03, 0.05],
      urbanSites: 5, ruralSites: 4, urbanSampleShare: 0.65, urbanPopulationShare: 0.78,
      fieldworkStart: (3, 18), fieldworkEnd: (7, 12), localLanguage: 2,
      barrierShift: [-0.4, -0.2, 0.3, 0.1, 0.4, -0.2, 0.3, 0.0, 0.4, 0.4], distressShift: 0.1, accessShift: 0.2,
      missing: Missingness(ageCodes: 0.03)),
    CountryProfile(
      code: "CY", defaultSize: 45, population: 26_310, femaleShare: 0.42,
      legalStatus: [0.12, 0.55, 0.13, 0.14, 0.06], origin: [0.40, 0.20, 0.30, 0.06, 0.00, 0.04],
      urbanSites: 3, ruralSites: 3, urbanSampleShare: 0.60, urbanPopulationShare: 0.70,
      fieldworkStart: (6, 3), fieldworkEnd: (9, 27), localLanguage: nil,
      barrierShift: [0.3, 0.6, 0.4, 0.4, 0.6, 0.2, 0.4, 0.2, 0.3, 0.6], distressShift: 0.3, accessShift: -0.4,
      missing: Missingness(rhsCodes: 0.02, emptyCells: 0.02)),
    CountryProfile(
      code: "MT", defaultSize: 35, population: 8_970, femaleShare: 0.33,
      legalStatus: [0.18, 0.50, 0.12, 0.14, 0.06], origin: [0.25, 0.50, 0.10, 0.08, 0.02, 0.05],
      urbanSites: 3, ruralSites: 3, urbanSampleShare: 0.70, urbanPopulationShare: 0.90,
      fieldworkStart: (4, 15), fieldworkEnd: (7, 26), localLanguage: nil,
      barrierShift: [0.0, 0.2, 0.3, 0.3, 0.5, -0.8, 0.2, 0.3, 0.5, 0.3], distressShift: 0.2, accessShift: -0.1,
      missing: Missingness(emptyCells: 0.03)),
    CountryProfile(
      code: "SE", defaultSize: 120, population: 211_740, femaleShare: 0.41,
      legalStatus: [0.55, 0.28, 0.05, 0.07, 0.05], origin: [0.50, 0.20, 0.15, 0.10, 0.01, 0.04],
      urbanSites: 4, ruralSites: 3, urbanSampleShare: 0.65, urbanPopulationShare: 0.80,
      fieldworkStart: (9, 2), fieldworkEnd: (11, 29), localLanguage: nil,
      barrierShift: [0.2, -0.8, -0.2, -0.3, 0.1, 0.3, 0.2, 0.0, -0.3, -0.2], distressShift: -0.2, accessShift: 0.5,
      missing: Missingness(emptyCells: 0.02)),
    CountryProfile(
      code: "AT", defaultSize: 90, population: 149_380, femaleShare: 0.39,
      legalStatus: [0.45, 0.33, 0.07, 0.09, 0.06], origin: [0.50, 0.10, 0.25, 0.10, 0.01, 0.04],
      urbanSites: 4, ruralSites: 3, urbanSampleShare: 0.60, urbanPopulationShare: 0.72,
      fieldworkStart: (2, 18), fieldworkEnd: (6, 14), localLanguage: nil,
      barrierShift: [0.1, -0.5, 0.2, -0.1, 0.2, -0.2, 0.0, 0.1, 0.0, 0.3], distressShift: -0.1, accessShift: 0.4,
      missing: Missingness(barrierCodes: 0.02, emptyCells: 0.01)),
    CountryProfile(
      code: "ES", defaultSize: 130, population: 301_270, femaleShare: 0.45,
      legalStatus: [0.08, 0.30, 0.37, 0.17, 0.08], origin: [0.15, 0.25, 0.05, 0.10, 0.40, 0.05],
      urbanSites: 5, ruralSites: 4, urbanSampleShare: 0.60, urbanPopulationShare: 0.70,
      fieldworkStart: (10, 1), fieldworkEnd: (12, 13), localLanguage: 8,
      barrierShift: [-0.9, 0.1, 0.4, 0.0, 0.2, 0.0, 0.5, -0.2, 0.6, 0.3], distressShift: 0.0, accessShift: 0.1,
      missing: Missingness(ageCodes: 0.01, barrierCodes: 0.04)),
  ]

  /// The sum of ``defaultSize`` over the countries: the default study size.
  static let defaultTotal = 1200

  /// Respondents per country for a study of `total` respondents: `total` shared in
  /// proportion to ``defaultSize`` by the largest-remainder method (ties go to the
  /// earlier country), in integer arithmetic.
  static func sizes(total: Int) -> [Int] {
    precondition(total >= 0 && total <= Int.max / defaultTotal, "study size out of range: \(total)")
    var sizes: [Int] = []
    var remainders: [Int] = []
    for country in all {
      let product = total * country.defaultSize
      sizes.append(product / defaultTotal)
      remainders.append(product % defaultTotal)
    }
    let leftOver = total - sizes.reduce(0, +)
    let order = remainders.indices.sorted {
      remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
    }
    for index in order.prefix(leftOver) { sizes[index] += 1 }
    return sizes
  }

  /// Day of the year 2019 (1-based) of a (month, day) pair.
  static func dayOfYear(month: Int, day: Int) -> Int {
    let daysBefore = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    return daysBefore[month - 1] + day
  }

  /// `YYYY-MM-DD` of a day of the year 2019 (not a leap year).
  static func date(dayOfYear: Int) -> String {
    let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var month = 0
    var day = dayOfYear
    while month < 11 && day > monthLengths[month] {
      day -= monthLengths[month]
      month += 1
    }
    return "2019-" + Format.padded(month + 1, width: 2) + "-" + Format.padded(day, width: 2)
  }
}

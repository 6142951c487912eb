/// The generative model of one country's respondents.
///
/// Each respondent is drawn independently given the country and their recruitment
/// site. The site carries a random effect on the logit of every barrier and of
/// receiving care (the clustering a design-based variance must account for) and a
/// selection factor in the design weight. Legal status drives most differences:
/// undocumented migrants and asylum seekers report more cost, documentation, fear
/// and administrative barriers and receive the care they need less often; the
/// language barrier falls with years in the country and vanishes for speakers of
/// the local language; distress (RHS-15) is higher for refugees and asylum seekers.
struct RespondentModel {
  /// A recruitment site (PSU).
  struct Site {
    /// Random effect on the logit scale (standard deviation 0.5).
    var effect: Double
    /// Relative selection weight of the site, 0.6 to 1.5.
    var weightFactor: Double
  }

  let country: CountryProfile
  let urbanSites: [Site]
  let ruralSites: [Site]
  /// Weight of a respondent with site factor 1 in each stratum, before noise.
  private let urbanBaseWeight: Double
  private let ruralBaseWeight: Double
  /// Origin weights by legal status, and language weights by origin.
  private let originWeights: [[Double]]
  private let languageWeights: [[Double]]
  private let firstDay: Int
  private let fieldworkDays: Int

  /// Draws the sites of `country` from `siteRandom` (a stream that does not depend
  /// on the number of respondents), for a sample of `size` respondents.
  init(country: CountryProfile, size: Int, siteRandom: inout Random) {
    self.country = country
    urbanSites = (0..<country.urbanSites).map { _ in
      Site(effect: 0.5 * siteRandom.normal(), weightFactor: 0.6 + 0.9 * siteRandom.uniform())
    }
    ruralSites = (0..<country.ruralSites).map { _ in
      Site(effect: 0.5 * siteRandom.normal(), weightFactor: 0.6 + 0.9 * siteRandom.uniform())
    }
    let n = Double(max(size, 1))
    let population = Double(country.population)
    urbanBaseWeight = population * country.urbanPopulationShare / (n * country.urbanSampleShare)
    ruralBaseWeight = population * (1 - country.urbanPopulationShare) / (n * (1 - country.urbanSampleShare))
    originWeights = Vocabulary.legalStatuses.indices.map { legal in
      zip(country.origin, RespondentModel.originBoost[legal]).map { $0 * $1 }
    }
    languageWeights = RespondentModel.languageByOrigin.map { row in
      row.indices.map { index in row[index] * (index == country.localLanguage ? 2 : 1) }
    }
    firstDay = CountryProfile.dayOfYear(month: country.fieldworkStart.month, day: country.fieldworkStart.day)
    fieldworkDays =
      CountryProfile.dayOfYear(month: country.fieldworkEnd.month, day: country.fieldworkEnd.day) - firstDay + 1
  }

  /// Draws one respondent. The order of the draws is part of the sample data's
  /// definition: changing it changes SampleData/.
  func draw(using random: inout Random) -> Respondent {
    typealias Legal = Vocabulary.Legal
    let urban = random.chance(country.urbanSampleShare)
    let sites = urban ? urbanSites : ruralSites
    let siteIndex = random.int(below: sites.count)
    let site = sites[siteIndex]
    let legal = random.pick(country.legalStatus)
    let female = random.chance(country.femaleShare + [0, -0.05, 0.03, 0.08, 0][legal])
    let origin = random.pick(originWeights[legal])
    let language = random.pick(languageWeights[origin])
    let education = random.pick(RespondentModel.educationByOrigin[origin])
    let tertiary = education == 3

    var age: Int
    if random.chance(0.04) {
      age = random.int(in: 55...85)
    } else {
      let mean = [32.0, 29, 33, 39, 37][legal]
      age = Int((mean + 10.5 * random.normal()).rounded())
    }
    age = min(max(age, 18), 85)
    let yearsRange = [10...80, 2...30, 3...100, 5...200, 3...150][legal]
    let years = min(random.int(in: yearsRange), max(age - 16, 1) * 10)
    let yearsValue = Double(years) / 10

    // Chronic conditions: logits by age (per decade from 35), sex and status.
    let decades = Double(age - 35) / 10
    let femaleValue = female ? 1.0 : 0.0
    let chronicLogits = [
      -3.3 + 0.55 * decades,
      -2.9 + 0.65 * decades,
      -3.1 + 0.2 * femaleValue,
      -4.3 + 0.7 * decades,
      -2.6 + [0.7, 1.0, 0.9, 0, 0.3][legal] + 0.4 * femaleValue,
      -2.2 + 0.35 * decades + (legal == Legal.labourMigrant ? 0.5 : 0),
    ]
    let chronic = chronicLogits.map { random.chance(PortableMath.logistic($0)) }
    let chronicCount = Double(chronic.filter { $0 }.count)

    // RHS-15: a latent distress score, items around it.
    let distress =
      country.distressShift + [0.5, 0.8, 0.7, -0.4, 0.1][legal] + 0.3 * femaleValue
      + (chronic[4] ? 0.6 : 0) + 0.3 * site.effect + 0.9 * random.normal()
    let traumaBoost = legal == Legal.refugee || legal == Legal.asylumSeeker ? 0.4 : 0
    let rhs = RespondentModel.rhsOffsets.enumerated().map { item, offset in
      let trauma = (9...11).contains(item) ? traumaBoost : 0
      let value = 1.1 + 0.9 * distress + offset + trauma + 0.75 * random.normal()
      return min(max(Int(value.rounded()), 0), 4)
    }
    let thermometer = min(max(Int((3.5 + 1.8 * distress + 1.2 * random.normal()).rounded()), 0), 10)

    let health =
      0.3 * decades + 0.55 * chronicCount + 0.35 * distress + [0, 0.1, 0.3, -0.2, 0][legal]
      + 0.8 * random.normal()
    let selfRatedHealth = 1 + [-0.8, 0.3, 1.3, 2.3].filter { health > $0 }.count

    let neededCare = random.chance(
      PortableMath.logistic(
        -0.3 + 0.6 * chronicCount + 0.45 * Double(selfRatedHealth - 2) + 0.35 * femaleValue + 0.15 * distress))

    // Barriers: base + country + legal status + item-specific terms + site effect.
    var logits = zip(RespondentModel.barrierBase, country.barrierShift).map { $0 + $1 }
    for item in logits.indices { logits[item] += RespondentModel.barrierByLegal[item][legal] + site.effect }
    let speaksLocal = language == country.localLanguage
    logits[0] += 0.5 - 0.22 * yearsValue - (speaksLocal ? 2.5 : 0) - (language == 3 ? 0.7 : 0) - (tertiary ? 0.4 : 0)
    logits[3] += -0.07 * yearsValue - (tertiary ? 0.3 : 0)
    logits[4] += origin == 1 ? 0.3 : 0
    logits[5] += urban ? 0 : 1.1
    logits[7] += 0.8 * femaleValue
    let barriers = logits.map { random.chance(PortableMath.logistic($0)) }
    let barrierCount = Double(barriers.filter { $0 }.count)

    var receivedCare = false
    var unmetNeed = false
    if neededCare {
      let access =
        1.5 + country.accessShift - 0.3 * barrierCount + [0.3, 0, -0.8, 0.4, 0][legal] - 0.5 * site.effect
      receivedCare = random.chance(PortableMath.logistic(access))
      // Care received can still fall short of the need (partly met).
      unmetNeed = receivedCare ? random.chance(0.12) : true
    }
    let usualSource = random.pick(RespondentModel.usualSourceByLegal[legal])
    let satisfactionScore =
      4.0 + 0.3 * country.accessShift - 0.2 * barrierCount - (unmetNeed ? 0.8 : 0) + 0.8 * random.normal()
    let satisfaction = min(max(Int(satisfactionScore.rounded()), 1), 5)

    let base = urban ? urbanBaseWeight : ruralBaseWeight
    let weight = base * site.weightFactor * PortableMath.exp(0.18 * random.normal())
    let dayOfYear = firstDay + random.int(below: fieldworkDays)
    let comment = random.chance(0.2) ? Comments.pick(language: language, country: country.code, using: &random) : ""

    return Respondent(
      urban: urban, site: siteIndex + 1, weight: min(max(Format.tenThousandths(weight), 1), 999_999_999),
      dayOfYear: dayOfYear, female: female, age: age, origin: origin, legalStatus: legal, language: language,
      education: education, usualSource: usualSource, yearsInCountry: years, selfRatedHealth: selfRatedHealth,
      chronic: chronic, rhs: rhs, thermometer: thermometer, neededCare: neededCare, receivedCare: receivedCare,
      unmetNeed: unmetNeed, barriers: barriers, satisfaction: satisfaction, comment: comment)
  }
}

extension RespondentModel {
  /// Multipliers of the origin weights by legal status (rows in legal-status order,
  /// columns in region order).
  static let originBoost: [[Double]] = [
    [1.5, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
    [1, 1.5, 1, 1, 1.5, 1],
    [1, 1, 1, 3, 2, 1],
    [1, 1, 1, 1, 1, 1],
  ]

  /// Main language by region of origin (columns in ``Vocabulary/languages`` order:
  /// ar fa fr en ti so ur uk es other).
  static let languageByOrigin: [[Double]] = [
    [0.78, 0.06, 0.04, 0.04, 0, 0, 0, 0, 0, 0.08],
    [0.04, 0, 0.34, 0.28, 0.12, 0.12, 0, 0, 0, 0.10],
    [0.02, 0.52, 0, 0.12, 0, 0, 0.28, 0, 0, 0.06],
    [0, 0, 0, 0.12, 0, 0, 0, 0.55, 0, 0.33],
    [0, 0, 0, 0.04, 0, 0, 0, 0, 0.92, 0.04],
    [0.05, 0.05, 0.05, 0.40, 0, 0, 0, 0, 0, 0.45],
  ]

  /// Education (none, primary, secondary, tertiary) by region of origin.
  static let educationByOrigin: [[Double]] = [
    [0.12, 0.28, 0.38, 0.22],
    [0.20, 0.35, 0.33, 0.12],
    [0.22, 0.33, 0.30, 0.15],
    [0.02, 0.12, 0.50, 0.36],
    [0.04, 0.20, 0.48, 0.28],
    [0.08, 0.25, 0.40, 0.27],
  ]

  /// Usual source of care (gp, hospital_er, ngo_clinic, none, other) by legal status.
  static let usualSourceByLegal: [[Double]] = [
    [0.55, 0.15, 0.10, 0.12, 0.08],
    [0.30, 0.20, 0.30, 0.12, 0.08],
    [0.08, 0.25, 0.40, 0.22, 0.05],
    [0.55, 0.15, 0.05, 0.20, 0.05],
    [0.45, 0.20, 0.10, 0.18, 0.07],
  ]

  /// Item offsets of RHS-15 items 1-14 around the latent distress score.
  static let rhsOffsets: [Double] = [0.3, 0.2, 0.5, 0.0, -0.4, -0.5, 0.0, 0.1, -0.2, -0.1, -0.2, -0.3, 0.0, -0.1]

  /// Base logits of the ten barriers (``Vocabulary/barriers`` order).
  static let barrierBase: [Double] = [0.2, -1.0, -1.3, -0.6, -1.5, -1.6, -0.4, -1.8, -2.0, -0.8]

  /// Logit shifts of each barrier (rows) by legal status (columns: refugee,
  /// asylum seeker, undocumented, labour migrant, other).
  static let barrierByLegal: [[Double]] = [
    [0, 0.2, 0.1, -0.3, 0],
    [-0.2, 0.5, 1.6, 0.1, 0.3],
    [-0.4, 0.9, 2.0, -0.3, 0.4],
    [0, 0.5, 0.6, -0.2, 0.1],
    [0.2, 0.3, 0.6, 0.1, 0.1],
    [0, 0.3, 0.2, -0.2, 0],
    [0, 0.1, 0.2, 0, 0],
    [0.1, 0.2, 0.1, -0.2, 0],
    [-0.5, 0.6, 2.3, -0.5, 0.2],
    [0, 0.9, 0.8, 0, 0.3],
  ]
}

internal import CSVCodec

/// One country's survey export, `survey_<CC>.csv`, streamed row by row: memory
/// stays constant whatever the number of respondents.
struct SurveyFile {
  /// The canonical columns, in file order.
  static let columns: [String] =
    [
      "respondent_id", "country", "stratum", "psu", "design_weight", "interview_date", "sex", "age",
      "region_of_origin", "legal_status", "years_in_country", "main_language", "education",
      "self_rated_health", "chronic_conditions",
    ] + (1...14).map { "rhs_\($0)" }
    + ["rhs_15", "needed_care", "received_care", "unmet_need", "usual_source"]
    + Vocabulary.barriers.map { "bar_\($0.value)" } + ["satisfaction", "comment"]

  /// The position of canonical column `name`.
  static func column(_ name: String) -> Int {
    guard let index = columns.firstIndex(of: name) else { preconditionFailure("no survey column '\(name)'") }
    return index
  }

  private static let sex = column("sex")
  private static let age = column("age")
  private static let legalStatus = column("legal_status")
  private static let firstRHS = column("rhs_1")
  private static let firstBarrier = column("bar_language")
  private static let comment = column("comment")
  /// Columns left empty at the country's ``CountryProfile/Missingness/emptyCells`` rate.
  private static let sometimesEmpty = [
    "education", "years_in_country", "self_rated_health", "usual_source", "satisfaction",
  ]
  .map(column)

  let country: CountryProfile
  let size: Int
  let dialect: SurveyDialect
  private var model: RespondentModel
  private var random: Random
  private let idWidth: Int

  /// The file of `country` (the `countryIndex`-th of ``CountryProfile/all``) with
  /// `size` respondents, drawn from the streams of `seed`.
  init(country: CountryProfile, countryIndex: Int, size: Int, seed: UInt64) {
    self.country = country
    self.size = size
    dialect = SurveyDialect.of(country: country.code)
    var siteRandom = Random(seed: seed, stream: 100 + UInt64(countryIndex))
    model = RespondentModel(country: country, size: size, siteRandom: &siteRandom)
    random = Random(seed: seed, stream: 1 + UInt64(countryIndex))
    idWidth = max(4, String(size).count)
  }

  var fileName: String { "survey_\(country.code).csv" }

  /// What a written file holds, for the README.
  struct Written {
    /// Physical lines, the header's included (quoted line breaks count).
    var lines: Int
    /// The bad rows with the physical line of each (line 1 is the header).
    var badRows: [(row: SampleStudy.BadRow, line: Int)]
  }

  /// Writes the file to `path`.
  mutating func write(to path: String) throws(SampleStudy.Failure) -> Written {
    let name = fileName
    let badRows = SampleStudy.badRows.filter { $0.file == name }
    // CSVWriter ends records with LF: a CRLF file is written beside the target
    // and converted (see LineEndings).
    let writerPath = dialect.crlf ? path + ".lf" : path
    let writer: CSVWriter
    do throws(CSVWriter.Failure) {
      writer = try CSVWriter(path: writerPath, delimiter: dialect.delimiter)
    } catch {
      throw SampleStudy.Failure(path: error.path, reason: error.reason)
    }
    for (index, column) in SurveyFile.columns.enumerated() {
      let header = dialect.header(of: column)
      writer.write(index == 0 && dialect.byteOrderMark ? "\u{FEFF}" + header : header)
    }
    writer.endRow()

    var line = 1
    var found: [(row: SampleStudy.BadRow, line: Int)] = []
    for row in 0..<size {
      let respondent = model.draw(using: &random)
      var fields = format(respondent, number: row + 1)
      applyMissingAnswers(to: &fields)
      localise(&fields)
      line += 1
      if let bad = badRows.first(where: { $0.dataRow == row + 1 }) {
        fields[SurveyFile.comment] = ""
        if let text = bad.text {
          fields[SurveyFile.column(bad.variable)] = text
        } else {
          fields.removeLast()
        }
        found.append((bad, line))
      }
      for field in fields {
        writer.write(field)
        line += field.utf8.count(where: { $0 == UInt8(ascii: "\n") })
      }
      writer.endRow()
    }
    do throws(CSVWriter.Failure) {
      try writer.finish()
    } catch {
      throw SampleStudy.Failure(path: error.path, reason: error.reason)
    }
    if dialect.crlf {
      try LineEndings.convertToCRLF(from: writerPath, to: path)
    }
    return Written(lines: line, badRows: found)
  }

  /// The canonical text of every column of `respondent`, the `number`-th of the file.
  private func format(_ respondent: Respondent, number: Int) -> [String] {
    let code = country.code
    let stratum = respondent.urban ? "urban" : "rural"
    let psu = (respondent.urban ? "U" : "R") + Format.padded(respondent.site, width: 2)
    let chronic = zip(Vocabulary.chronicConditions, respondent.chronic).filter { $0.1 }.map { $0.0.value }
    var fields: [String] = [
      code + "-" + Format.padded(number, width: idWidth),
      code,
      code + "-" + stratum,
      code + "-" + psu,
      Format.fourDecimals(respondent.weight, decimalComma: dialect.decimalComma),
      CountryProfile.date(dayOfYear: respondent.dayOfYear),
      Vocabulary.sexes[respondent.female ? 0 : 1].value,
      String(respondent.age),
      Vocabulary.regions[respondent.origin].value,
      Vocabulary.legalStatuses[respondent.legalStatus].value,
      Format.oneDecimal(respondent.yearsInCountry, decimalComma: dialect.decimalComma),
      Vocabulary.languages[respondent.language].value,
      Vocabulary.education[respondent.education].value,
      String(respondent.selfRatedHealth),
      chronic.joined(separator: " "),
    ]
    fields.reserveCapacity(SurveyFile.columns.count)
    fields += respondent.rhs.map(String.init)
    fields.append(String(respondent.thermometer))
    fields.append(respondent.neededCare ? "1" : "0")
    fields.append(respondent.neededCare ? (respondent.receivedCare ? "1" : "0") : "97")
    fields.append(respondent.unmetNeed ? "1" : "0")
    fields.append(Vocabulary.usualSources[respondent.usualSource].value)
    fields += respondent.barriers.map { $0 ? "1" : "0" }
    fields.append(String(respondent.satisfaction))
    fields.append(respondent.comment)
    precondition(fields.count == SurveyFile.columns.count, "survey row has \(fields.count) fields")
    return fields
  }

  /// Codes some answers 98 (don't know) or 99 (refused) and leaves some cells
  /// empty, at the country's rates; draws nothing for a rate of zero.
  private mutating func applyMissingAnswers(to fields: inout [String]) {
    let missing = country.missing
    if missing.ageCodes > 0, random.chance(missing.ageCodes) {
      fields[SurveyFile.age] = random.chance(0.7) ? "99" : "98"
    }
    if missing.rhsCodes > 0 {
      let rhs = SurveyFile.firstRHS..<(SurveyFile.firstRHS + 15)
      if random.chance(missing.rhsCodes) {
        for index in rhs { fields[index] = "99" }
      } else {
        for index in rhs where random.chance(missing.rhsCodes / 2) { fields[index] = "98" }
      }
    }
    if missing.barrierCodes > 0 {
      for index in SurveyFile.firstBarrier..<(SurveyFile.firstBarrier + 10) where random.chance(missing.barrierCodes) {
        fields[index] = random.chance(0.6) ? "98" : "99"
      }
    }
    if missing.emptyCells > 0 {
      for index in SurveyFile.sometimesEmpty where random.chance(missing.emptyCells) {
        fields[index] = ""
      }
    }
  }

  /// Replaces canonical codes by the dialect's local labels.
  private func localise(_ fields: inout [String]) {
    if let labels = dialect.sexLabels,
      let index = Vocabulary.sexes.firstIndex(where: { $0.value == fields[SurveyFile.sex] })
    {
      fields[SurveyFile.sex] = labels[index]
    }
    if let labels = dialect.legalStatusLabels,
      let index = Vocabulary.legalStatuses.firstIndex(where: { $0.value == fields[SurveyFile.legalStatus] })
    {
      fields[SurveyFile.legalStatus] = labels[index]
    }
  }
}

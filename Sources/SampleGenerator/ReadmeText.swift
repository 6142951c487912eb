/// `README.md` of the generated directory: the files, their columns and quirks, the
/// missing answers, every deliberately bad row with its line, and the command that
/// regenerates it all. Written from what was generated, so it never goes stale.
struct ReadmeText {
  /// What one survey file holds.
  struct SurveySummary {
    var country: String
    var respondents: Int
    var lines: Int
    var badRows: [(row: SampleStudy.BadRow, line: Int)]
  }

  var study: SampleStudy
  var surveys: [SurveySummary]
  var coding: CodingExport.Summary

  func text() -> String {
    var out: [String] = []
    let command =
      "swift run mighealth generate --respondents \(study.respondents) --seed \(study.seed) --out SampleData"
    let badCount = surveys.reduce(0) { $0 + $1.badRows.count }
    out += [
      "# SampleData: a synthetic mig-HealthCare-style study",
      "",
      "Invented data for trying and testing mighealth, shaped like the surveys and focus groups of the",
      "EU mig-HealthCare project (ten countries, 2019). No row describes a real person. Everything here",
      "is written by `mighealth generate` (module SampleGenerator) from \(study.respondents) respondents and seed",
      "\(study.seed); the same command gives the same bytes on every platform:",
      "",
      "```",
      command,
      "```",
      "",
      "## Files",
      "",
      "| file | records | what |",
      "| --- | ---: | --- |",
    ]
    for survey in surveys {
      out.append(
        "| survey_\(survey.country).csv | \(survey.respondents) | \(ReadmeText.describe(country: survey.country)) |")
    }
    out += [
      "| coding_export.csv | \(coding.rows) | coded segments of \(coding.documents) focus groups and interviews |",
      "| margins.csv | \(Margins.rows().count) | population totals by country for sex, age group and legal status |",
      "| codebook.yaml | | the codebook of the survey files |",
      "| README.md | | this file |",
      "",
      "## Survey files",
      "",
      "One record per respondent, \(SurveyFile.columns.count) columns, in this order (canonical names; local",
      "names below). Categorical cells hold the canonical codes unless a file's quirks say otherwise.",
      "",
      "| column | meaning and coding |",
      "| --- | --- |",
    ]
    out += ReadmeText.columnRows
    out += ["", "Records per country (a record with a quoted line break spans two lines):", ""]
    out += ["| file | records | lines | strata and sites (PSUs) |", "| --- | ---: | ---: | --- |"]
    for (survey, country) in zip(surveys, CountryProfile.all) {
      out.append(
        "| survey_\(survey.country).csv | \(survey.respondents) | \(survey.lines) | "
          + "\(survey.country)-urban (\(country.urbanSites) sites), \(survey.country)-rural (\(country.ruralSites) sites) |"
      )
    }
    out += ReadmeText.quirks
    out += missingSection()
    out += [
      "",
      "### Deliberately bad rows",
      "",
      "\(badCount) records that the ingest stage must reject, at fixed record numbers (at most 12, so every",
      "study of at least \(SampleStudy.minimumRespondents) respondents has them). Each replaces one respondent and has an",
      "empty comment, so it is one line; lines count from the header (line 1). After rejecting them,",
      "\(study.respondents - badCount) of the \(study.respondents) respondents remain.",
      "",
      "| file | line | record | respondent | column | text | why it must be rejected |",
      "| --- | ---: | ---: | --- | --- | --- | --- |",
    ]
    for survey in surveys {
      let dialect = SurveyDialect.of(country: survey.country)
      let width = max(4, String(survey.respondents).count)
      for (row, line) in survey.badRows {
        let id = survey.country + "-" + Format.padded(row.dataRow, width: width)
        let text = row.text.map { $0.isEmpty ? "(empty)" : "`\($0)`" } ?? "(field missing)"
        out.append(
          "| \(row.file) | \(line) | \(row.dataRow) | \(id) | \(dialect.header(of: row.variable)) | \(text) | \(row.reason) |"
        )
      }
    }
    out += codingSection()
    out += ReadmeText.marginsAndCodebook
    out += ReadmeText.model
    return out.joined(separator: "\n") + "\n"
  }

  private static func describe(country: String) -> String {
    let name = Vocabulary.countries.first { $0.value == country }?.label ?? country
    switch country {
    case "DE": return "survey export of \(name): `;`, decimal comma, German names and labels"
    case "FR": return "survey export of \(name): French labels, header `sexe`"
    case "GR": return "survey export of \(name): UTF-8 byte-order mark, CRLF line ends"
    default: return "survey export of \(name)"
    }
  }

  private func missingSection() -> [String] {
    var out = [
      "",
      "### Missing answers",
      "",
      "Codes 97 (not applicable), 98 (don't know) and 99 (refused) as in the codebook: `received_care` is 97",
      "when `needed_care` is 0. Rates by country (blank: none):",
      "",
      "| country | age 98/99 | RHS-15 refused (all 99) / item 98 | barrier item 98/99 | empty cell |",
      "| --- | ---: | ---: | ---: | ---: |",
    ]
    for country in CountryProfile.all {
      let missing = country.missing
      let rhs =
        missing.rhsCodes > 0
        ? "\(ReadmeText.percent(missing.rhsCodes)) / \(ReadmeText.percent(missing.rhsCodes / 2))" : ""
      out.append(
        "| \(country.code) | \(ReadmeText.percent(missing.ageCodes)) | \(rhs) | \(ReadmeText.percent(missing.barrierCodes)) | "
          + "\(ReadmeText.percent(missing.emptyCells)) |")
    }
    out += [
      "",
      "Empty cells fall in education, years_in_country, self_rated_health, usual_source and satisfaction.",
      "An empty `chronic_conditions` means no chronic condition, not a missing answer.",
    ]
    return out
  }

  private func codingSection() -> [String] {
    let percent =
      coding.doubleCoded > 0 ? "\((coding.agreed * 200 + coding.doubleCoded) / (2 * coding.doubleCoded))%" : "-"
    return [
      "",
      "## coding_export.csv",
      "",
      "One row per (segment, coder, code), as a QDA program exports it: \(coding.documents) documents,",
      "\(coding.segments) segments, \(coding.rows) rows. Columns: `document_id` (`FGD-GR-01`, `INT-DE-02`), `country`,",
      "`session_type` (FGD or interview), `participant_type` (migrant, healthcare_provider, ngo_representative,",
      "volunteer, policy_maker), `coder` (coder_A, coder_B), `code`, `segment_id` (`FGD-GR-01-S07`) and",
      "`segment_text` (a quotation, with commas and quotes). Per country: FGD-01 with migrants, FGD-02 with",
      "professionals, INT-01 with a policy maker, INT-02 with a provider or NGO representative (Malta has",
      "no INT-02): 20 FGDs and 19 interviews of 8-20 segments. A segment carries 1-3 codes (several rows",
      "with one `segment_id`). coder_A codes every segment; \(coding.doubleCoded) segments are coded by coder_B",
      "as well, who keeps each of coder_A's codes with probability 0.93 and sometimes adds one: the coders",
      "agree on all codes of \(coding.agreed) of these segments (\(percent)). Codes:",
      CodingFramework.codes.map { "`\($0.name)`" }.joined(separator: ", ") + ".",
      "The export depends on the seed, not on the number of respondents.",
    ]
  }

  private static func percent(_ rate: Double) -> String {
    let permille = Int((rate * 1000).rounded())
    if permille == 0 { return "" }
    return permille % 10 == 0 ? "\(permille / 10)%" : "\(permille / 10).\(permille % 10)%"
  }
}

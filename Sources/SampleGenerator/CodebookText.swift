/// `codebook.yaml`: the declaration of every column of the survey files, in the
/// format that `Codebook.load(path:)` reads (see the project README).
///
/// Written from the same ``Vocabulary`` tables as the data, so every code in the
/// data has its level here.
enum CodebookText {
  static func text() -> String {
    var out = YAMLLines()
    out.line("# Codebook of the synthetic mig-HealthCare-style sample study (SampleData/).")
    out.line("# Written by `mighealth generate`; README.md describes the files.")
    out.line("study: mig-healthcare")
    out.line("languages: [en, fr, de, el, es, ar]")
    out.line("missing_codes: {\"97\": not_applicable, \"98\": dont_know, \"99\": refused}")
    out.line("sources:")
    out.line("  - file: survey_DE.csv")
    out.line("    delimiter: \";\"")
    out.line("    decimal: \",\"")
    out.line("    language: de")
    out.line("  - file: survey_FR.csv")
    out.line("    language: fr")
    out.line("variables:")

    out.variable("respondent_id", type: "id", label: "Respondent identifier", required: true)
    out.variable("country", type: "categorical", label: "Country of residence", required: true)
    out.translatedLevels(Vocabulary.countries)
    out.variable("stratum", type: "categorical", label: "Sampling stratum (country and urban or rural)", required: true)
    out.variable("psu", type: "categorical", label: "Recruitment site (primary sampling unit)", required: true)
    out.variable("design_weight", type: "numeric", label: "Design weight", required: true)
    out.line("    storage: float64")
    out.line("    range: [0.0001, 100000]")
    out.variable("interview_date", type: "date", label: "Date of interview")
    out.line("    format: YYYY-MM-DD")
    out.variable("sex", type: "categorical", label: "Sex", aliases: ["geschlecht", "sexe"], required: true)
    out.translatedLevels(Vocabulary.sexes)
    out.variable("age", type: "numeric", label: "Age in years", aliases: ["alter"])
    out.line("    storage: int16")
    out.line("    range: [18, 100]")
    out.variable("region_of_origin", type: "categorical", label: "Region of origin")
    out.labelledLevels(Vocabulary.regions)
    out.variable("legal_status", type: "categorical", label: "Legal status", aliases: ["aufenthaltsstatus"])
    out.translatedLevels(Vocabulary.legalStatuses)
    out.variable("years_in_country", type: "numeric", label: "Years in the country", aliases: ["jahre_im_land"])
    out.line("    range: [0, 80]")
    out.variable("main_language", type: "categorical", label: "Main language")
    out.labelledLevels(Vocabulary.languages)
    out.variable("education", type: "ordinal", label: "Highest education completed")
    out.labelledLevels(Vocabulary.education)
    out.variable("self_rated_health", type: "ordinal", label: "Self-rated health (1 = very good)")
    out.labelledLevels(Vocabulary.selfRatedHealth)
    out.variable("chronic_conditions", type: "multi-select", label: "Chronic conditions")
    out.line("    separator: \" \"")
    out.line("    levels: [" + Vocabulary.chronicConditions.map(\.value).joined(separator: ", ") + "]")
    for (index, item) in Vocabulary.rhsItems.enumerated() {
      out.variable("rhs_\(index + 1)", type: "ordinal", label: "RHS-15 item \(index + 1): \(item)")
      out.labelledLevels(Vocabulary.rhsScale)
    }
    out.variable("rhs_15", type: "numeric", label: "RHS-15 item 15: distress thermometer (0-10)")
    out.line("    storage: int8")
    out.line("    range: [0, 10]")
    out.variable("needed_care", type: "binary", label: "Needed health care in the last 12 months")
    out.variable("received_care", type: "binary", label: "Received the care needed (97 if none needed)")
    out.variable("unmet_need", type: "binary", label: "Unmet health-care need")
    out.variable("usual_source", type: "categorical", label: "Usual source of care")
    out.labelledLevels(Vocabulary.usualSources)
    for barrier in Vocabulary.barriers {
      out.variable("bar_\(barrier.value)", type: "binary", label: "Barrier to care: \(barrier.label)")
    }
    out.variable("satisfaction", type: "ordinal", label: "Satisfaction with the care received")
    out.labelledLevels(Vocabulary.satisfaction)
    out.variable("comment", type: "text", label: "Comment")
    return out.text
  }
}

/// The lines of a YAML document under construction.
private struct YAMLLines {
  var text = ""

  mutating func line(_ line: String) {
    text += line + "\n"
  }

  mutating func variable(
    _ name: String, type: String, label: String, aliases: [String] = [], required: Bool = false
  ) {
    line("  - name: \(name)")
    line("    type: \(type)")
    line("    label: \(YAMLLines.scalar(label))")
    if !aliases.isEmpty { line("    aliases: [" + aliases.map(YAMLLines.scalar).joined(separator: ", ") + "]") }
    if required { line("    required: true") }
  }

  /// Levels with an English label, one flow mapping per line.
  mutating func labelledLevels(_ levels: [Vocabulary.Level]) {
    line("    levels:")
    for level in levels {
      line("      - {value: \(YAMLLines.scalar(level.value)), label: \(YAMLLines.scalar(level.label))}")
    }
  }

  /// Levels with an English label and labels in the other languages.
  mutating func translatedLevels(_ levels: [Vocabulary.Level]) {
    line("    levels:")
    for level in levels {
      line("      - value: \(YAMLLines.scalar(level.value))")
      line("        label: \(YAMLLines.scalar(level.label))")
      let labels = zip(Vocabulary.translationLanguages, level.translations).map { "\($0): \(YAMLLines.scalar($1))" }
      line("        labels: {" + labels.joined(separator: ", ") + "}")
    }
  }

  /// `value` as a YAML scalar that reads back as the same string in block and flow
  /// context: plain when it starts with a letter, holds no indicator character and
  /// is not a YAML 1.1 boolean or null; double-quoted otherwise.
  static func scalar(_ value: String) -> String {
    let reserved: Set<String> = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"]
    let indicators = Set(":,#[]{}\"&*!|>%@`\\\n\t".unicodeScalars)
    let plain =
      value.unicodeScalars.first?.properties.isAlphabetic == true
      && value.unicodeScalars.last != " "
      && !value.unicodeScalars.contains(where: indicators.contains)
      && !reserved.contains(value.lowercased())
    if plain { return value }
    var quoted = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": quoted += "\\\""
      case "\\": quoted += "\\\\"
      case "\n": quoted += "\\n"
      case "\t": quoted += "\\t"
      default: quoted.unicodeScalars.append(scalar)
      }
    }
    return quoted + "\""
  }
}

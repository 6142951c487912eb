/// The fixed sections of the generated README.
extension ReadmeText {
  private static func codes(_ levels: [Vocabulary.Level]) -> String {
    levels.map(\.value).joined(separator: ", ")
  }

  static let columnRows: [String] = [
    "| `respondent_id` | text id `<CC>-0001` (more digits in studies of 10,000 or more per country) |",
    "| `country` | ISO 3166-1 alpha-2: \(codes(Vocabulary.countries)) |",
    "| `stratum` | `<CC>-urban` or `<CC>-rural` |",
    "| `psu` | recruitment site: `<CC>-U01`, ... (urban), `<CC>-R01`, ... (rural); 3-6 per stratum |",
    "| `design_weight` | inverse selection probability, positive and unequal, 4 decimals; sums to about the country's population |",
    "| `interview_date` | `YYYY-MM-DD`, within the country's 2019 fieldwork window |",
    "| `sex` | \(codes(Vocabulary.sexes)) |",
    "| `age` | whole years, 18-85 |",
    "| `region_of_origin` | \(codes(Vocabulary.regions)) |",
    "| `legal_status` | \(codes(Vocabulary.legalStatuses)) |",
    "| `years_in_country` | years since arrival, one decimal |",
    "| `main_language` | \(codes(Vocabulary.languages)) |",
    "| `education` | \(codes(Vocabulary.education)) (ordered) |",
    "| `self_rated_health` | 1 (very good) to 5 (very bad) |",
    "| `chronic_conditions` | space-separated subset of \(codes(Vocabulary.chronicConditions)); empty when none |",
    "| `rhs_1` ... `rhs_14` | Refugee Health Screener (RHS-15) symptom items, 0 (not at all) to 4 (extremely) |",
    "| `rhs_15` | RHS-15 distress thermometer, 0-10 |",
    "| `needed_care` | 0/1: needed health care in the last 12 months |",
    "| `received_care` | 0/1: received the care needed; 97 (not applicable) when `needed_care` is 0 |",
    "| `unmet_need` | 0/1: care needed but not received, or received but not enough |",
    "| `usual_source` | \(codes(Vocabulary.usualSources)) |",
    "| `bar_language` ... `bar_administrative` | 0/1, one column per barrier: "
      + Vocabulary.barriers.map { "`bar_\($0.value)`" }.joined(separator: ", ") + " |",
    "| `satisfaction` | 1 (very dissatisfied) to 5 (very satisfied) |",
    "| `comment` | free text, about 20% non-empty |",
  ]

  static let quirks: [String] = [
    "",
    "### Local quirks",
    "",
    "- `survey_DE.csv`: delimiter `;` and decimal comma in `design_weight` and `years_in_country`",
    "  (`3200,1234`, `3,5`); German column names `geschlecht` (sex), `alter` (age), `aufenthaltsstatus`",
    "  (legal_status) and `jahre_im_land` (years_in_country); sex as weiblich/männlich and legal status as",
    "  " + Vocabulary.legalStatuses.map { $0.translations[0] }.joined(separator: ", ") + ".",
    "- `survey_FR.csv`: column `sexe`; sex as femme/homme and legal status as",
    "  " + Vocabulary.legalStatuses.map { $0.translations[1] }.joined(separator: ", ") + ".",
    "- `survey_GR.csv`: starts with a UTF-8 byte-order mark (EF BB BF) and ends records with CRLF; a line",
    "  break inside a quoted comment stays LF, as spreadsheet programs write it.",
    "- The other seven files: `,`, decimal point, canonical names and codes, LF line ends, no BOM.",
    "- Comments are written in several languages and scripts (Latin, Greek, Arabic, Persian, Urdu,",
    "  Ge'ez, Cyrillic) and hold commas, semicolons and quotes (doubled inside quoted fields); some",
    "  hold a line break inside quotes, so physical lines and records differ.",
    "",
    "codebook.yaml declares the delimiter and decimal comma of `survey_DE.csv`, the local column names",
    "as aliases and the local labels as level labels, so none of this needs code.",
  ]

  static let marginsAndCodebook: [String] = [
    "",
    "## margins.csv",
    "",
    "Columns `country,variable,level,total`: population totals per country for `sex` (F, M), `age_group`",
    "(" + Margins.ageGroups.joined(separator: ", ") + ") and `legal_status` (the five levels), invented but",
    "shaped like published statistics and rounded to tens. Within a country the three variables add up",
    "to the same total. The population is older, more often female and more often in work than the",
    "sample, which was recruited through NGOs and reception centres, so raking has work to do. The",
    "margins are fixed: the same for every seed and size.",
    "",
    "## codebook.yaml",
    "",
    "Declares every survey column: its type (id, categorical, ordinal, binary, numeric, multi-select,",
    "text, date), label, local column names (`aliases`), levels with labels in de, fr, el, es and ar,",
    "valid ranges (age 18-100, design_weight 0.0001-100000, rhs_15 0-10), numeric storage, and the",
    "missing codes 97/98/99. `sources` gives the delimiter and decimal comma of `survey_DE.csv` and the",
    "language of the German and French files. `psu` and `stratum` are open categoricals (no levels).",
  ]

  static let model: [String] = [
    "",
    "## How the data were generated (what analyses should find)",
    "",
    "- Each country is drawn from its own random stream (xoshiro256** seeded through SplitMix64 from the",
    "  seed and the country), so the size of one country does not change another's rows; the first",
    "  records of a file are the same for every study size (only the weights scale).",
    "- Each site (PSU) has a random effect, standard deviation 0.5 on the logit scale, shared by the",
    "  barriers and by receiving care, and a selection factor of 0.6-1.5 in the weight: expect design",
    "  effects above 1.",
    "- Undocumented migrants and asylum seekers report far more cost, documentation, fear-of-authorities",
    "  and administrative barriers and receive the care they need less often; refugees and asylum",
    "  seekers score higher on RHS-15 distress.",
    "- The language barrier falls with years in the country and almost vanishes for French speakers in",
    "  France and Spanish speakers in Spain. Women report the cultural/gender barrier and distress more",
    "  often; chronic conditions rise with age; the distance barrier is more common in rural strata.",
    "- Countries differ: waiting times in GR and IT, cost in BG and CY, little cost barrier in SE, DE and",
    "  AT, poorer access in BG and CY, better in SE, DE and AT.",
    "- Design weight = population share of the stratum / sample share of the stratum x population /",
    "  country sample size x site factor x an individual factor (lognormal, sd 0.18).",
  ]
}

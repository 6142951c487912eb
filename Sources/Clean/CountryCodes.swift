/// Country names and codes to ISO 3166-1 alpha-2, for harmonising a `country` column.
///
/// Covers the ten mig-HealthCare countries (Greece, Italy, Germany, Bulgaria, France,
/// Cyprus, Malta, Sweden, Austria, Spain) and a few neighbours: alpha-2 and alpha-3
/// codes, English, French and German names, local names and common spellings.
/// Matching ignores case, surrounding and repeated whitespace, and dots (`U.K.`).
enum CountryCodes {
  /// The alpha-2 code for `text`, or `nil` when the text names no known country.
  static func alpha2(for text: String) -> String? {
    table[key(text)]
  }

  /// The lookup form: lower case, dots removed, whitespace trimmed and collapsed.
  static func key(_ text: String) -> String {
    text.lowercased().filter { $0 != "." }.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// Each code with its other names (alpha-3, English, French, German, local).
  static let names: [String: [String]] = [
    "GR": ["grc", "greece", "grèce", "grece", "griechenland", "ελλάδα", "ελλαδα", "hellas", "ellada", "el"],
    "IT": ["ita", "italy", "italie", "italien", "italia"],
    "DE": ["deu", "ger", "germany", "allemagne", "deutschland", "federal republic of germany"],
    "BG": ["bgr", "bulgaria", "bulgarie", "bulgarien", "българия"],
    "FR": ["fra", "france", "frankreich"],
    "CY": ["cyp", "cyprus", "chypre", "zypern", "κύπρος", "κυπρος", "kıbrıs"],
    "MT": ["mlt", "malta", "malte"],
    "SE": ["swe", "sweden", "suède", "suede", "schweden", "sverige"],
    "AT": ["aut", "austria", "autriche", "österreich", "oesterreich", "osterreich"],
    "ES": ["esp", "spain", "espagne", "spanien", "españa", "espana"],
    "PT": ["prt", "portugal"],
    "NL": ["nld", "netherlands", "the netherlands", "holland", "pays-bas", "niederlande", "nederland"],
    "BE": ["bel", "belgium", "belgique", "belgien", "belgië"],
    "CH": ["che", "switzerland", "suisse", "schweiz", "svizzera"],
    "PL": ["pol", "poland", "pologne", "polen", "polska"],
    "GB": ["gbr", "uk", "united kingdom", "great britain", "royaume-uni", "vereinigtes königreich"],
    "IE": ["irl", "ireland", "irlande", "irland"],
    "DK": ["dnk", "denmark", "danemark", "dänemark", "danmark"],
    "FI": ["fin", "finland", "finlande", "finnland", "suomi"],
    "NO": ["nor", "norway", "norvège", "norwegen", "norge"],
  ]

  /// Every name and code, in lookup form, to its alpha-2 code.
  static let table: [String: String] = {
    var table: [String: String] = [:]
    for (code, others) in names {
      table[key(code)] = code
      for name in others { table[key(name)] = code }
    }
    return table
  }()
}

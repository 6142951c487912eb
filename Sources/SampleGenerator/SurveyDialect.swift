/// How one country's team exported its survey: delimiter, decimal mark, byte-order
/// mark and line ends, local column names and local category labels.
struct SurveyDialect {
  var delimiter = UInt8(ascii: ",")
  var decimalComma = false
  /// The file starts with the UTF-8 byte-order mark EF BB BF.
  var byteOrderMark = false
  /// Records end with CR LF instead of LF.
  var crlf = false
  /// Local header names, by canonical column name.
  var headerAliases: [(column: String, header: String)] = []
  /// Local labels of sex (F, M) and legal status (``Vocabulary/legalStatuses`` order),
  /// or `nil` for the canonical codes.
  var sexLabels: [String]?
  var legalStatusLabels: [String]?

  /// The header of canonical column `column` in this dialect.
  func header(of column: String) -> String {
    headerAliases.first { $0.column == column }?.header ?? column
  }

  /// The export format of `country`'s file.
  static func of(country: String) -> SurveyDialect {
    let german = 0
    let french = 1
    switch country {
    case "DE":
      return SurveyDialect(
        delimiter: UInt8(ascii: ";"), decimalComma: true,
        headerAliases: [
          ("sex", "geschlecht"), ("age", "alter"), ("legal_status", "aufenthaltsstatus"),
          ("years_in_country", "jahre_im_land"),
        ],
        sexLabels: Vocabulary.sexes.map { $0.translations[german] },
        legalStatusLabels: Vocabulary.legalStatuses.map { $0.translations[german] })
    case "FR":
      return SurveyDialect(
        headerAliases: [("sex", "sexe")],
        sexLabels: Vocabulary.sexes.map { $0.translations[french] },
        legalStatusLabels: Vocabulary.legalStatuses.map { $0.translations[french] })
    case "GR":
      return SurveyDialect(byteOrderMark: true, crlf: true)
    default:
      return SurveyDialect()
    }
  }
}

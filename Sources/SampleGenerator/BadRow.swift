extension SampleStudy {
  /// A deliberately malformed row of a survey file, which the ingest stage must
  /// reject with a diagnostic while it goes on with the other rows.
  ///
  /// Bad rows sit at fixed data-row numbers no larger than 12 in the four largest
  /// files, so that every study of at least ``SampleStudy/minimumRespondents``
  /// respondents has them all. Each replaces one respondent: the file still has
  /// one record per respondent, and its comment is left empty so that the record
  /// is one physical line.
  public struct BadRow: Sendable, Hashable {
    /// The file name, such as `survey_DE.csv`.
    public var file: String
    /// The 1-based record number after the header (the respondent `<CC>-` this number).
    public var dataRow: Int
    /// The codebook variable whose cell is broken (`age` for the German `alter`).
    public var variable: String
    /// The text written in that cell; `nil` when the cell is missing altogether
    /// (the record has one field too few).
    public var text: String?
    /// Why the ingest stage must reject the row.
    public var reason: String
  }

  /// The bad rows of every study, in file order and then row order.
  public static let badRows: [BadRow] = [
    BadRow(
      file: "survey_GR.csv", dataRow: 8, variable: "design_weight", text: "-12.5000",
      reason: "design weight -12.5000 is outside the codebook range [0.0001, 100000]"),
    BadRow(
      file: "survey_IT.csv", dataRow: 10, variable: "interview_date", text: "2019-02-30",
      reason: "'2019-02-30' is not a date: February 2019 has 28 days"),
    BadRow(
      file: "survey_DE.csv", dataRow: 3, variable: "age", text: "1O5",
      reason: "cannot read '1O5' as a number (letter O for zero)"),
    BadRow(
      file: "survey_DE.csv", dataRow: 6, variable: "comment", text: nil,
      reason: "the record has 45 fields where the header has 46 (the comment field is missing)"),
    BadRow(
      file: "survey_DE.csv", dataRow: 9, variable: "sex", text: "x",
      reason: "'x' is not a level of sex (nor a label or alias of one)"),
    BadRow(
      file: "survey_DE.csv", dataRow: 12, variable: "design_weight", text: "abc",
      reason: "cannot read 'abc' as a number"),
    BadRow(
      file: "survey_FR.csv", dataRow: 5, variable: "age", text: "150",
      reason: "age 150 is outside the codebook range [18, 100]"),
    BadRow(
      file: "survey_FR.csv", dataRow: 11, variable: "rhs_3", text: "7",
      reason: "'7' is not a level of rhs_3 (0-4) nor a missing code"),
    BadRow(
      file: "survey_ES.csv", dataRow: 7, variable: "sex", text: "",
      reason: "sex is required but the cell is empty"),
  ]
}

/// One respondent as the model draws them, in canonical codes, before missing
/// answers, local labels and formatting are applied (see ``SurveyFile``).
struct Respondent {
  var urban: Bool
  /// 1-based site number within the stratum.
  var site: Int
  /// Design weight in ten-thousandths.
  var weight: Int64
  var dayOfYear: Int
  var female: Bool
  var age: Int
  /// Indices into the ``Vocabulary`` tables.
  var origin: Int
  var legalStatus: Int
  var language: Int
  var education: Int
  var usualSource: Int
  /// Years in the country, in tenths.
  var yearsInCountry: Int
  /// 1 (very good) to 5 (very bad).
  var selfRatedHealth: Int
  var chronic: [Bool]
  /// RHS-15 items 1-14, each 0-4.
  var rhs: [Int]
  /// RHS-15 item 15, the distress thermometer, 0-10.
  var thermometer: Int
  var neededCare: Bool
  var receivedCare: Bool
  var unmetNeed: Bool
  var barriers: [Bool]
  var satisfaction: Int
  var comment: String
}

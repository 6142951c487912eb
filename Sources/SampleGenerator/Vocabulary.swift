/// The categories of the sample study: canonical codes as written in the data, in
/// codebook order, with the English label and, where the codebook carries them,
/// the labels in the study's other languages (de, fr, el, es, ar).
///
/// The survey rows and the codebook text are both written from these tables, so a
/// code in the data always has a level in the codebook.
enum Vocabulary {
  /// One level: its code, English label and translated labels in
  /// ``Vocabulary/translationLanguages`` order (empty when not translated).
  struct Level {
    var value: String
    var label: String
    var translations: [String] = []
  }

  /// The languages of ``Level/translations``, in order.
  static let translationLanguages = ["de", "fr", "el", "es", "ar"]

  static let countries: [Level] = [
    Level(value: "GR", label: "Greece", translations: ["Griechenland", "Grèce", "Ελλάδα", "Grecia", "اليونان"]),
    Level(value: "IT", label: "Italy", translations: ["Italien", "Italie", "Ιταλία", "Italia", "إيطاليا"]),
    Level(
      value: "DE", label: "Germany", translations: ["Deutschland", "Allemagne", "Γερμανία", "Alemania", "ألمانيا"]),
    Level(value: "BG", label: "Bulgaria", translations: ["Bulgarien", "Bulgarie", "Βουλγαρία", "Bulgaria", "بلغاريا"]),
    Level(value: "FR", label: "France", translations: ["Frankreich", "France", "Γαλλία", "Francia", "فرنسا"]),
    Level(value: "CY", label: "Cyprus", translations: ["Zypern", "Chypre", "Κύπρος", "Chipre", "قبرص"]),
    Level(value: "MT", label: "Malta", translations: ["Malta", "Malte", "Μάλτα", "Malta", "مالطا"]),
    Level(value: "SE", label: "Sweden", translations: ["Schweden", "Suède", "Σουηδία", "Suecia", "السويد"]),
    Level(value: "AT", label: "Austria", translations: ["Österreich", "Autriche", "Αυστρία", "Austria", "النمسا"]),
    Level(value: "ES", label: "Spain", translations: ["Spanien", "Espagne", "Ισπανία", "España", "إسبانيا"]),
  ]

  static let sexes: [Level] = [
    Level(value: "F", label: "Female", translations: ["weiblich", "femme", "Γυναίκα", "mujer", "أنثى"]),
    Level(value: "M", label: "Male", translations: ["männlich", "homme", "Άνδρας", "hombre", "ذكر"]),
  ]

  static let legalStatuses: [Level] = [
    Level(
      value: "refugee", label: "Refugee",
      translations: ["Flüchtling", "réfugié", "Πρόσφυγας", "refugiado", "لاجئ"]),
    Level(
      value: "asylum_seeker", label: "Asylum seeker",
      translations: ["Asylsuchende", "demandeur d'asile", "Αιτών άσυλο", "solicitante de asilo", "طالب لجوء"]),
    Level(
      value: "undocumented", label: "Undocumented",
      translations: ["ohne Papiere", "sans papiers", "Χωρίς έγγραφα", "indocumentado", "بدون وثائق"]),
    Level(
      value: "labour_migrant", label: "Labour migrant",
      translations: ["Arbeitsmigrant", "travailleur migrant", "Μετανάστης εργασίας", "migrante laboral", "عامل مهاجر"]),
    Level(value: "other", label: "Other", translations: ["andere", "autre", "Άλλο", "otro", "أخرى"]),
  ]

  static let regions: [Level] = [
    Level(value: "mena", label: "Middle East and North Africa"),
    Level(value: "sub_saharan_africa", label: "Sub-Saharan Africa"),
    Level(value: "south_asia", label: "South Asia"),
    Level(value: "europe_non_eu", label: "Europe (non-EU)"),
    Level(value: "latin_america", label: "Latin America"),
    Level(value: "other", label: "Other"),
  ]

  static let languages: [Level] = [
    Level(value: "ar", label: "Arabic"),
    Level(value: "fa", label: "Farsi/Dari"),
    Level(value: "fr", label: "French"),
    Level(value: "en", label: "English"),
    Level(value: "ti", label: "Tigrinya"),
    Level(value: "so", label: "Somali"),
    Level(value: "ur", label: "Urdu"),
    Level(value: "uk", label: "Ukrainian"),
    Level(value: "es", label: "Spanish"),
    Level(value: "other", label: "Other"),
  ]

  static let education: [Level] = [
    Level(value: "none", label: "No formal education"),
    Level(value: "primary", label: "Primary"),
    Level(value: "secondary", label: "Secondary"),
    Level(value: "tertiary", label: "Tertiary"),
  ]

  /// Self-rated health, 1 = very good (the WHO/EHIS item).
  static let selfRatedHealth: [Level] = [
    Level(value: "1", label: "Very good"),
    Level(value: "2", label: "Good"),
    Level(value: "3", label: "Fair"),
    Level(value: "4", label: "Bad"),
    Level(value: "5", label: "Very bad"),
  ]

  static let chronicConditions: [Level] = [
    Level(value: "diabetes", label: "Diabetes"),
    Level(value: "hypertension", label: "Hypertension"),
    Level(value: "asthma", label: "Asthma"),
    Level(value: "heart_disease", label: "Heart disease"),
    Level(value: "depression", label: "Depression"),
    Level(value: "musculoskeletal", label: "Musculoskeletal problems"),
  ]

  /// The answer scale of RHS-15 items 1-14 (Hollifield et al. 2013).
  static let rhsScale: [Level] = [
    Level(value: "0", label: "Not at all"),
    Level(value: "1", label: "A little bit"),
    Level(value: "2", label: "Moderately"),
    Level(value: "3", label: "Quite a bit"),
    Level(value: "4", label: "Extremely"),
  ]

  /// The symptoms asked by RHS-15 items 1-14.
  static let rhsItems: [String] = [
    "Muscle, bone, joint pains",
    "Feeling down, sad, or blue most of the time",
    "Too much thinking or too many thoughts",
    "Feeling helpless",
    "Suddenly scared for no reason",
    "Faintness, dizziness, or weakness",
    "Nervousness or shakiness inside",
    "Feeling restless, can't sit still",
    "Crying easily",
    "Reliving the trauma",
    "Physical reactions when reminded of the trauma",
    "Feeling emotionally numb",
    "Feeling cut off from other people",
    "Being jumpy, easily startled",
  ]

  static let usualSources: [Level] = [
    Level(value: "gp", label: "General practitioner"),
    Level(value: "hospital_er", label: "Hospital emergency room"),
    Level(value: "ngo_clinic", label: "NGO clinic"),
    Level(value: "none", label: "No usual source"),
    Level(value: "other", label: "Other"),
  ]

  /// The barrier items, in column order (each a 0/1 column `bar_<value>`).
  static let barriers: [Level] = [
    Level(value: "language", label: "Language"),
    Level(value: "cost", label: "Cost"),
    Level(value: "documentation", label: "Documentation required"),
    Level(value: "information", label: "Lack of information"),
    Level(value: "discrimination", label: "Discrimination"),
    Level(value: "distance", label: "Distance or transport"),
    Level(value: "waiting_time", label: "Waiting time"),
    Level(value: "cultural", label: "Cultural or gender issues"),
    Level(value: "fear_authorities", label: "Fear of the authorities"),
    Level(value: "administrative", label: "Administrative procedures"),
  ]

  static let satisfaction: [Level] = [
    Level(value: "1", label: "Very dissatisfied"),
    Level(value: "2", label: "Dissatisfied"),
    Level(value: "3", label: "Neither"),
    Level(value: "4", label: "Satisfied"),
    Level(value: "5", label: "Very satisfied"),
  ]

  /// Level indices used by the model.
  enum Legal {
    static let refugee = 0
    static let asylumSeeker = 1
    static let undocumented = 2
    static let labourMigrant = 3
    static let other = 4
  }
}

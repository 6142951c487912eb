/// The free-text comments respondents leave: several languages and scripts, commas,
/// semicolons, quotation marks (which CSV doubles) and a few line breaks, the
/// things a CSV reader gets wrong first.
enum Comments {
  /// Comments by language code (the respondent's main language or the country's).
  static let byLanguage: [(language: String, texts: [String])] = [
    (
      "en",
      [
        "The interpreter did not come, so my son, who is 11, translated for the doctor.",
        "Waiting time at the hospital was 6 hours, and nobody explained why.",
        "They asked for my papers before anything else.",
        "I was told to \"come back tomorrow\", three times.",
        "The NGO clinic helped me; the public hospital refused.\nI still have pain in my back.",
        "Good doctor, but the medicine costs too much.",
      ]
    ),
    (
      "fr",
      [
        "Le médecin était gentil, mais je n'ai rien compris sans interprète.",
        "On m'a dit « revenez demain », encore et encore.",
        "Les médicaments coûtent trop cher; je n'achète que la moitié.",
      ]
    ),
    (
      "de",
      [
        "Die Ärztin war freundlich, aber die Wartezeit war sehr lang.",
        "Ohne Krankenschein keine Behandlung; das ist das Problem.",
        "Ich habe Angst, zum Amt zu gehen.\nMeine Nachbarin sagt, die Polizei fragt dort nach Papieren.",
      ]
    ),
    (
      "el",
      [
        "Περίμενα πολλές ώρες στο νοσοκομείο, χωρίς διερμηνέα.",
        "Ο γιατρός ήταν καλός, αλλά τα φάρμακα είναι ακριβά.",
      ]
    ),
    (
      "ar",
      [
        "لم يكن هناك مترجم، واضطرت ابنتي للترجمة.",
        "العلاج مكلف جدا, ولا أملك أوراقا.",
        "قالوا لي \"انتظر\" ثم أغلقوا الباب.",
      ]
    ),
    ("fa", ["پزشک خوب بود اما نوبت گرفتن خیلی سخت است.", "بدون مدارک، هیچ بیمارستانی مرا نپذیرفت."]),
    ("ti", ["ሓኪም ጽቡቕ ነይሩ፣ ግን ተርጓሚ ኣይነበረን።"]),
    ("so", ["Dhakhtarku wuu fiicnaa, laakiin turjumaan ma jirin."]),
    ("ur", ["ہسپتال میں بہت انتظار کرنا پڑا، اور کوئی مترجم نہیں تھا۔"]),
    (
      "uk",
      [
        "Лікар був уважний, але черга дуже довга.",
        "Мені сказали \"чекайте\", і я чекала 5 годин.",
      ]
    ),
    (
      "es",
      [
        "El médico fue amable, pero no tengo tarjeta sanitaria.",
        "Tuve que pagar 60 euros, y no tenía dinero.\nAl final fui a la ONG.",
      ]
    ),
  ]

  /// The language in which comments are most often written in each country's file.
  private static func localLanguage(of country: String) -> String {
    switch country {
    case "DE", "AT": "de"
    case "FR": "fr"
    case "GR", "CY": "el"
    case "ES": "es"
    default: "en"
    }
  }

  /// A comment for a respondent whose main language is `language` (an index into
  /// ``Vocabulary/languages``): half the time in that language when there are
  /// comments in it, else mostly in the country's language, sometimes any.
  static func pick(language: Int, country: String, using random: inout Random) -> String {
    let own = Vocabulary.languages[language].value
    let roll = random.uniform()
    let chosen: String
    if roll < 0.5, byLanguage.contains(where: { $0.language == own }) {
      chosen = own
    } else if roll < 0.8 {
      chosen = localLanguage(of: country)
    } else {
      chosen = byLanguage[random.int(below: byLanguage.count)].language
    }
    let texts = byLanguage.first { $0.language == chosen }?.texts ?? byLanguage[0].texts
    return texts[random.int(below: texts.count)]
  }
}

internal import CSVCodec

/// `margins.csv`: population totals per country by sex, age group and legal status,
/// the calibration targets for raking.
///
/// Invented but shaped like published residence-permit and population statistics:
/// totals rounded to tens, the same total for every variable of a country, and a
/// population older, more often female and more often in work than the sample
/// recruited through NGOs and reception centres. They depend on neither the seed
/// nor the number of respondents.
enum Margins {
  /// Population shares in permille, per country in ``CountryProfile/all`` order.
  struct Shares {
    var country: String
    var female: Int
    /// 18-29, 30-44, 45-64, 65+.
    var ageGroups: [Int]
    /// ``Vocabulary/legalStatuses`` order.
    var legalStatus: [Int]
  }

  static let ageGroups = ["18-29", "30-44", "45-64", "65+"]

  static let shares: [Shares] = [
    Shares(country: "GR", female: 430, ageGroups: [330, 400, 230, 40], legalStatus: [300, 350, 150, 120, 80]),
    Shares(country: "IT", female: 490, ageGroups: [270, 380, 290, 60], legalStatus: [150, 200, 200, 350, 100]),
    Shares(country: "DE", female: 440, ageGroups: [320, 390, 240, 50], legalStatus: [480, 220, 40, 180, 80]),
    Shares(country: "BG", female: 380, ageGroups: [340, 420, 200, 40], legalStatus: [330, 420, 60, 110, 80]),
    Shares(country: "FR", female: 470, ageGroups: [280, 380, 270, 70], legalStatus: [220, 200, 220, 260, 100]),
    Shares(country: "CY", female: 520, ageGroups: [300, 400, 250, 50], legalStatus: [150, 350, 90, 330, 80]),
    Shares(country: "MT", female: 410, ageGroups: [340, 420, 200, 40], legalStatus: [200, 300, 80, 340, 80]),
    Shares(country: "SE", female: 460, ageGroups: [300, 380, 260, 60], legalStatus: [560, 180, 40, 150, 70]),
    Shares(country: "AT", female: 450, ageGroups: [310, 390, 250, 50], legalStatus: [480, 220, 50, 170, 80]),
    Shares(country: "ES", female: 520, ageGroups: [260, 380, 290, 70], legalStatus: [100, 220, 280, 300, 100]),
  ]

  /// One row of `margins.csv`.
  struct Row: Equatable {
    var country: String
    var variable: String
    var level: String
    var total: Int
  }

  /// Every row, by country, then sex, age group and legal status.
  static func rows() -> [Row] {
    var rows: [Row] = []
    for (country, share) in zip(CountryProfile.all, shares) {
      precondition(country.code == share.country, "margins out of country order at \(share.country)")
      let total = country.population
      let female = Margins.totals([share.female, 1000 - share.female], of: total)
      rows += zip(Vocabulary.sexes, female).map {
        Row(country: share.country, variable: "sex", level: $0.value, total: $1)
      }
      let ages = Margins.totals(share.ageGroups, of: total)
      rows += zip(ageGroups, ages).map { Row(country: share.country, variable: "age_group", level: $0, total: $1) }
      let legal = Margins.totals(share.legalStatus, of: total)
      rows += zip(Vocabulary.legalStatuses, legal).map {
        Row(country: share.country, variable: "legal_status", level: $0.value, total: $1)
      }
    }
    return rows
  }

  /// `total` split by `permille` (summing to 1000): each part rounded to tens, the
  /// last part taking what is left so that the parts add up to `total` exactly.
  static func totals(_ permille: [Int], of total: Int) -> [Int] {
    precondition(permille.reduce(0, +) == 1000, "margin shares must sum to 1000: \(permille)")
    var parts = permille.dropLast().map { share in (total * share + 5_000) / 10_000 * 10 }
    parts.append(total - parts.reduce(0, +))
    return parts
  }

  /// Writes `margins.csv` to `path`.
  static func write(to path: String) throws(SampleStudy.Failure) {
    do throws(CSVWriter.Failure) {
      let writer = try CSVWriter(path: path)
      writer.writeRow(["country", "variable", "level", "total"])
      for row in rows() {
        writer.writeRow([row.country, row.variable, row.level, String(row.total)])
      }
      try writer.finish()
    } catch {
      throw SampleStudy.Failure(path: error.path, reason: error.reason)
    }
  }
}

import SurveyCore
import Testing

@testable import Clean

@Suite("Clean rules")
struct CleanRuleTests {
  @Test("trim_case maps spacing and case variants onto the known levels and flags the rest")
  func trimCase() throws {
    let table = try ingest(
      """
      id,country,status
      1,DE,Refugee
      2,DE,"  refugee "
      3,FR,ASYLUM   seeker
      4,FR,tourist
      5,FR,
      """)
    let result = try clean(
      table,
      """
      clean:
        - rule: trim_case
          variable: status
          levels: [refugee, asylum seeker]
      """)
    #expect(cells(result.table, "status") == ["refugee", "refugee", "asylum seeker", "tourist", ""])
    #expect(result.flags.map(\.description) == ["survey.csv:5: trim_case(status): 'tourist' is not a level of status"])
    #expect(logLines(result) == ["trim_case(status) DE 2/0/0", "trim_case(status) FR 1/1/0"])
    #expect(result.balances)
  }

  @Test("trim_case without levels folds case and whitespace; unknown: reject rejects the row")
  func trimCaseFoldAndReject() throws {
    let table = try ingest("id,status\n1, Refugee \n2,REFUGEE\n3,other\n")
    let folded = try clean(table, "clean:\n  - {rule: trim_case, variable: status, into: status_folded}\n")
    #expect(cells(folded.table, "status_folded") == ["refugee", "refugee", "other"])
    #expect(logLines(folded) == ["trim_case(status_folded) - 3/0/0"])
    let rejected = try clean(
      table, "clean:\n  - {rule: trim_case, variable: status, levels: [refugee], unknown: reject}\n")
    #expect(cells(rejected.table, "id") == ["1", "2"])
    #expect(
      rejected.rejects.map(\.description) == ["survey.csv:4: trim_case(status): 'other' is not a level of status"])
    #expect(logLines(rejected) == ["trim_case(status) - 2/0/1"])
    #expect(rejected.balances)
  }

  @Test("recode puts ages into age groups, keeps missing reasons and makes out-of-range ages invalid")
  func recodeRanges() throws {
    let table = try ingest(
      "id,age\n1,18\n2,29\n3,30\n4,64\n5,65\n6,99\n7,12\n8,\n",
      codebook: """
        missing_codes: {"99": refused}
        variables:
          - {name: id, type: id}
          - {name: age, type: numeric}
        """)
    let result = try clean(
      table,
      """
      clean:
        - rule: recode
          variable: age
          into: age_group
          ranges:
            - {min: 18, max: 29, value: "18-29"}
            - {min: 30, max: 44, value: "30-44"}
            - {min: 45, max: 64, value: "45-64"}
            - {min: 65, value: "65+"}
          else: invalid
      """)
    #expect(
      cells(result.table, "age_group") == ["18-29", "18-29", "30-44", "45-64", "65+", ".refused", ".invalid", ""])
    let column = try #require(result.table["age_group"])
    #expect(column.type == .ordinal)
    guard case .categorical(let values) = column.values else {
      Issue.record("age_group is not categorical")
      return
    }
    #expect(values.levels == ["18-29", "30-44", "45-64", "65+"])
    #expect(logLines(result) == ["recode(age_group) - 5/0/0"])
  }

  @Test("recode maps values, gives the rest an else level and missing inputs a missing level")
  func recodeValues() throws {
    let table = try ingest("id,status\n1,refugee\n2,asylum_seeker\n3,undocumented\n4,\n")
    let result = try clean(
      table,
      """
      clean:
        - rule: recode
          variable: status
          into: protection
          values: {refugee: protected, asylum_seeker: protected}
          else: {value: not_protected}
          missing: {value: unknown}
      """)
    #expect(cells(result.table, "protection") == ["protected", "protected", "not_protected", "unknown"])
    #expect(logLines(result) == ["recode(protection) - 4/0/0"])
  }

  @Test("duplicates with reject_later keeps the first row of an id and rejects later ones")
  func duplicatesRejectLater() throws {
    let table = try ingest("respondent_id,country\nA,DE\nB,DE\nA,FR\nA,FR\n")
    let result = try clean(table, "clean:\n  - {rule: duplicates, variable: respondent_id, policy: reject_later}\n")
    #expect(cells(result.table, "country") == ["DE", "DE"])
    #expect(
      result.rejects.map(\.description) == [
        "survey.csv:4: duplicates(respondent_id): respondent_id 'A' already appears at survey.csv:2",
        "survey.csv:5: duplicates(respondent_id): respondent_id 'A' already appears at survey.csv:2",
      ])
    #expect(logLines(result) == ["duplicates(respondent_id) DE 0/0/0", "duplicates(respondent_id) FR 0/0/2"])
    #expect(result.rowsIn == 4 && result.table.rowCount + result.rejects.count == 4)
    #expect(result.table.location(ofRow: 1)?.description == "survey.csv:3")
  }

  @Test("duplicates with fail stops the run, naming every repeat at its line")
  func duplicatesFail() throws {
    let table = try ingest("respondent_id\nA\nB\nA\nB\n")
    let yaml = "clean:\n  - {rule: duplicates, variable: respondent_id, policy: fail}\n"
    #expect {
      try clean(table, yaml)
    } throws: { error in
      "\(error)"
        == """
        survey.csv:4: error: rule 'duplicates(respondent_id)': respondent_id 'A' already appears at survey.csv:2
        survey.csv:5: error: rule 'duplicates(respondent_id)': respondent_id 'B' already appears at survey.csv:3
        """
    }
  }

  @Test("skip_logic sets answers after a 'no' to not applicable, or flags them")
  func skipLogic() throws {
    let table = try ingest(
      "id,country,needed_care,received_care\n1,DE,0,97\n2,DE,0,1\n3,FR,1,0\n4,FR,0,0\n5,FR,,1\n",
      codebook: """
        missing_codes: {"97": not_applicable}
        variables:
          - {name: id, type: id}
          - {name: country, type: categorical}
          - {name: needed_care, type: binary}
          - {name: received_care, type: binary}
        """)
    let set = try clean(
      table,
      """
      clean:
        - rule: skip_logic
          if: {needed_care: "0"}
          then: received_care
          action: set_not_applicable
      """)
    #expect(cells(set.table, "received_care") == [".not_applicable", ".not_applicable", "0", ".not_applicable", "1"])
    #expect(logLines(set) == ["skip_logic(received_care) DE 1/0/0", "skip_logic(received_care) FR 1/0/0"])
    let flagged = try clean(
      table, "clean:\n  - {rule: skip_logic, if: {needed_care: \"0\"}, then: [received_care], action: flag}\n")
    #expect(cells(flagged.table, "received_care") == cells(table, "received_care"))
    #expect(
      flagged.flags.map(\.description) == [
        "survey.csv:3: skip_logic(received_care): received_care is answered ('1') although needed_care is '0'",
        "survey.csv:5: skip_logic(received_care): received_care is answered ('0') although needed_care is '0'",
      ])
    #expect(logLines(flagged) == ["skip_logic(received_care) DE 0/1/0", "skip_logic(received_care) FR 0/1/0"])
  }

  @Test("derive_count counts barriers among answered items and is missing below the minimum answered")
  func deriveCount() throws {
    let table = try ingest(
      "id,bar_a,bar_b,bar_c\n1,1,1,0\n2,0,98,1\n3,99,99,99\n4,98,99,1\n",
      codebook: """
        missing_codes: {"98": dont_know, "99": refused}
        variables:
          - {name: id, type: id}
          - {name: bar_a, type: binary}
          - {name: bar_b, type: binary}
          - {name: bar_c, type: binary}
        """)
    let result = try clean(
      table,
      """
      clean:
        - rule: derive_count
          items: [bar_a, bar_b, bar_c]
          value: "1"
          into: n_barriers
          min_answered: 2
      """)
    #expect(cells(result.table, "n_barriers") == ["2", "1", ".refused", ".invalid"])
    #expect(result.table["n_barriers"]?.type == .numeric)
    #expect(logLines(result) == ["derive_count(n_barriers) - 2/0/0"])
  }

  @Test("scale_score sums or averages items, reverses items and applies a cut-off")
  func scaleScore() throws {
    let table = try ingest(
      "id,q1,q2,q3\n1,4,0,2\n2,1,1,\n3,,,\n4,0,4,0\n",
      codebook: """
        variables:
          - {name: id, type: id}
          - {name: q1, type: ordinal, levels: ["0", "1", "2", "3", "4"]}
          - {name: q2, type: ordinal, levels: ["0", "1", "2", "3", "4"]}
          - {name: q3, type: numeric}
        """)
    let result = try clean(
      table,
      """
      clean:
        - rule: scale_score
          items: [q1, q2, q3]
          into: score
          method: sum
          min_answered: 2
          reverse: [q2]
          item_range: [0, 4]
          cutoff: {at: 6, into: positive}
        - rule: scale_score
          items: [q1, q2, q3]
          into: mean_score
          method: mean
          min_answered: 2
      """)
    #expect(cells(result.table, "score") == ["10", "4", "", "0"])
    #expect(cells(result.table, "positive") == ["1", "0", "", "0"])
    #expect(result.table["positive"]?.type == .binary)
    let means = try #require(result.table["mean_score"])
    #expect(abs(try #require(means.number(at: 0)) - 2) < 1e-12)
    #expect(abs(try #require(means.number(at: 3)) - 4.0 / 3) < 1e-12)
    #expect(logLines(result) == ["scale_score(score) - 6/0/0", "scale_score(mean_score) - 3/0/0"])
  }

  @Test("range makes values outside it invalid, or rejects their rows")
  func range() throws {
    let table = try ingest("id,country,age\n1,DE,17\n2,DE,40\n3,FR,120\n4,FR,\n")
    let invalid = try clean(table, "clean:\n  - {rule: range, variable: age, min: 18, max: 100, action: invalid}\n")
    #expect(cells(invalid.table, "age") == [".invalid", "40", ".invalid", ""])
    #expect(logLines(invalid) == ["range(age) DE 1/0/0", "range(age) FR 1/0/0"])
    let rejected = try clean(table, "clean:\n  - {rule: range, variable: age, min: 18, action: reject}\n")
    #expect(cells(rejected.table, "id") == ["2", "3", "4"])
    #expect(rejected.rejects.map(\.description) == ["survey.csv:2: range(age): age 17 is outside [18, inf]"])
    #expect(logLines(rejected) == ["range(age) DE 0/0/1", "range(age) FR 0/0/0"])
  }

  @Test("country_iso maps names and codes in several languages to alpha-2 and flags or rejects the rest")
  func countryISO() throws {
    let table = try ingest(
      "id,country\n1,Deutschland\n2, germany\n3,Grèce\n4,ESP\n5,U.K.\n6,Atlantis\n7,österreich\n8,de\n")
    let flagged = try clean(table, "clean:\n  - {rule: country_iso, variable: country, unknown: flag}\n")
    #expect(cells(flagged.table, "country") == ["DE", "DE", "GR", "ES", "GB", "Atlantis", "AT", "DE"])
    #expect(
      flagged.flags.map(\.description) == [
        "survey.csv:7: country_iso(country): 'Atlantis' is not a known country name or code"
      ])
    #expect(
      logLines(flagged) == [
        "country_iso(country) AT 1/0/0", "country_iso(country) Atlantis 0/1/0", "country_iso(country) DE 3/0/0",
        "country_iso(country) ES 1/0/0", "country_iso(country) GB 1/0/0", "country_iso(country) GR 1/0/0",
      ])
    let rejected = try clean(
      table, "clean:\n  - {rule: country_iso, variable: country, into: country_iso, unknown: reject}\n")
    #expect(rejected.table.rowCount == 7 && rejected.rejects.count == 1 && rejected.balances)
    #expect(cells(rejected.table, "country").first == "Deutschland")
  }

  @Test(
    "country_iso knows every mig-HealthCare country in English, French and German",
    arguments: [
      ("GR", "Greece", "Grèce", "Griechenland"), ("IT", "Italy", "Italie", "Italien"),
      ("DE", "Germany", "Allemagne", "Deutschland"), ("BG", "Bulgaria", "Bulgarie", "Bulgarien"),
      ("FR", "France", "France", "Frankreich"), ("CY", "Cyprus", "Chypre", "Zypern"),
      ("MT", "Malta", "Malte", "Malta"), ("SE", "Sweden", "Suède", "Schweden"),
      ("AT", "Austria", "Autriche", "Österreich"), ("ES", "Spain", "Espagne", "Spanien"),
    ])
  func countryNames(code: String, english: String, french: String, german: String) throws {
    let table = try ingest("id,country\n1,\(english)\n2,\(french)\n3,\(german)\n4,\(code.lowercased())\n")
    let result = try clean(table, "clean:\n  - {rule: country_iso, variable: country, unknown: reject}\n")
    #expect(cells(result.table, "country") == [code, code, code, code])
  }

  @Test("rules run in order and later rules do not see rejected rows; rows in = rows out + rejects")
  func rowAccounting() throws {
    let table = try ingest(
      "respondent_id,country,age\nA,Germany,30\nA,Germany,40\nB,France,150\nC,Frankreich,50\nD,Narnia,20\n")
    let result = try clean(
      table,
      """
      clean:
        - {rule: country_iso, variable: country, unknown: reject}
        - {rule: duplicates, variable: respondent_id, policy: reject_later}
        - {rule: range, name: adult age, variable: age, min: 18, max: 100, action: reject}
        - {rule: recode, variable: age, into: age_group, ranges: [{min: 18, max: 44, value: young}], else: invalid}
      """)
    #expect(result.rowsIn == 5 && result.table.rowCount == 2 && result.rejects.count == 3 && result.balances)
    #expect(result.rejects.map(\.rule) == ["country_iso(country)", "duplicates(respondent_id)", "adult age"])
    #expect(cells(result.table, "age_group") == ["young", ".invalid"])
    #expect(
      logLines(result) == [
        "country_iso(country) DE 2/0/0", "country_iso(country) FR 2/0/0", "country_iso(country) Narnia 0/0/1",
        "duplicates(respondent_id) DE 0/0/1", "duplicates(respondent_id) FR 0/0/0",
        "adult age DE 0/0/0", "adult age FR 0/0/1",
        "recode(age_group) DE 1/0/0", "recode(age_group) FR 0/0/0",
      ])
    let rejected = result.log.reduce(0) { $0 + $1.rejected }
    #expect(rejected == result.rejects.count)
    #expect(result.table.location(ofRow: 1)?.description == "survey.csv:5")
  }

  @Test("a rule naming a column the table lacks fails before any work, at the rule's line")
  func missingColumn() throws {
    let table = try ingest("id,age\n1,30\n")
    let yaml = """
      clean:
        - {rule: range, variable: agee, min: 0, action: invalid}
        - {rule: derive_count, items: [age, n], value: "1", into: n}
        - {rule: range, variable: n, min: 0, action: invalid}
      """
    #expect {
      try clean(table, yaml)
    } throws: { error in
      "\(error)"
        == """
        clean.yaml:2:5: error: rule 'range(agee)': the table has no column 'agee'
        clean.yaml:3:5: error: rule 'derive_count(n)': the table has no column 'n'
        """
    }
  }

  @Test("a numeric rule over a text column fails at the rule's line")
  func wrongKind() throws {
    let table = try ingest("id,status\n1,refugee\n")
    #expect {
      try clean(table, "clean:\n  - {rule: range, variable: status, min: 0, action: invalid}\n")
    } throws: { error in
      "\(error)" == "clean.yaml:2:5: error: rule 'range(status)': column 'status' must be numeric"
    }
  }
}

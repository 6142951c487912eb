import SurveyCore
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The diagnostics of a codebook that should not load, one per line, as the CLI prints them.
private func problems(_ yaml: String) -> String {
  do {
    let codebook = try Codebook(yaml: yaml, path: "cb.yaml")
    return "loaded \(codebook.variables.count) variables"
  } catch {
    return error.description
  }
}

/// The codebook of the README, which the sample data generator writes too.
private let fullCodebook = """
  study: mig-healthcare
  languages: [en, fr, de, el, es, ar]
  missing_codes:
    "97": not_applicable
    "98": dont_know
    "99": refused
  sources:
    - file: survey_DE.csv
      delimiter: ";"
      decimal: ","
      language: de
    - file: survey_*.tsv
      delimiter: tab
  variables:
    - name: respondent_id
      type: id
      label: Respondent identifier
      required: true
      aliases: [id, fallnummer]
    - name: sex
      type: categorical
      levels:
        - value: F
          label: Female
          labels: {de: weiblich, fr: femme}
          aliases: [f, w]
        - M
    - name: age
      type: numeric
      storage: int16
      range: [16, 100]
      missing_codes: {"98": dont_know}
    - name: chronic_conditions
      type: multi-select
      levels: [diabetes, hypertension, asthma]
    - name: interview_date
      type: date
      format: DD/MM/YYYY
    - name: smoker
      type: binary
      missing_codes: {}
    - name: health
      type: ordinal
      levels: [1, 2, 3]
  """

@Suite("Codebook YAML")
struct CodebookTests {
  // MARK: Reading

  @Test("reads the study settings, missing codes and sources")
  func readsTopLevel() throws {
    let codebook = try Codebook(yaml: fullCodebook, path: "cb.yaml")
    #expect(codebook.path == "cb.yaml")
    #expect(codebook.study == "mig-healthcare")
    #expect(codebook.languages == ["en", "fr", "de", "el", "es", "ar"])
    #expect(
      codebook.missingCodes == [
        .init(value: "97", reason: .notApplicable), .init(value: "98", reason: .dontKnow),
        .init(value: "99", reason: .refused),
      ])
    #expect(codebook.sources.map(\.file) == ["survey_DE.csv", "survey_*.tsv"])
    #expect(codebook.sources.map(\.delimiter) == [UInt8(ascii: ";"), UInt8(ascii: "\t")])
    #expect(codebook.sources.map(\.decimalComma) == [true, false])
    #expect(codebook.sources.map(\.language) == ["de", nil])
    #expect(codebook.sources.first?.location == SourceLocation(file: "cb.yaml", line: 8, column: 5))
    #expect(codebook.source(forFile: "data/survey_GR.tsv")?.file == "survey_*.tsv")
  }

  @Test("reads variables with their settings and the place of each declaration")
  func readsVariables() throws {
    let codebook = try Codebook(yaml: fullCodebook, path: "cb.yaml")
    #expect(
      codebook.variables.map(\.name) == [
        "respondent_id", "sex", "age", "chronic_conditions", "interview_date", "smoker", "health",
      ])
    #expect(
      codebook.variables.map(\.type) == [
        .id, .categorical, .numeric, .multiSelect, .date, .binary, .ordinal,
      ])
    let id = try #require(codebook.variable(forColumn: "fallnummer"))
    #expect(id.name == "respondent_id")
    #expect(id.label == "Respondent identifier")
    #expect(id.required)
    #expect(id.location == SourceLocation(file: "cb.yaml", line: 15, column: 5))

    let age = try #require(codebook.variable(forColumn: "age"))
    #expect(age.storage == .int16)
    #expect(age.range == 16...100)
    #expect(age.required == false)
    #expect(codebook.missingCodes(of: age) == [.init(value: "98", reason: .dontKnow)])

    let chronic = try #require(codebook.variable(forColumn: "chronic_conditions"))
    #expect(chronic.separator == " ")
    #expect(chronic.levels.map(\.value) == ["diabetes", "hypertension", "asthma"])
    #expect(codebook.missingCodes(of: chronic).count == 3)

    #expect(codebook.variable(forColumn: "interview_date")?.format == "DD/MM/YYYY")
    #expect(codebook.variable(forColumn: "smoker")?.missingCodes == [])
    #expect(codebook.variable(forColumn: "health")?.levels.map(\.value) == ["1", "2", "3"])
  }

  @Test("reads levels written as mappings or as plain values")
  func readsLevels() throws {
    let codebook = try Codebook(yaml: fullCodebook, path: "cb.yaml")
    let sex = try #require(codebook.variable(forColumn: "sex"))
    #expect(sex.levels.count == 2)
    let female = try #require(sex.levels.first)
    #expect(female.value == "F")
    #expect(female.label == "Female")
    #expect(female.labels == ["de": "weiblich", "fr": "femme"])
    #expect(female.aliases == ["f", "w"])
    #expect(female.location == SourceLocation(file: "cb.yaml", line: 23, column: 9))
    #expect(female.spellings == ["F", "Female", "weiblich", "femme", "f", "w"])
    let male = try #require(sex.levels.last)
    #expect(male.value == "M")
    #expect(male.label == "M")
    #expect(male.location == SourceLocation(file: "cb.yaml", line: 27, column: 9))
  }

  @Test("gives a binary variable without levels the levels 0 No and 1 Yes")
  func binaryDefaults() throws {
    let codebook = try Codebook(yaml: fullCodebook, path: "cb.yaml")
    let smoker = try #require(codebook.variable(forColumn: "smoker"))
    #expect(smoker.levels.map(\.value) == ["0", "1"])
    #expect(smoker.levels.map(\.label) == ["No", "Yes"])
  }

  @Test("leaves the levels of a categorical variable without levels to the data")
  func openLevels() throws {
    let codebook = try Codebook(
      yaml: """
        variables:
          - {name: country, type: categorical}
        """, path: "cb.yaml")
    #expect(codebook.variables.first?.levels.isEmpty == true)
    #expect(codebook.languages.isEmpty)
    #expect(codebook.missingCodes.isEmpty)
    #expect(codebook.sources.isEmpty)
  }

  @Test(
    "reads the delimiter spellings",
    arguments: [
      ("\";\"", UInt8(ascii: ";")), ("tab", UInt8(ascii: "\t")), ("\"\\t\"", UInt8(ascii: "\t")),
      ("'\\t'", UInt8(ascii: "\t")), ("\"|\"", UInt8(ascii: "|")), ("\",\"", UInt8(ascii: ",")),
    ])
  func delimiters(written: String, byte: UInt8) throws {
    let codebook = try Codebook(
      yaml: """
        sources:
          - file: a.csv
            delimiter: \(written)
        variables:
          - {name: id, type: id}
        """, path: "cb.yaml")
    #expect(codebook.sources.first?.delimiter == byte)
  }

  @Test("loads a codebook file")
  func loadsFile() throws {
    let path = "/tmp/mighealth-codebook-test-\(getpid()).yaml"
    let text = "variables:\n  - {name: id, type: id}\n"
    let file = try #require(fopen(path, "w"))
    fputs(text, file)
    fclose(file)
    defer { unlink(path) }
    let codebook = try Codebook.load(path: path)
    #expect(codebook.path == path)
    #expect(codebook.variables.map(\.name) == ["id"])
  }

  // MARK: Files and YAML syntax

  @Test("reports a codebook file that cannot be read")
  func missingFile() {
    let error = #expect(throws: Diagnostics.self) {
      try Codebook.load(path: "/nonexistent/cb.yaml")
    }
    #expect(
      error?.description
        == "/nonexistent/cb.yaml: error: cannot read codebook: No such file or directory")
  }

  @Test("reports a YAML syntax error at the line and column of the parser")
  func syntaxError() {
    let yaml = """
      variables:
        - name: sex
          type: categorical
         levels: [F, M]
      """
    #expect(
      problems(yaml)
        == "cb.yaml:4:4: error: invalid YAML: did not find expected '-' indicator "
        + "(while parsing a block collection that starts at line 2, column 3)")
  }

  @Test("reports an unterminated quote")
  func unterminatedQuote() {
    let yaml = """
      variables:
        - name: "sex
          type: categorical
      """
    #expect(
      problems(yaml)
        == "cb.yaml:3:22: error: invalid YAML: found unexpected end of stream "
        + "(while scanning a quoted scalar that starts at line 2, column 11)")
  }

  @Test("reports a second YAML document and a control character")
  func otherSyntaxErrors() {
    #expect(
      problems("variables: []\n---\nstudy: x\n")
        == "cb.yaml:2:1: error: invalid YAML: expected a single document in the stream, "
        + "but found another document")
    #expect(
      problems("variables:\n  - name: a\u{1}\n")
        == "cb.yaml:2:12: error: invalid YAML: control characters are not allowed")
  }

  @Test("reports a key written twice in one mapping")
  func duplicateKey() {
    let yaml = """
      variables:
        - name: sex
          type: categorical
          name: gender
      """
    #expect(
      problems(yaml)
        == "cb.yaml:2:5: error: invalid YAML: key 'name' appears more than once "
        + "in the same mapping")
  }

  @Test("reports an empty codebook and one that is not a mapping")
  func emptyOrNotMapping() {
    #expect(
      problems("")
        == "cb.yaml: error: the codebook is empty; expected a mapping with a 'variables' list")
    #expect(
      problems("- sex\n- age\n")
        == "cb.yaml:1:1: error: the codebook must be a mapping with a 'variables' list, not a list")
  }

  // MARK: Keys

  @Test("reports an unknown type at the type's value")
  func unknownType() {
    let yaml = """
      study: mig-healthcare
      variables:
        - name: respondent_id
          type: id
        - name: sex
          label: Sex
          type: categorcal
      """
    #expect(
      problems(yaml)
        == "cb.yaml:7:11: error: variable 'sex': unknown type 'categorcal'; expected one of: "
        + "id, categorical, ordinal, binary, numeric, multi-select, text, date")
  }

  @Test("reports unknown keys at every level with the keys expected there")
  func unknownKeys() {
    let yaml = """
      studie: x
      sources:
        - file: a.csv
          delimeter: ";"
      variables:
        - name: sex
          type: categorical
          lable: Sex
          levels:
            - {value: F, lable: Female}
      """
    #expect(
      problems(yaml) == """
        cb.yaml:1:1: error: unknown key 'studie' in the codebook; expected one of: study, languages, \
        missing_codes, sources, variables
        cb.yaml:4:5: error: unknown key 'delimeter' in source 'a.csv'; expected one of: file, \
        delimiter, decimal, language
        cb.yaml:8:5: error: unknown key 'lable' in variable 'sex'; expected one of: name, type, \
        label, required, aliases, levels, missing_codes, range, storage, separator, format
        cb.yaml:10:20: error: unknown key 'lable' in level 'F' of variable 'sex'; expected one of: \
        value, label, labels, aliases
        """)
  }

  @Test("reports missing required keys at the mapping that lacks them")
  func missingKeys() {
    let yaml = """
      sources:
        - delimiter: ";"
      variables:
        - type: numeric
        - name: sex
        - name: health
          type: ordinal
          levels:
            - label: Good
      """
    #expect(
      problems(yaml) == """
        cb.yaml:2:5: error: missing required key 'file' in source 1
        cb.yaml:4:5: error: missing required key 'name' in variable 1
        cb.yaml:5:5: error: missing required key 'type' in variable 'sex'
        cb.yaml:9:9: error: missing required key 'value' in level 1 of variable 'health'
        """)
    #expect(
      problems("study: x\n")
        == "cb.yaml:1:1: error: missing required key 'variables' in the codebook")
  }

  @Test("reports values of the wrong kind")
  func wrongKinds() {
    let yaml = """
      languages: en
      variables:
        - name: sex
          type: categorical
          required: maybe
          label: [Sex]
          aliases: gender
          levels: {F: Female}
        - age
      """
    #expect(
      problems(yaml) == """
        cb.yaml:1:12: error: 'languages' must be a list, not 'en'
        cb.yaml:5:15: error: variable 'sex': 'required' must be true or false, not 'maybe'
        cb.yaml:6:12: error: variable 'sex': 'label' must be text, not a list
        cb.yaml:7:14: error: variable 'sex': 'aliases' must be a list, not 'gender'
        cb.yaml:8:13: error: variable 'sex': 'levels' must be a list, not a mapping
        cb.yaml:9:5: error: variable 2 must be a mapping with 'name' and 'type', not 'age'
        """)
  }

  @Test("reports an empty variables list and an invalid variable name")
  func emptyVariablesAndBadName() {
    #expect(
      problems("variables: []\n")
        == "cb.yaml:1:12: error: 'variables' is empty; declare at least one variable")
    #expect(
      problems("variables:\n  - {name: 2nd visit, type: date}\n")
        == "cb.yaml:2:12: error: variable name '2nd visit' is not a valid identifier; "
        + "use letters, digits and '_', not starting with a digit")
  }

  // MARK: Missing codes

  @Test("reports an unknown missing reason, at the top and in a variable")
  func unknownMissingReason() {
    let yaml = """
      missing_codes:
        "98": dont-know
      variables:
        - name: age
          type: numeric
          missing_codes: {"-1": absent}
      """
    #expect(
      problems(yaml) == """
        cb.yaml:2:9: error: unknown missing reason 'dont-know' for code '98'; expected one of: \
        empty, dont_know, refused, not_applicable, invalid
        cb.yaml:6:27: error: variable 'age': unknown missing reason 'absent' for code '-1'; \
        expected one of: empty, dont_know, refused, not_applicable, invalid
        """)
  }

  @Test("reports a missing code declared twice")
  func missingCodeTwice() {
    let yaml = """
      missing_codes:
        "99": refused
        99: dont_know
      variables:
        - {name: age, type: numeric}
      """
    #expect(
      problems(yaml)
        == "cb.yaml:3:3: error: missing code '99' is declared twice (first at line 2)")
  }

  // MARK: Names and aliases

  @Test("reports a duplicate variable at the second name with the line of the first")
  func duplicateVariable() {
    let yaml = """
      variables:
        - name: sex
          type: categorical
        - name: age
          type: numeric
        - name: sex
          type: binary
      """
    #expect(
      problems(yaml)
        == "cb.yaml:6:11: error: duplicate variable 'sex' (first declared at line 2)")
  }

  @Test("reports a column alias used by two variables or equal to another name")
  func columnAliasClash() {
    let yaml = """
      variables:
        - name: sex
          type: categorical
          aliases: [geschlecht, age]
        - name: gender
          type: categorical
          aliases: [geschlecht, gender]
        - name: age
          type: numeric
      """
    #expect(
      problems(yaml) == """
        cb.yaml:4:27: error: variable 'sex': alias 'age' is the name of variable 'age' (line 8)
        cb.yaml:7:15: error: variable 'gender': alias 'geschlecht' is also an alias of \
        variable 'sex' (line 4)
        """)
  }

  // MARK: Levels

  @Test("reports a duplicate level value with the line of the first")
  func duplicateLevel() {
    let yaml = """
      variables:
        - name: sex
          type: categorical
          levels:
            - F
            - M
            - value: F
              label: Female
      """
    #expect(
      problems(yaml)
        == "cb.yaml:7:16: error: variable 'sex': duplicate level 'F' (first declared at line 5)")
  }

  @Test("reports a spelling that would read as two levels, at the later spelling")
  func levelSpellingClash() {
    let yaml = """
      languages: [en, de]
      variables:
        - name: sex
          type: categorical
          levels:
            - value: F
              label: Female
              labels: {de: weiblich}
              aliases: [f, F]
            - value: M
              label: Male
              labels: {de: männlich}
              aliases: [m, f]
            - value: D
              labels: {de: Female}
      """
    #expect(
      problems(yaml) == """
        cb.yaml:13:22: error: variable 'sex': alias 'f' of level 'M' also reads as level 'F' \
        (its alias at line 9)
        cb.yaml:15:22: error: variable 'sex': de label 'Female' of level 'D' also reads as level 'F' \
        (its label at line 7)
        """)
  }

  @Test("reports a level language that is not in languages")
  func levelLanguage() {
    let yaml = """
      languages: [en, de]
      variables:
        - name: sex
          type: categorical
          levels:
            - {value: F, labels: {de: weiblich, it: femmina}}
      """
    #expect(
      problems(yaml)
        == "cb.yaml:6:43: error: variable 'sex', level 'F': language 'it' is not in 'languages' "
        + "(en, de)")
  }

  @Test("reports the wrong number of levels for binary, multi-select and categorical variables")
  func levelCounts() {
    let yaml = """
      variables:
        - name: smoker
          type: binary
          levels: [no, yes, sometimes]
        - name: conditions
          type: multi-select
        - name: country
          type: categorical
          levels: []
        - name: treatments
          type: multi-select
          levels: [physio, talk therapy]
      """
    #expect(
      problems(yaml) == """
        cb.yaml:4:13: error: variable 'smoker': a binary variable has exactly 2 levels, not 3
        cb.yaml:5:5: error: variable 'conditions': a multi-select variable needs 'levels'
        cb.yaml:9:13: error: variable 'country': 'levels' is empty; omit it to learn the levels \
        from the data
        cb.yaml:12:22: error: variable 'treatments': level 'talk therapy' contains the separator ' ', \
        so a cell could not be split into options
        """)
  }

  @Test("reports an empty level value")
  func emptyLevel() {
    let yaml = """
      variables:
        - name: sex
          type: categorical
          levels: [F, ""]
      """
    #expect(
      problems(yaml)
        == "cb.yaml:4:17: error: variable 'sex': level 2 has an empty value; "
        + "an empty cell is always missing")
  }

  // MARK: Type-specific keys

  @Test("reports keys that the variable's type does not take")
  func keysOfOtherTypes() {
    let yaml = """
      variables:
        - name: age
          type: numeric
          levels: [young, old]
          separator: ","
        - name: sex
          type: categorical
          storage: int8
          range: [0, 1]
          format: YYYY-MM-DD
      """
    #expect(
      problems(yaml) == """
        cb.yaml:4:5: error: variable 'age': 'levels' is not allowed on a numeric variable, only on \
        categorical, ordinal, binary and multi-select ones
        cb.yaml:5:5: error: variable 'age': 'separator' is not allowed on a numeric variable, only \
        on multi-select ones
        cb.yaml:8:5: error: variable 'sex': 'storage' is not allowed on a categorical variable, only \
        on numeric ones
        cb.yaml:9:5: error: variable 'sex': 'range' is not allowed on a categorical variable, only \
        on numeric ones
        cb.yaml:10:5: error: variable 'sex': 'format' is not allowed on a categorical variable, only \
        on date ones
        """)
  }

  @Test("reports invalid storage, format and separator values")
  func invalidSettings() {
    let yaml = """
      variables:
        - {name: age, type: numeric, storage: int64}
        - {name: visit, type: date, format: YYYY/MM/DD}
        - {name: options, type: multi-select, separator: "", levels: [a, b]}
      """
    #expect(
      problems(yaml) == """
        cb.yaml:2:41: error: variable 'age': invalid storage 'int64'; expected one of: float64, \
        int32, int16, int8
        cb.yaml:3:39: error: variable 'visit': invalid date format 'YYYY/MM/DD'; expected one of: \
        YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY
        cb.yaml:4:52: error: variable 'options': 'separator' must not be empty
        """)
  }

  @Test("reports a range that is not two numbers, or whose minimum exceeds its maximum")
  func invalidRanges() {
    let yaml = """
      variables:
        - {name: a, type: numeric, range: [16]}
        - {name: b, type: numeric, range: [16, 1O0]}
        - {name: c, type: numeric, range: [100, 16]}
        - {name: d, type: numeric, range: 16}
      """
    #expect(
      problems(yaml) == """
        cb.yaml:2:37: error: variable 'a': 'range' must be two numbers [min, max], not a list of 1
        cb.yaml:3:42: error: variable 'b': 'range' must be two numbers [min, max]; '1O0' is not \
        a number
        cb.yaml:4:37: error: variable 'c': range minimum 100 is greater than maximum 16
        cb.yaml:5:37: error: variable 'd': 'range' must be two numbers [min, max], not '16'
        """)
  }

  // MARK: Sources

  @Test("reports invalid delimiter, decimal and language settings of a source")
  func invalidSources() {
    let yaml = """
      languages: [en, de]
      sources:
        - file: survey_DE.csv
          delimiter: ";;"
          decimal: ";"
          language: it
        - file: survey_DE.csv
      variables:
        - {name: id, type: id}
      """
    #expect(
      problems(yaml) == """
        cb.yaml:4:16: error: source 'survey_DE.csv': invalid delimiter ';;'; expected one \
        character other than a quote or line break, or 'tab'
        cb.yaml:5:14: error: source 'survey_DE.csv': invalid decimal ';'; expected '.' or ','
        cb.yaml:6:15: error: source 'survey_DE.csv': language 'it' is not in 'languages' (en, de)
        cb.yaml:7:5: error: source 'survey_DE.csv' is declared twice (first at line 3)
        """)
  }

  // MARK: Collecting

  @Test("collects every problem and sorts them by place")
  func collectsAll() {
    let yaml = """
      variables:
        - name: sex
          type: categorical
          levels: [F, F]
        - name: age
          type: numbr
      languages: [en, en]
      """
    #expect(
      problems(yaml) == """
        cb.yaml:4:17: error: variable 'sex': duplicate level 'F' (first declared at line 4)
        cb.yaml:6:11: error: variable 'age': unknown type 'numbr'; expected one of: id, \
        categorical, ordinal, binary, numeric, multi-select, text, date
        cb.yaml:7:17: error: language 'en' is listed twice in 'languages'
        """)
  }
}

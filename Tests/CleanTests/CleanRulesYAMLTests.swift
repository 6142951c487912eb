import SurveyCore
import Testing

@testable import Clean

@Suite("Reading clean rules from YAML")
struct CleanRulesYAMLTests {
  @Test("reads every rule kind with its parameters and default names")
  func readsRules() throws {
    let read = try rules(
      """
      clean:
        - {rule: trim_case, variable: status, levels: [a, b]}
        - {rule: recode, name: age groups, variable: age, into: age_group, ranges: [{min: 18, value: adult}], else: reject}
        - {rule: duplicates, variable: respondent_id, policy: fail}
        - {rule: skip_logic, if: {needed_care: "0"}, then: [received_care], action: flag}
        - {rule: derive_count, items: [bar_a, bar_b], value: "1", into: n_barriers}
        - {rule: scale_score, items: [q1, q2], into: s, method: mean, min_answered: 1}
        - {rule: range, variable: age, max: 100, action: invalid}
        - {rule: country_iso, variable: country, into: iso, unknown: flag}
      """)
    #expect(
      read.rules.map(\.name) == [
        "trim_case(status)", "age groups", "duplicates(respondent_id)", "skip_logic(received_care)",
        "derive_count(n_barriers)", "scale_score(s)", "range(age)", "country_iso(iso)",
      ])
    #expect(read.rules.map { $0.location.line } == [2, 3, 4, 5, 6, 7, 8, 9])
    #expect(
      read.rules[0].kind == .trimCase(.init(variable: "status", into: "status", levels: ["a", "b"], unknown: .flag)))
    #expect(
      read.rules[4].kind
        == .deriveCount(.init(items: ["bar_a", "bar_b"], value: "1", into: "n_barriers", minAnswered: 2)))
    #expect(read.rules[6].kind == .range(.init(variable: "age", min: nil, max: 100, action: .invalid)))
  }

  @Test("reports every problem of a rules file word for word at its line and column")
  func reportsErrors() {
    let errors = ruleErrors(
      """
      clean:
        - rule: rnage
          variable: age
        - rule: range
          variable: age
          minimum: 3
          action: drop
        - rule: recode
          variable: age
          into: age_group
          ranges:
            - {min: 30, max: 18, value: odd}
          else: whatever
        - rule: duplicates
          variable: respondent_id
        - rule: scale_score
          items: [q1, q2]
          into: s
          method: median
          reverse: [q3]
        - rule: derive_count
          items: bar_a
          value: "1"
          into: n
          min_answered: 5
        - {rule: range, variable: age, max: 1, action: invalid}
        - {rule: range, variable: age, max: 2, action: invalid}
      """)
    #expect(
      errors == [
        "clean.yaml:2:11: error: rule 1: unknown rule kind 'rnage'; expected one of: trim_case, recode, duplicates, "
          + "skip_logic, derive_count, scale_score, range, country_iso, required",
        "clean.yaml:6:5: error: rule 2 (range): unknown key 'minimum'; expected one of: rule, name, variable, min, "
          + "max, action",
        "clean.yaml:7:13: error: rule 2 (range): 'action' must be one of: invalid, reject, not 'drop'",
        "clean.yaml:12:9: error: rule 3 (recode): range 'odd' has min 30.0 above max 18.0",
        "clean.yaml:14:5: error: rule 4 (duplicates): missing required key 'policy'",
        "clean.yaml:19:13: error: rule 5 (scale_score): 'method' must be one of: sum, mean, not 'median'",
        "clean.yaml:22:12: error: rule 6 (derive_count): 'items' must be a list, not 'bar_a'",
        "clean.yaml:27:5: error: rule name 'range(age)' is already used at line 26",
      ])
  }

  @Test("reports a file without a clean list and rules that are not mappings")
  func reportsShape() {
    #expect(ruleErrors("") == ["clean.yaml: error: the rules file is empty; expected a 'clean' list"])
    #expect(
      ruleErrors("rules: []\n") == [
        "clean.yaml:1:1: error: unknown key 'rules' in the rules file; expected 'clean'",
        "clean.yaml:1:1: error: missing required key 'clean' in the rules file",
      ])
    #expect(
      ruleErrors("clean:\n  - range\n") == [
        "clean.yaml:2:5: error: rule 1 must be a mapping with a 'rule' key, not 'range'"
      ])
    #expect(
      ruleErrors("clean:\n  - rule: recode\n    variable: age\n    into: g\n    ranges: []\n    else: keep\n") == [
        "clean.yaml:6:11: error: rule 1 (recode): 'else: keep' needs 'values', not 'ranges'"
      ])
  }

  @Test("reports a YAML syntax error at its line")
  func syntaxError() {
    let errors = ruleErrors("clean:\n  - {rule: range, variable: age\n")
    #expect(errors.count == 1)
    #expect(
      errors.first
        == "clean.yaml:3:1: error: invalid YAML: while parsing a flow mapping, did not find expected ',' or '}'")
  }
}

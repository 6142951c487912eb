import SurveyCore
import TestSupport
import Testing

@testable import Pipeline

/// Reads `yaml` as `p.yaml` with the package root as the project root.
func load(_ yaml: String) throws(Diagnostics) -> PipelineDefinition {
  try PipelineDefinition(yaml: yaml, path: "p.yaml", root: packageRoot())
}

/// The messages of the diagnostics that reading `yaml` throws, one per line.
func problems(_ yaml: String) -> [String] {
  do {
    _ = try load(yaml)
    return []
  } catch {
    return error.items.map(\.description)
  }
}

@Suite("Pipeline definitions")
struct PipelineDefinitionTests {
  static let valid = """
    name: small
    inputs:
      surveys: SampleData/survey_M*.csv
      codebook: SampleData/codebook.yaml
      margins: SampleData/margins.csv
    stages:
      - name: read
        kind: ingest
        files: surveys
        codebook: codebook
      - name: tidy
        kind: clean
        needs: read
        rules:
          - {rule: range, variable: age, min: 18, max: 85, action: reject}
      - name: weigh
        kind: weight
        needs: tidy
        per: country
        design: {weights: design_weight, strata: stratum, clusters: [psu]}
        method: rake
        margins: margins
        variables: [sex]
        trim: {upper: 5000}
      - name: sums
        kind: aggregate
        needs: [weigh]
        estimates:
          - {statistic: proportion, variable: unmet_need, by: [country, legal_status]}
          - {statistic: quantile, variable: age, probabilities: [0.5]}
        crosstabs:
          - {rows: unmet_need, cols: sex}
      - name: out
        kind: report
        needs: sums
        outputs: [estimates]
    """

  @Test("a valid file reads into typed stages")
  func validFile() throws {
    let root = packageRoot()
    let definition = try load(Self.valid)
    #expect(definition.name == "small")
    #expect(definition.output == "\(root)/output/")
    #expect(definition.inputs.map(\.name) == ["surveys", "codebook", "margins"])
    #expect(definition.inputs[0].files == ["\(root)/SampleData/survey_MT.csv"])
    #expect(definition.stages.map(\.name) == ["read", "tidy", "weigh", "sums", "out"])
    #expect(definition.stages.map(\.needs) == [[], ["read"], ["tidy"], ["weigh"], ["sums"]])
    #expect(definition.stages[0].spec == .ingest(StageSpec.Ingest(files: ["surveys"], codebook: "codebook")))
    guard case .clean(let clean) = definition.stages[1].spec else {
      Issue.record("not a clean stage")
      return
    }
    #expect(clean.file == nil)
    #expect(clean.rules.rules.map(\.name) == ["range(age)"])
    #expect(clean.rules.rules.first?.location == SourceLocation(file: "p.yaml", line: 15, column: 9))
    let design = StageSpec.Design(
      weights: "design_weight", strata: "stratum", clusters: ["psu"], fpc: [], nest: false, lonelyPSU: .fail)
    let weight = StageSpec.Weight(
      design: design, method: .rake, margins: "margins", variables: ["sex"], bounds: nil,
      trim: StageSpec.Weight.Trim(lower: -.infinity, upper: 5000, strict: false), collapse: [], variance: .calibrated,
      maxIterations: 100)
    #expect(definition.stages[2].spec == .weight(weight))
    #expect(definition.stages[2].per?.variable == "country")
    #expect(definition.stages[2].per?.values == ["GR", "IT", "DE", "BG", "FR", "CY", "MT", "SE", "AT", "ES"])
    guard case .aggregate(let aggregate) = definition.stages[3].spec else {
      Issue.record("not an aggregate stage")
      return
    }
    #expect(aggregate.design == nil)
    #expect(aggregate.estimates.map(\.statistic) == [.proportion("unmet_need"), .quantile("age", [0.5])])
    #expect(aggregate.estimates.map(\.by) == [["country", "legal_status"], []])
    #expect(aggregate.crosstabs.map(\.rows) == ["unmet_need"])
    #expect(aggregate.crosstabs.map(\.columns) == ["sex"])
    #expect(aggregate.interval == .wald && aggregate.level == 0.95)
    guard case .report(let report) = definition.stages[4].spec else {
      Issue.record("stage 5 is not a report stage")
      return
    }
    #expect(report.outputs == [.estimates] && report.language == nil && report.profiles == nil)
    #expect(report.disclosure == StageSpec.Report.Disclosure())
  }

  @Test("reports a missing and an unknown top-level key together, sorted by place")
  func topLevelKeys() {
    #expect(
      problems(PipelineErrorTests.samples[0]) == [
        "p.yaml:1:1: error: missing required key 'stages'",
        "p.yaml:3:1: error: unknown key 'stagse'; expected one of: name, description, inputs, output, stages",
      ])
  }

  @Test("reports every problem of the stages at once, each at its line and column")
  func manyErrors() {
    let root = packageRoot()
    #expect(
      problems(PipelineErrorTests.samples[1]) == [
        "p.yaml:3:12: error: input 'surveys': no file matches '\(root)/SampleData/nothing_*.csv'",
        "p.yaml:4:12: error: input 'margins': file '\(root)/SampleData/missing.csv' does not exist",
        "p.yaml:8:12: error: stage 'read': 'files' names unknown input 'survey'; expected one of: surveys, margins",
        "p.yaml:9:5: error: stage name 'read' is already used at line 6",
        "p.yaml:10:11: error: stage 'read': unknown kind 'wieght'; expected one of: ingest, clean, weight, aggregate, report",
        "p.yaml:11:5: error: stage 'w': missing required key 'design'",
        "p.yaml:11:5: error: stage 'w': missing required key 'method'",
        "p.yaml:11:5: error: stage 'w': missing required key 'margins'",
        "p.yaml:11:43: error: stage 'w': needs unknown stage 'gone'; expected one of: read, w, a, c, r",
        "p.yaml:11:50: error: stage 'w': unknown key 'methd'; expected one of: name, kind, needs, per, design, method,"
          + " margins, variables, collapse, bounds, trim, variance, max_iterations",
        "p.yaml:15:21: error: stage 'a': estimate 1: unknown statistic 'prop'; expected one of: mean, total, proportion,"
          + " ratio, quantile",
        "p.yaml:16:9: error: stage 'a': estimate 2 (ratio): missing required key 'numerator'",
        "p.yaml:16:9: error: stage 'a': estimate 2 (ratio): missing required key 'denominator'",
        "p.yaml:16:28: error: stage 'a': estimate 2 (ratio): unknown key 'variable'; expected one of: statistic,"
          + " numerator, denominator, by",
        "p.yaml:21:9: error: stage 'c': rule 1 (range): missing required key 'variable'",
        "p.yaml:22:15: error: stage 'c': rule 2: unknown rule kind 'recod'; expected one of: trim_case, recode,"
          + " duplicates, skip_logic, derive_count, scale_score, range, country_iso, required",
        "p.yaml:25:15: error: stage 'r': unknown output 'profile'; expected one of: profiles, estimates, crosstabs,"
          + " weights, cleaning_log, rejects",
      ])
  }

  @Test("names each cycle of needs, and a stage that needs itself")
  func cycles() {
    #expect(
      problems(PipelineErrorTests.samples[2]) == [
        "p.yaml:5:36: error: stage 'b': 'needs' makes a cycle: a -> c -> b -> a",
        "p.yaml:7:36: error: stage 'd': 'needs' makes a cycle: d -> d",
      ])
  }

  @Test("includes the codebook's own diagnostics, a missing rules file and flow-style inline rules")
  func filesItNames() {
    let dir = TemporaryDirectory()
    dir.write("cb.yaml", "variables:\n  - {name: a, type: categorcal}\n")
    dir.write("data.csv", "a\n1\n")
    let yaml = """
      name: t
      inputs: {data: data.csv, cb: cb.yaml}
      stages:
        - {name: i, kind: ingest, files: data, codebook: cb}
        - {name: c, kind: clean, needs: i, rules_file: rules.yaml}
        - {name: d, kind: clean, needs: i, rules: [{rule: range}]}
      """
    var messages: [String] = []
    do {
      _ = try PipelineDefinition(yaml: yaml, path: "p.yaml", root: dir.path)
    } catch {
      messages = error.items.map(\.description)
    }
    #expect(
      messages.sorted()
        == [
          "\(dir.path)/cb.yaml:2:21: error: variable 'a': unknown type 'categorcal'; expected one of: id, categorical,"
            + " ordinal, binary, numeric, multi-select, text, date",
          "p.yaml:5:50: error: stage 'c': cannot read rules file '\(dir.path)/rules.yaml': No such file or directory",
          "p.yaml:6:46: error: stage 'd': rule 1 (range): missing required key 'variable'",
        ].sorted())
  }

  @Test("reports a YAML syntax error at the parser's place")
  func syntaxError() {
    #expect(
      problems("name: [x") == [
        "p.yaml:2:1: error: invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'"
      ])
  }

  @Test("finds the project root from the pipeline file's path")
  func projectRoot() {
    #expect(PipelineDefinition.projectRoot(of: "Pipelines/x.yaml") == "")
    #expect(PipelineDefinition.projectRoot(of: "x.yaml") == "..")
    #expect(PipelineDefinition.projectRoot(of: "/srv/study/Pipelines/x.yaml") == "/srv/study")
    #expect(PipelineDefinition.projectRoot(of: "./Pipelines/x.yaml") == ".")
  }

  @Test("orders the stages by their needs, written order breaking ties")
  func topologicalOrder() throws {
    let yaml = """
      name: order
      inputs: {}
      stages:
        - {name: last, kind: report, needs: [b, a], outputs: [estimates]}
        - {name: b, kind: report, needs: a, outputs: [estimates]}
        - {name: a, kind: report, outputs: [estimates]}
        - {name: c, kind: report, outputs: [estimates]}
      """
    let graph = StageGraph(try load(yaml))
    #expect(graph.order.map(\.name) == ["a", "b", "last", "c"])
  }

  @Test("draws the plan as text, Mermaid and DOT")
  func planFormats() throws {
    let graph = StageGraph(try load(Self.valid))
    #expect(
      graph.render(.text) == """
        pipeline 'small' (p.yaml): 5 stages, output to \(packageRoot())/output/
        inputs:
          surveys: SampleData/survey_M*.csv (1 file)
          codebook: SampleData/codebook.yaml (1 file)
          margins: SampleData/margins.csv (1 file)
        stages, in order:
          1. read (ingest)
          2. tidy (clean), needs read
          3. weigh (weight), needs tidy, per country (10 tasks: GR, IT, DE, BG, FR, CY, MT, SE, AT, ES)
          4. sums (aggregate), needs weigh
          5. out (report), needs sums

        """)
    #expect(
      graph.render(.mermaid) == """
        graph TD
          s1["read (ingest)"]
          s2["tidy (clean)"]
          s3["weigh (weight, per country x10)"]
          s4["sums (aggregate)"]
          s5["out (report)"]
          s1 --> s2
          s2 --> s3
          s3 --> s4
          s4 --> s5

        """)
    #expect(
      graph.render(.dot) == """
        digraph "small" {
          rankdir=TB;
          node [shape=box];
          "read" [label="read (ingest)"];
          "tidy" [label="tidy (clean)"];
          "weigh" [label="weigh (weight, per country x10)"];
          "sums" [label="sums (aggregate)"];
          "out" [label="out (report)"];
          "read" -> "tidy";
          "tidy" -> "weigh";
          "weigh" -> "sums";
          "sums" -> "out";
        }

        """)
  }

  @Test("the pipeline files in Pipelines/ are valid", arguments: ["mig-healthcare.yaml", "guinea-mining.yaml"])
  func shippedPipelines(file: String) throws {
    let root = packageRoot()
    let definition = try PipelineDefinition.load(path: "\(root)/Pipelines/\(file)")
    #expect(definition.stages.map(\.kind) == [.ingest, .clean, .weight, .aggregate, .report])
  }
}

enum PipelineErrorTests {
  static let samples = [
    """
    name: x
    inputs: {}
    stagse: []
    """,
    """
    name: x
    inputs:
      surveys: SampleData/nothing_*.csv
      margins: SampleData/missing.csv
    stages:
      - name: read
        kind: ingest
        files: survey
      - name: read
        kind: wieght
      - {name: w, kind: weight, needs: [read, gone], methd: rake}
      - name: a
        kind: aggregate
        estimates:
          - {statistic: prop, variable: x}
          - {statistic: ratio, variable: x}
      - name: c
        kind: clean
        needs: read
        rules:
          - {rule: range, min: 0}
          - rule: recod
      - name: r
        kind: report
        outputs: [profile]
    """,
    """
    name: x
    inputs: {}
    stages:
      - {name: a, kind: report, needs: c, outputs: [estimates]}
      - {name: b, kind: report, needs: a, outputs: [estimates]}
      - {name: c, kind: report, needs: [b], outputs: [estimates]}
      - {name: d, kind: report, needs: d, outputs: [estimates]}
    """,
  ]
}

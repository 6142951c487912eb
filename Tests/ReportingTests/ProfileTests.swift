import Foundation
import TestSupport
import Testing

@testable import Reporting

@Suite("Profiles")
struct ProfileTests {
  @Test("embeds each default template exactly as the file in Templates/", arguments: ProfileTemplates.Name.allCases)
  func embeddedEqualsFile(_ name: ProfileTemplates.Name) throws {
    let file = try String(contentsOfFile: "\(packageRoot())/Templates/\(name.fileName)", encoding: .utf8)
    #expect(EmbeddedTemplates.text(name) == file)
  }

  @Test("renders the Markdown profile of a small country")
  func goldenMarkdown() throws {
    let renderer = ProfileRenderer(templates: try .embedded(), settings: ProfileFixture.settings)
    let markdown = renderer.profile(ProfileFixture.small).markdown
    // Shares are percentages with one decimal and CI estimate -/+ 1.96 se (cost: 25 -/+ 9.8).
    // Language: RSE 0.08 / 0.2 = 0.4 > 0.3, flagged; transport: n 7 < 10, suppressed.
    // Weights 1, 2, 3, 2: sum 8, mean 2, sd sqrt(2/3) = 0.816, CV 0.408, Kish deff
    // 4 * 18 / 64 = 1.125, effective n 64 / 18 = 3.6. Quotes are off by default.
    // Labels are escaped for Markdown: `Cost \| fees`, `Language \<b\>`, `waiting\_times`.
    let expected = #"""
      # Germany: migrant-health profile

      Test study. Country code DE; 4 respondents (unweighted).

      All estimates are weighted, with 95% confidence intervals. Estimates based on fewer than
      10 respondents, or with a relative standard error above 50%,
      are suppressed (never shown as zero); those with a relative standard error above
      30% are flagged unreliable.

      ## Sample description

      | Variable | Group | Weighted share | 95% CI | n | Flag |
      | --- | --- | ---: | ---: | ---: | --- |
      | sex | female | 50.0% | 40.2–59.8% | 40 |  |

      ## Health status

      | Indicator | Level | Estimate | 95% CI | n | Flag |
      | --- | --- | ---: | ---: | ---: | --- |
      | srh | good | 60.0% | 52.2–67.8% | 40 |  |

      ## Barriers to care

      | Barrier | Prevalence | 95% CI | n | Flag |
      | --- | ---: | ---: | ---: | --- |
      | Cost \| fees | 25.0% | 15.2–34.8% | 40 |  |
      | Language \<b\> | 20.0% | 4.3–35.7% | 40 | unreliable |
      | barrier\_transport | suppressed |  |  | suppressed\_small\_n |

      ## Barrier index

      Index mean 0.40 (SE 0.050, 95% CI 0.30–0.50); rank 2, rank interval 1–3
      (rank 1 = most barriers).

      ## Unmet need by legal status

      No unmet-need table.

      ## Weighting diagnostics

      | Respondents | Sum of weights | Minimum | Maximum | Mean | CV | Kish deff | Effective n |
      | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | 4 | 8.0 | 1.000 | 3.000 | 2.000 | 0.408 | 1.125 | 3.6 |

      ## Focus-group themes

      | Code | Access dimension | Segments | Documents |
      | --- | --- | ---: | ---: |
      | waiting\_times | availability | 12 | 5 |

      ## Notes

      - unreliable: relative standard error above 30%; interpret with caution.
      - suppressed\_small\_n: fewer than 10 respondents (unweighted); the estimate is withheld, not zero.
      - Rank 1 is the country with the most barriers; the rank interval comes from replicate weights.

      """#
    #expect(markdown == expected)
  }

  @Test("publishes focus-group quotes only when the rules allow quotes")
  func quotesOptIn() throws {
    var settings = ProfileFixture.settings
    let closed = ProfileRenderer(templates: try .embedded(), settings: settings).profile(ProfileFixture.small)
    #expect(!closed.markdown.contains("six weeks") && !closed.html.contains("six weeks"))
    settings.rules.publishQuotes = true
    let open = ProfileRenderer(templates: try .embedded(), settings: settings).profile(ProfileFixture.small)
    #expect(open.markdown.contains("> We waited six weeks."))
    #expect(open.html.contains("<blockquote>We waited six weeks.</blockquote>"))
  }

  @Test("renders standalone HTML with the inline bar chart and escaped labels")
  func html() throws {
    let html = ProfileRenderer(templates: try .embedded(), settings: ProfileFixture.settings)
      .profile(ProfileFixture.small).html
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<style>\n  body { font-family"))  // the style.css partial, inline
    #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-barriers-DE\""))
    #expect(html.contains("<td>Language &lt;b&gt;</td>"))
    #expect(html.contains(">Language &lt;b&gt;</text>"))
    #expect(!html.contains("<b>"))
    #expect(!html.contains("http://") || !html.contains("<script"))
    #expect(!html.contains("<script"))
  }

  @Test("renders the comparison with the heat map and the rank table")
  func comparison() throws {
    let renderer = ProfileRenderer(templates: try .embedded(), settings: ProfileFixture.studySettings)
    let document = renderer.comparison(ProfileFixture.study)
    #expect(document.html.contains("id=\"chart-barriers-by-country\""))
    // Ranks sorted: Sweden (offset 3) has rank 1.
    #expect(document.markdown.contains("| 1 | Sweden | 0.51 | 0.030 | 0.45–0.57 | 1–2 |"))
  }

  @Test("names the template file and line of a name the profile does not have")
  func unknownName() throws {
    let folder = TemporaryDirectory("templates")
    folder.write("profile.md.mustache", "# {{countryName}}\n\n{{#barier}}x{{/barier}}\n")
    #expect(
      throws: PublishingError(
        path: "\(folder.path)/profile.md.mustache", line: 3, column: 1,
        "unknown name 'barier' in {{#barier}}: the profile has no such value (Templates/README.md lists the names)")
    ) {
      try ProfileTemplates(folder: folder.path)
    }
  }

  @Test("names the template file and line of a partial that is not a template")
  func unknownPartial() throws {
    let folder = TemporaryDirectory("templates")
    folder.write("profile.html.mustache", "<style>\n  {{> styles.css}}\n</style>\n")
    #expect(
      throws: PublishingError(
        path: "\(folder.path)/profile.html.mustache", line: 2, column: 3,
        "unknown partial 'styles.css': the partials are comparison.html, comparison.md, profile.html, profile.md, "
          + "style.css")
    ) {
      try ProfileTemplates(folder: folder.path)
    }
  }

  @Test("names the template file and line of a Mustache syntax error")
  func syntaxError() throws {
    let folder = TemporaryDirectory("templates")
    folder.write("comparison.html.mustache", "<h1>{{study}}</h1>\n{{#hasRanks}}\n<p>open</p>\n")
    let error = #expect(throws: PublishingError.self) { try ProfileTemplates(folder: folder.path) }
    #expect(error?.path == "\(folder.path)/comparison.html.mustache")
    #expect(error?.message == "template syntax: a section is not closed (missing '{{/name}}')")
    #expect(error?.line != nil)
  }

  @Test("uses a folder's template where it has one and the embedded default elsewhere")
  func override() throws {
    let folder = TemporaryDirectory("templates")
    folder.write("profile.md.mustache", "Profile of {{countryName}} ({{respondents}})\n")
    let templates = try ProfileTemplates(folder: folder.path)
    #expect(templates.sources[.profileMarkdown] == "\(folder.path)/profile.md.mustache")
    #expect(templates.sources[.profileHTML] == "embedded:profile.html.mustache")
    let document = ProfileRenderer(templates: templates, settings: ProfileFixture.settings)
      .profile(ProfileFixture.small)
    #expect(document.markdown == "Profile of Germany (4)\n")
    #expect(document.html.contains("<h1>Germany: migrant-health profile</h1>"))
    #expect(throws: PublishingError(path: "/nonexistent", "the template folder does not exist")) {
      try ProfileTemplates(folder: "/nonexistent")
    }
  }

  /// Writes the sample study's outputs; into $MIGHEALTH_SAMPLE_PROFILES when set (for
  /// `make check-html`), else into a temporary folder.
  @Test("writes profiles, tidy CSV per table, footnotes and one workbook with a sheet per table")
  func publish() throws {
    let temporary = TemporaryDirectory("profiles")
    let folder = ProcessInfo.processInfo.environment["MIGHEALTH_SAMPLE_PROFILES"] ?? temporary.path
    let renderer = ProfileRenderer(templates: try .embedded(), settings: ProfileFixture.studySettings)
    let written = try ProfilePublisher.write(ProfileFixture.study, renderer: renderer, to: folder)
    // 4 countries x 7 tables + 2 comparison tables = 30 CSV files; 5 documents in 2 forms.
    #expect(written.filter { $0.hasSuffix(".csv") }.count == 31)
    #expect(written.filter { $0.hasSuffix(".html") || $0.hasSuffix(".md") }.count == 10)
    for path in written { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
    let barriers = try String(contentsOfFile: "\(folder)/tables/barriers_IT.csv", encoding: .utf8)
    #expect(barriers.hasPrefix("country,variable,level,estimate,se,ci_low,ci_high,n,flag\n"))
    #expect(
      barriers.contains(
        "IT,barrier_documents,yes,suppressed,suppressed,suppressed,suppressed,suppressed,suppressed_small_n\n"))
    let workbook = try unzip("\(folder)/tables.xlsx", "xl/workbook.xml")
    #expect(workbook.components(separatedBy: "<sheet name=").count - 1 == 30)
    #expect(workbook.contains(#"<sheet name="unmet_need_DE""#))
  }
}

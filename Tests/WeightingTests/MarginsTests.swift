import SurveyCore
import Testing
import Weighting

/// Reading margins files: every problem names the line and says what was expected.
@Suite("Margins files")
struct MarginsTests {
  @Test("reads levels, numeric totals and a grouping column")
  func reads() throws {
    let read = try InlineMargins(
      """
      country,variable,level,total
      DE,sex,F,412
      DE,income,,1.5e6
      """)
    #expect(read.margins.groupVariable == "country")
    #expect(read.margins.variables == ["sex", "income"])
    let entries = read.margins.entries
    #expect(entries.map(\.level) == ["F", nil])
    #expect(entries.map(\.total) == [412, 1.5e6])
    #expect(entries.map(\.group) == ["DE", "DE"])
    #expect(entries.map { $0.location?.line } == [2, 3])
  }

  @Test("reports a file without the required columns")
  func missingColumns() throws {
    let text = failure { () throws(WeightingError) in
      _ = try InlineMarginsOutcome("variable,value,total\nsex,F,1\n").margins()
    }
    #expect(
      text == "margins.csv: a margins file needs the columns variable, level and total; this one has variable,"
        + " value and total")
  }

  @Test("reports more than one extra column")
  func extraColumns() throws {
    let text = failure { () throws(WeightingError) in
      _ = try InlineMarginsOutcome("country,year,variable,level,total\nDE,2024,sex,F,1\n").margins()
    }
    #expect(
      text == "margins.csv: the margins file has the extra columns 'country' and 'year'; give at most one, the"
        + " grouping variable, besides variable, level and total")
  }

  @Test(
    "reports the line of a bad row",
    arguments: [
      ("variable,level,total\nsex,F,1\nsex,M,abc\n", "margins.csv:3: total 'abc' is not a number"),
      (
        "variable,level,total\nsex,F,1\nsex,M,\n",
        "margins.csv:3: the total is empty; every margin needs a population total"
      ),
      (
        "variable,level,total\nsex,F,-5\n",
        "margins.csv:2: the total of sex = 'F' is -5; a population count cannot be negative"
      ),
      ("variable,level,total\nsex,F,1\nsex,F,2\n", "margins.csv:3: sex = 'F' is given twice (also on line 2)"),
      (
        "variable,level,total\nage,,100\nage,young,40\n",
        "margins.csv:3: 'age' has rows with a level and a row without; a categorical variable takes one total per"
          + " level, a numeric variable one total with an empty level"
      ),
      ("variable,level,total\n,F,1\n", "margins.csv:2: variable is empty; every margin names a variable of the data"),
      (
        "country,variable,level,total\nDE,sex,F,1\n,sex,M,1\n",
        "margins.csv:3: 'country' is empty; with a grouping column every margin belongs to a group"
      ),
      (
        "country,variable,level,total\nDE,country,DE,1\n",
        "margins.csv:2: 'country' is the grouping column and cannot also be a margin variable"
      ),
    ])
  func badRow(csv: String, expected: String) throws {
    let text = failure { () throws(WeightingError) in _ = try InlineMarginsOutcome(csv).margins() }
    #expect(text == expected)
  }

  @Test("refuses margins without rows")
  func empty() {
    let text = failure { () throws(WeightingError) in _ = try Margins(entries: []) }
    #expect(text == "margins: the margins have no rows")
  }
}

/// Margins read from inline CSV, with the error kept for `failure`.
struct InlineMarginsOutcome {
  let source: InlineTable?

  init(_ csv: String) {
    source = try? InlineTable(csv, name: "margins.csv")
  }

  func margins() throws(WeightingError) -> Margins {
    guard let table = source?.table else { throw WeightingError("the CSV could not be read") }
    return try Margins(table: table)
  }
}

import Foundation
import TestSupport
import Testing

@testable import Reporting

/// A table with text that a spreadsheet would run, numbers (one negative), an integer,
/// an empty cell and a suppressed one.
private let mixed = PublishedTable(
  name: "mixed", title: "Mixed cells",
  columns: [
    PublishedTable.Column("label", .text), PublishedTable.Column("value", .number(decimals: 2)),
    PublishedTable.Column("n", .integer), PublishedTable.Column("flag", .text),
  ],
  rows: [
    [.text("=1+2"), .number(-0.5), .integer(12), .text("")],
    [.text("plain, with comma"), .number(0.125), .integer(40), .text("")],
    [.text("@SUM(A1)"), .suppressed(.smallCount(n: 3, minimum: 10)), .integer(3), .text("suppressed_small_n")],
    [.text("NaN"), .number(.nan), .empty, .text("")],
  ],
  footnotes: ["suppressed_small_n: fewer than 10 respondents (unweighted); the estimate is withheld, not zero."])

@Suite("Published table outputs")
struct TableOutputTests {
  @Test(
    "neutralizes text that starts like a formula", arguments: ["=cmd", "+1", "-1", "@A1", "\tx", "\rx"])
  func neutralizesPrefix(_ text: String) {
    #expect(SpreadsheetText.neutralized(text) == "'" + text)
  }

  @Test("leaves other text alone", arguments: ["cost", "", " =x", "1-2", "'quoted", "a=b"])
  func leavesText(_ text: String) {
    #expect(SpreadsheetText.neutralized(text) == text)
  }

  @Test("writes tidy CSV: neutralized text, numbers in full and never neutralized, suppressed marker")
  func csvText() {
    #expect(
      TableCSVWriter.text(mixed) == """
        label,value,n,flag
        '=1+2,-0.5,12,
        "plain, with comma",0.125,40,
        '@SUM(A1),suppressed,3,suppressed_small_n
        NaN,NA,,

        """)
  }

  @Test("writes an estimate table with its CI and flag columns, suppressed cells as the marker")
  func estimateCSV() {
    var published = ProfileFixture.share("cost", "yes", 0.25, se: 0.02, n: 120, country: "DE")
    (published.ciLow, published.ciHigh) = (0.21, 0.29)
    var unreliable = ProfileFixture.share("cost", "yes", 0.2, se: 0.08, n: 40, country: "FR")
    (unreliable.ciLow, unreliable.ciHigh) = (0.05, 0.35)
    let small = ProfileFixture.share("cost", "yes", 0.5, se: 0.1, n: 6, country: "IT")
    let table = PublishedTable.estimates([published, unreliable, small], name: "cost", title: "Cost")
    #expect(
      TableCSVWriter.text(table) == """
        country,variable,level,estimate,se,ci_low,ci_high,n,flag
        DE,cost,yes,0.25,0.02,0.21,0.29,120,
        FR,cost,yes,0.2,0.08,0.05,0.35,40,unreliable
        IT,cost,yes,suppressed,suppressed,suppressed,suppressed,suppressed,suppressed_small_n

        """)
  }

  @Test("writes the CSV file atomically with the same text")
  func csvFile() throws {
    let folder = TemporaryDirectory("publish-csv")
    try TableCSVWriter.write(mixed, to: "\(folder.path)/mixed.csv")
    #expect(folder.read("mixed.csv") == TableCSVWriter.text(mixed))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["mixed.csv"])
  }

  @Test("names the file it cannot write")
  func csvError() {
    #expect(throws: PublishingError(path: "/nonexistent/x.csv", "cannot write: No such file or directory")) {
      try TableCSVWriter.write(mixed, to: "/nonexistent/x.csv")
    }
  }

  @Test("makes valid, unique sheet names of at most 31 characters")
  func sheetNames() {
    let long = String(repeating: "a", count: 40)
    #expect(
      WorkbookWriter.sheetNames(["a/b:c", "A_B_C", long, long, "'x'", "", "[*?\\]"]) == [
        "a_b_c", "A_B_C~2", String(repeating: "a", count: 31), String(repeating: "a", count: 29) + "~2", "x",
        "Sheet", "_____",
      ])
  }

  @Test("writes an XLSX workbook: a sheet per table, numbers as numbers, markers and footnotes as text")
  func workbook() throws {
    let folder = TemporaryDirectory("publish-xlsx")
    let path = "\(folder.path)/tables.xlsx"
    var second = mixed
    second.name = "second: [copy]"
    try WorkbookWriter.write([mixed, second], to: path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["tables.xlsx"])
    let workbookXML = try unzip(path, "xl/workbook.xml")
    #expect(workbookXML.contains(#"<sheet name="mixed" sheetId="1""#))
    #expect(workbookXML.contains(#"<sheet name="second_ _copy_" sheetId="2""#))
    let sheet = try unzip(path, "xl/worksheets/sheet1.xml")
    let strings = try unzip(path, "xl/sharedStrings.xml")
    // A number is a cell with its value in <v> and no t="s" (a shared string's index).
    #expect(cell("B2", sheet).hasSuffix("><v>-0.5</v></c>") && !cell("B2", sheet).contains(#"t="s""#))
    #expect(cell("C2", sheet) == #"<c r="C2"><v>12</v></c>"#)
    #expect(cell("B3", sheet).hasSuffix("><v>0.125</v></c>") && !cell("B3", sheet).contains(#"t="s""#))
    #expect(cell("B4", sheet).contains(#"t="s""#))
    #expect(strings.contains("<t>'=1+2</t>"))
    #expect(strings.contains("<t>'@SUM(A1)</t>"))
    #expect(strings.contains("<t>suppressed</t>"))
    #expect(strings.contains("<t>Mixed cells</t>"))
    #expect(strings.contains("<t>suppressed_small_n: fewer than 10 respondents"))
    // The title goes two rows under the last of 4 rows (row 7 of the sheet), footnotes follow.
    #expect(sheet.contains(#"<row r="7""#) && sheet.contains(#"<row r="8""#))
  }

  @Test("names the workbook it cannot write")
  func workbookError() {
    let error = #expect(throws: PublishingError.self) { try WorkbookWriter.write([mixed], to: "/nonexistent/t.xlsx") }
    #expect(
      error?.description
        == "/nonexistent/t.xlsx: error: cannot write the workbook: writing: Error creating output xlsx file. "
        + "Usually a permissions error.")
  }
}

/// The `<c>` element of the cell at `reference` in a sheet's XML, or "" when absent.
func cell(_ reference: String, _ sheet: String) -> String {
  guard let start = sheet.range(of: "<c r=\"\(reference)\"") else { return "" }
  guard let end = sheet[start.lowerBound...].range(of: "</c>") else { return "" }
  return String(sheet[start.lowerBound..<end.upperBound])
}

/// The text of `entry` in the zip file at `path` (`unzip -p`; unzip comes with `make deps`).
func unzip(_ path: String, _ entry: String) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
  process.arguments = ["-p", path, entry]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  #expect(process.terminationStatus == 0, "unzip -p \(path) \(entry)")
  return String(decoding: data, as: UTF8.self)
}

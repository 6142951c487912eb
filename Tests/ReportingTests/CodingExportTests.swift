import SurveyCore
import TestSupport
import Testing

@testable import Reporting

private let header = "document_id,country,session_type,participant_type,coder,code,segment_id,segment_text\n"

private func read(_ text: String, options: CodingExport.Options = .init()) throws(Diagnostic) -> CodingExport {
  try CodingExport(bytes: Array(text.utf8), file: "f.csv", options: options)
}

@Suite("Coding export reader")
struct CodingExportTests {
  // Line 2-3 holds a quoted line break; line 10 is blank; line 11 ends in CRLF.
  static let export =
    header
    + "D1,GR,FGD,migrant,A,cost,S1,\"a quote,\nover two lines\"\n"  // 2-3 accepted
    + "D1,GR,FGD,migrant,A,,S1,x\n"  // 4 missing code
    + ",GR,FGD,migrant,A,fear,S9,x\n"  // 5 empty document id
    + "D1,GR,FGD,migrant,C,fear,S1,x\n"  // 6 unknown coder
    + "D2,GR,FGD,migrant,A,fear,S1,x\n"  // 7 segment in another document
    + "D1,GR,FGD,migrant,A,cost,S1,x\n"  // 8 duplicate of line 2
    + "D1,GR,FGD,migrant,A,fear\n"  // 9 too few fields
    + "\n"  // 10 blank
    + "D1,GR,FGD,migrant,B,cost,S1,x\r\n"  // 11 accepted
    + "D1,GR,FGD,migrant,B,fear,S1,x\n"  // 12 accepted

  @Test("reports every bad row with file, line, column and reason, and the counts balance")
  func rejects() throws {
    let export = try read(Self.export, options: .init(knownCoders: ["A", "B"]))
    #expect(
      export.rejects.map(\.description) == [
        "f.csv:4:6: error: column 'code': missing code",
        "f.csv:5:1: error: column 'document_id': empty document id",
        "f.csv:6:5: error: column 'coder': unknown coder 'C' (expected 'A', 'B')",
        "f.csv:7:1: error: column 'document_id': segment 'S1' has document_id 'D1' on line 2, not 'D2'",
        "f.csv:8:6: error: column 'code': duplicate of line 2: coder 'A' already applied 'cost' to 'S1'",
        "f.csv:9:7: error: the row has 6 fields; the header has 8",
      ])
    #expect(export.rows.map { $0.location.line } == [2, 11, 12])
    #expect(export.rowsRead == 9 && export.rows.count == 3 && export.rejects.count == 6)
    #expect(export.segments.map(\.codesByCoder) == [["A": ["cost"], "B": ["cost", "fear"]]])
  }

  @Test("keeps segment texts only when quotes are asked for")
  func quotes() throws {
    #expect(try read(Self.export).rows.allSatisfy { $0.segmentText == nil })
    let quoted = try read(Self.export, options: .init(keepsQuotes: true))
    #expect(quoted.rows.first?.segmentText == "a quote,\nover two lines")
  }

  @Test("refuses a file without a required column, naming it")
  func missingColumn() throws {
    #expect(throws: Diagnostic.self) { try read("document_id,country,code\nD1,GR,cost\n") }
    do {
      _ = try read("document_id,country,session_type,participant_type,code,segment_id\n")
    } catch {
      #expect(
        error.description
          == "f.csv:1: error: the coding export has no column 'coder' (the header has: document_id, country, "
          + "session_type, participant_type, code, segment_id)")
    }
  }

  @Test("locates an unterminated quote")
  func unterminatedQuote() throws {
    do {
      _ = try read(header + "D1,GR,FGD,migrant,A,cost,S1,ok\nD1,GR,FGD,migrant,A,fear,S1,\"open\n")
      Issue.record("an open quote must throw")
    } catch {
      #expect(
        error.description
          == "f.csv:3:8: error: unterminated quote: the quoted field that starts here is still open at the end of the file"
      )
    }
  }

  @Test("reads the sample study's export whole: 1116 rows, 554 segments, 151 double-coded")
  func sampleData() throws {
    let export = try CodingExport.read(
      path: packageRoot() + "/SampleData/coding_export.csv", options: .init(knownCoders: ["coder_A", "coder_B"]))
    #expect(export.rowsRead == 1116 && export.rejects.isEmpty)
    #expect(export.segments.count == 554)
    let agreement = CoderAgreement(export.segments, firstCoder: "coder_A", secondCoder: "coder_B")
    #expect(agreement.segments == 151)
    #expect(agreement.alphaUnits == 151 * agreement.codes.count)
  }
}

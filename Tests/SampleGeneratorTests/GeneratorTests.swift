import Foundation
import Ingest
import SurveyCore
import Testing

@testable import SampleGenerator

/// A fresh directory under the system's temporary directory, removed by the caller.
private func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("mighealth-gen-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Generates a study into a fresh directory and hands it to `body`.
private func withStudy<T>(
  respondents: Int = SampleStudy.defaultRespondents, seed: UInt64 = SampleStudy.defaultSeed,
  _ body: (URL) throws -> T
) throws -> T {
  let directory = try temporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  _ = try SampleStudy(respondents: respondents, seed: seed).write(to: directory.path)
  return try body(directory)
}

private func contents(_ directory: URL, _ name: String) throws -> Data {
  try Data(contentsOf: directory.appendingPathComponent(name))
}

/// The records of a CSV file: quotes folded, a leading BOM kept off, CRLF and LF
/// both ending a record outside quotes. Deliberately independent of CSVCodec.
private func records(_ data: Data, delimiter: UInt8) -> [[String]] {
  var bytes = [UInt8](data)
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
  var result: [[String]] = []
  var fields: [String] = []
  var field: [UInt8] = []
  var inQuotes = false
  var index = 0
  let quote = UInt8(ascii: "\"")
  let cr = UInt8(ascii: "\r")
  let lf = UInt8(ascii: "\n")
  while index < bytes.count {
    let byte = bytes[index]
    if inQuotes {
      if byte == quote {
        if index + 1 < bytes.count && bytes[index + 1] == quote {
          field.append(quote)
          index += 1
        } else {
          inQuotes = false
        }
      } else {
        field.append(byte)
      }
    } else if byte == quote {
      inQuotes = true
    } else if byte == delimiter {
      fields.append(String(decoding: field, as: UTF8.self))
      field = []
    } else if byte == cr && index + 1 < bytes.count && bytes[index + 1] == lf {
      // The LF that follows ends the record.
    } else if byte == lf {
      fields.append(String(decoding: field, as: UTF8.self))
      result.append(fields)
      fields = []
      field = []
    } else {
      field.append(byte)
    }
    index += 1
  }
  return result
}

private func delimiter(of file: String) -> UInt8 {
  file == "survey_DE.csv" ? UInt8(ascii: ";") : UInt8(ascii: ",")
}

/// The physical line (1-based, the header on line 1) on which the record of
/// respondent `id` starts in the survey file `data`.
private func physicalLine(of id: String, in data: Data, delimiter: UInt8) -> Int? {
  let needle = [UInt8(ascii: "\n")] + Array(id.utf8) + [delimiter]
  let bytes = [UInt8](data)
  guard let start = bytes.indices.first(where: { bytes[$0] == needle[0] && bytes[$0...].starts(with: needle) })
  else { return nil }
  return bytes[..<start].count(where: { $0 == UInt8(ascii: "\n") }) + 2
}

@Suite("The synthetic sample study")
struct GeneratorTests {
  @Test("the same seed gives byte-identical files")
  func sameSeedSameBytes() throws {
    let first = try withStudy { directory in try SampleStudy.fileNames.map { try contents(directory, $0) } }
    let second = try withStudy { directory in try SampleStudy.fileNames.map { try contents(directory, $0) } }
    for (name, (a, b)) in zip(SampleStudy.fileNames, zip(first, second)) {
      #expect(a == b, "\(name) differs between two runs with the same seed")
    }
  }

  @Test("a different seed gives different survey files")
  func differentSeedDifferentSurveys() throws {
    let surveys = SampleStudy.countries.map { "survey_\($0).csv" }
    let first = try withStudy { directory in try surveys.map { try contents(directory, $0) } }
    let second = try withStudy(seed: SampleStudy.defaultSeed + 1) { directory in
      try surveys.map { try contents(directory, $0) }
    }
    for (name, (a, b)) in zip(surveys, zip(first, second)) {
      #expect(a != b, "\(name) is the same for two seeds")
    }
  }

  @Test("the committed SampleData/ is a fresh generation with the defaults")
  func committedSampleDataIsReproducible() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let committed = root.appendingPathComponent("SampleData")
    try withStudy { directory in
      for name in SampleStudy.fileNames {
        let fresh = try contents(directory, name)
        let onDisk = try? contents(committed, name)
        #expect(
          onDisk == fresh, "SampleData/\(name) differs from a fresh generation; run `swift run mighealth generate`")
      }
    }
  }

  @Test("records per country sum to the number of respondents", arguments: [100, 1_200, 2_345])
  func recordsPerCountry(respondents: Int) throws {
    let study = SampleStudy(respondents: respondents)
    #expect(study.countrySizes.reduce(0, +) == respondents)
    try withStudy(respondents: respondents) { directory in
      var total = 0
      for (country, size) in zip(SampleStudy.countries, study.countrySizes) {
        let name = "survey_\(country).csv"
        let rows = records(try contents(directory, name), delimiter: delimiter(of: name))
        #expect(rows.count - 1 == size, "\(name) has \(rows.count - 1) records, expected \(size)")
        #expect(rows.dropFirst().allSatisfy { $0[1] == country }, "\(name) holds another country's rows")
        total += rows.count - 1
      }
      #expect(total == respondents)
    }
  }

  @Test("the default sizes have small countries")
  func defaultSizes() {
    #expect(SampleStudy().countrySizes == [170, 190, 200, 60, 160, 45, 35, 120, 90, 130])
  }

  @Test("every bad row is present, at the line the README gives", arguments: [100, 1_200])
  func badRowsPresent(respondents: Int) throws {
    try withStudy(respondents: respondents) { directory in
      let readme = String(decoding: try contents(directory, "README.md"), as: UTF8.self)
      for bad in SampleStudy.badRows {
        let data = try contents(directory, bad.file)
        let rows = records(data, delimiter: delimiter(of: bad.file))
        let header = rows[0]
        let record = rows[bad.dataRow]
        let dialect = SurveyDialect.of(country: String(bad.file.dropFirst(7).prefix(2)))
        let column = try #require(header.firstIndex(of: dialect.header(of: bad.variable)))
        if let text = bad.text {
          #expect(record.count == header.count, "\(bad.file) record \(bad.dataRow)")
          #expect(record[column] == text, "\(bad.file) record \(bad.dataRow): \(record[column])")
        } else {
          #expect(record.count == header.count - 1, "\(bad.file) record \(bad.dataRow) is not one field short")
        }
        let id = record[0]
        let line = try #require(physicalLine(of: id, in: data, delimiter: delimiter(of: bad.file)))
        #expect(readme.contains("| \(bad.file) | \(line) | \(bad.dataRow) | \(id) |"), "README line of \(id)")
      }
    }
  }

  @Test("the ingest stage rejects exactly the bad rows, at their lines", arguments: [100, 1_200])
  func ingestRejectsBadRows(respondents: Int) throws {
    try withStudy(respondents: respondents) { directory in
      let files = SampleStudy.countries.map { directory.appendingPathComponent("survey_\($0).csv").path }
      let codebook = try Codebook.load(path: directory.appendingPathComponent("codebook.yaml").path)
      let result = try IngestStage.run(files: files, codebook: codebook)
      var expected: [String] = []
      for bad in SampleStudy.badRows {
        let data = try contents(directory, bad.file)
        let rows = records(data, delimiter: delimiter(of: bad.file))
        let line = try #require(physicalLine(of: rows[bad.dataRow][0], in: data, delimiter: delimiter(of: bad.file)))
        expected.append("\(bad.file):\(line)")
      }
      let rejected = result.rejects.map { reject in
        "\(reject.location.file.split(separator: "/").last ?? ""):\(reject.location.line ?? 0)"
      }
      #expect(rejected.sorted() == expected.sorted())
      #expect(result.table.rowCount == respondents - SampleStudy.badRows.count)
      #expect(result.accounts.allSatisfy { $0.balances })
    }
  }

  @Test("the local quirks are in their files")
  func localQuirks() throws {
    try withStudy { directory in
      let greek = try contents(directory, "survey_GR.csv")
      #expect(greek.starts(with: [0xEF, 0xBB, 0xBF]))
      let greekRecords = records(greek, delimiter: UInt8(ascii: ","))
      let crlf = greek.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
      #expect(crlf.filter { $0.last == UInt8(ascii: "\r") }.count == greekRecords.count)

      let german = records(try contents(directory, "survey_DE.csv"), delimiter: UInt8(ascii: ";"))
      #expect(german[0].contains("geschlecht") && german[0].contains("jahre_im_land"))
      let sex = try #require(german[0].firstIndex(of: "geschlecht"))
      let weight = try #require(german[0].firstIndex(of: "design_weight"))
      #expect(Set(german.dropFirst().map { $0[sex] }).isSuperset(of: ["weiblich", "männlich"]))
      #expect(german[1][weight].contains(","))

      let french = records(try contents(directory, "survey_FR.csv"), delimiter: UInt8(ascii: ","))
      let status = try #require(french[0].firstIndex(of: "legal_status"))
      #expect(french.dropFirst().contains { $0[status] == "demandeur d'asile" })

      let all = try SampleStudy.countries.flatMap { country in
        records(try contents(directory, "survey_\(country).csv"), delimiter: delimiter(of: "survey_\(country).csv"))
          .dropFirst().compactMap(\.last)
      }
      let comments = all.filter { !$0.isEmpty }
      #expect(Double(comments.count) / Double(all.count) > 0.15)
      #expect(comments.contains { $0.contains("\n") })
      #expect(comments.contains { $0.contains("\"") })
    }
  }

  @Test("margins add up to one total per country")
  func marginsConsistent() throws {
    let rows = Margins.rows()
    #expect(rows.count == 110)
    for country in SampleStudy.countries {
      let totals = ["sex", "age_group", "legal_status"].map { variable in
        rows.filter { $0.country == country && $0.variable == variable }.reduce(0) { $0 + $1.total }
      }
      #expect(Set(totals).count == 1, "\(country): \(totals)")
    }
  }

  @Test("the codebook declares every survey column")
  func codebookDeclaresColumns() {
    let text = CodebookText.text()
    for column in SurveyFile.columns {
      #expect(text.contains("  - name: \(column)\n"), "\(column) is not declared")
    }
  }

  @Test("the coding export has 20 focus groups and 19 interviews")
  func codingDocuments() {
    let documents = CodingExport.documents()
    #expect(documents.filter(\.isFocusGroup).count == 20)
    #expect(documents.filter { !$0.isFocusGroup }.count == 19)
  }

  @Test("SplitMix64 gives the reference sequence for seed 0")
  func splitMixReference() {
    var mixer = SplitMix64(state: 0)
    #expect(
      [mixer.next(), mixer.next(), mixer.next()] == [
        0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
      ])
  }

  @Test("the portable exponential agrees with the C library", arguments: [-30.0, -2.5, -0.1, 0, 0.3, 1, 7.25, 40])
  func portableExp(x: Double) {
    let expected = Foundation.exp(x)
    #expect(abs(PortableMath.exp(x) - expected) <= 1e-14 * expected)
  }
}

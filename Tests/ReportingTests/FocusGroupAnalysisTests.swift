import Testing

@testable import Reporting

// A hand-made export; every expected number is worked out in the comments.
//
//   segment  document  country  coder A          coder B          union
//   S1       D1        GR       cost, fear       cost, fear       cost, fear
//   S2       D1        GR       cost             language         cost, language
//   S3       D2        GR       language         language         language
//   S4       D3        IT       cost, language   cost             cost, language
//   S5       D3        IT       fear             (not coded)      fear
private let rows = [
  ("D1", "GR", "FGD", "migrant", "A", "cost", "S1"), ("D1", "GR", "FGD", "migrant", "A", "fear", "S1"),
  ("D1", "GR", "FGD", "migrant", "B", "cost", "S1"), ("D1", "GR", "FGD", "migrant", "B", "fear", "S1"),
  ("D1", "GR", "FGD", "migrant", "A", "cost", "S2"), ("D1", "GR", "FGD", "migrant", "B", "language", "S2"),
  ("D2", "GR", "interview", "provider", "A", "language", "S3"),
  ("D2", "GR", "interview", "provider", "B", "language", "S3"),
  ("D3", "IT", "FGD", "migrant", "A", "cost", "S4"), ("D3", "IT", "FGD", "migrant", "A", "language", "S4"),
  ("D3", "IT", "FGD", "migrant", "B", "cost", "S4"), ("D3", "IT", "FGD", "migrant", "A", "fear", "S5"),
]

private let segments: [CodingExport.Segment] = {
  let text =
    "document_id,country,session_type,participant_type,coder,code,segment_id\n"
    + rows.map { [$0.0, $0.1, $0.2, $0.3, $0.4, $0.5, $0.6].joined(separator: ",") }.joined(separator: "\n")
  return (try? CodingExport(bytes: Array(text.utf8), file: "hand.csv"))?.segments ?? []
}()

@Suite("Focus-group analysis")
struct FocusGroupAnalysisTests {
  @Test("counts segments and documents per country, a double-coded segment once")
  func frequencies() {
    // Union. GR: 3 segments in D1, D2. cost: S1, S2 (D1) -> 2 segments, 1 document;
    // fear: S1 -> 1, 1; language: S2 (D1), S3 (D2) -> 2, 2. IT: 2 segments in D3, each code 1, 1.
    let union = CodeFrequencies(segments, by: [.country])
    let counts = union.rows.map { "\($0.country ?? "") \($0.code) \($0.segments) \($0.documents)" }
    #expect(
      counts == ["GR cost 2 1", "GR fear 1 1", "GR language 2 2", "IT cost 1 1", "IT fear 1 1", "IT language 1 1"])
    #expect(union.rows.allSatisfy { $0.groupSegments == ($0.country == "GR" ? 3 : 2) })
    #expect(union.rows.first?.segmentShare == 2.0 / 3)
    // Primary coder A: GR language only in S3 -> 1 segment; B did not code S5, which is left out.
    let primaryA = CodeFrequencies(segments, by: [.country], counting: .primary(coder: "A"))
    #expect(primaryA.rows.first { $0.country == "GR" && $0.code == "language" }?.segments == 1)
    #expect(CodeFrequencies(segments, counting: .primary(coder: "B")).segmentsLeftOut == 1)
  }

  @Test("groups by participant type and session type")
  func facets() {
    // provider, interview: S3 only (language).
    let rows = CodeFrequencies(segments, by: [.participantType, .sessionType]).rows
    let provider = rows.filter { $0.participantType == "provider" }
    #expect(provider.map(\.code) == ["language"] && provider.first?.sessionType == "interview")
    #expect(provider.first?.country == nil)
  }

  @Test("co-occurrence counts and the Jaccard coefficient")
  func cooccurrence() throws {
    // Union over S1..S5: n_cost = 3 (S1, S2, S4), n_fear = 2 (S1, S5), n_language = 3 (S2, S3, S4).
    // cost & fear: S1 -> 1, J = 1 / (3 + 2 - 1) = 1/4; cost & language: S2, S4 -> 2, J = 2 / (3 + 3 - 2) = 1/2;
    // fear & language: none -> 0.
    let matrix = CodeCooccurrence(segments)
    #expect(matrix.codes == ["cost", "fear", "language"] && matrix.pairs.count == 6 && matrix.segments == 5)
    let costFear = try #require(matrix.pair("fear", "cost"))
    #expect(costFear.both == 1 && costFear.segmentsA == 3 && costFear.segmentsB == 2 && costFear.jaccard == 0.25)
    #expect(matrix.pair("cost", "language")?.jaccard == 0.5)
    #expect(matrix.pair("fear", "language")?.both == 0)
    #expect(matrix.pair("cost", "cost")?.jaccard == 1)
  }

  @Test("kappa per code and Krippendorff's alpha on the segments both coders coded")
  func agreement() throws {
    // Double-coded: S1..S4. cost A (y y n y), B (y n n y): p_o = 3/4, p_e = 3/4*2/4 + 1/4*2/4 = 1/2,
    // kappa = (3/4 - 1/2) / (1/2) = 1/2. fear A = B = (y n n n): kappa 1. language A (n n y y),
    // B (n y y n): p_o = 1/2, p_e = 1/2, kappa 0.
    let agreement = CoderAgreement(
      segments, firstCoder: "A", secondCoder: "B", codes: ["cost", "fear", "language", "trust"])
    #expect(agreement.segments == 4)
    #expect(agreement.codes.map(\.kappa) == [0.5, 1, 0, nil])
    #expect(agreement.codes.map(\.firstCoderSegments) == [3, 1, 2, 0])
    #expect(
      agreement.codes[3].undefinedReason
        == "Cohen's kappa is undefined: neither coder applied 'trust' to any of the 4 double-coded segments")
    // Alpha over the 4 x 3 codes in use = 12 (segment, code) units of two values, n = 24 pairable
    // values. Disagreements: cost S2, language S2 and S4, so 9 agreeing units give sum o_cc = 18 and
    // D_o = 6/24. Present values 5 + 2 + 4 = 11, absent 13: D_e = (576 - 121 - 169) / (24 * 23) = 286/552.
    // alpha = 1 - (1/4) / (286/552) = 1 - 138/286 = 74/143.
    let inUse = CoderAgreement(segments, firstCoder: "A", secondCoder: "B")
    #expect(inUse.alphaUnits == 12)
    let alpha = try #require(inUse.alpha.alpha)
    #expect(abs(alpha - 74.0 / 143) < 1e-15)
  }

  @Test("no segment coded by both coders gives reasons, not numbers")
  func noOverlap() {
    let agreement = CoderAgreement(segments, firstCoder: "A", secondCoder: "Z", codes: ["cost"])
    #expect(agreement.codes.first?.undefinedReason == "Cohen's kappa is undefined: no segment was coded by both coders")
    #expect(
      agreement.alpha.undefinedReason == "Krippendorff's alpha is undefined: no unit has values from two or more coders"
    )
  }

  @Test("top codes per country carry their access dimension; unmapped codes are kept and listed")
  func topCodes() {
    // GR: language (2 segments, 2 documents) before cost (2, 1); fear (1) is cut.
    // IT: all codes 1 segment, 1 document -> alphabetical: cost, fear; language is cut at a tie.
    let map = CodeDimensionMap(["cost": .affordability, "language": .approachability])
    let top = TopCodes(CodeFrequencies(segments), dimensions: map, limit: 2)
    #expect(
      top.rows.map { "\($0.country) \($0.rank) \($0.code) \($0.dimension?.rawValue ?? "unmapped")" } == [
        "GR 1 language approachability", "GR 2 cost affordability", "IT 1 cost affordability", "IT 2 fear unmapped",
      ])
    #expect(top.tiedAtCut == ["IT"])
    #expect(top.unmappedCodes == ["fear"])
  }
}

import Reporting
import SurveyCore

/// The report stage's focus groups and interviews: code frequencies by country and by
/// participant type, code co-occurrence, inter-coder agreement on the double-coded
/// subset, and the most frequent codes per country with their access dimension (the
/// profiles' themes). Segment texts are read only when quotes are published.
struct FocusGroupReport {
  var themes: [ThemeSummary]
  var tables: [PublishedTable]
  /// Rows of the export set aside, as diagnostics (file:line:col and reason).
  var rejects: [Diagnostic]
  var rowsRead: Int
  /// Per country and access dimension: the segments carrying a code of that dimension,
  /// and the country's segments.
  var dimensionSegments: [String: [String: Int]] = [:]
  var countrySegments: [String: Int] = [:]

  init(_ spec: StageSpec.Report.FocusGroups, path: String, quotes: Bool) throws(Diagnostic) {
    let export = try CodingExport.read(path: path, options: CodingExport.Options(keepsQuotes: quotes))
    rejects = export.rejects
    rowsRead = export.rowsRead
    let segments = export.segments
    let byCountry = CodeFrequencies(segments, by: [.country])
    let dimensions = CodeDimensionMap(spec.dimensions)
    for segment in segments {
      guard let codes = segment.codes(.union) else { continue }
      countrySegments[segment.country, default: 0] += 1
      for dimension in Set(codes.compactMap { spec.dimensions[$0]?.rawValue }) {
        dimensionSegments[segment.country, default: [:]][dimension, default: 0] += 1
      }
    }
    let top = TopCodes(byCountry, dimensions: dimensions, limit: spec.top)
    // Quotes (only when asked for): the first two distinct segment texts of each top code.
    var texts: [String: [String]] = [:]
    if quotes {
      for row in export.rows {
        guard let text = row.segmentText, !text.isEmpty else { continue }
        let key = "\(row.country)\u{0}\(row.code)"
        if !(texts[key] ?? []).contains(text), (texts[key]?.count ?? 0) < 2 { texts[key, default: []].append(text) }
      }
    }
    themes = top.rows.map { row in
      ThemeSummary(
        country: row.country, code: row.code, dimension: row.dimension?.rawValue ?? "unmapped",
        segments: row.segments, documents: row.documents, quotes: texts["\(row.country)\u{0}\(row.code)"] ?? [])
    }
    tables = [
      Self.frequencies(byCountry, name: "codes_by_country", title: "Focus groups: codes by country"),
      Self.frequencies(
        CodeFrequencies(segments, by: [.participantType]), name: "codes_by_participant",
        title: "Focus groups: codes by participant type"),
      Self.topCodes(top),
      Self.cooccurrence(CodeCooccurrence(segments)),
    ]
    if spec.coders.count == 2 {
      tables.append(
        Self.agreement(CoderAgreement(segments, firstCoder: spec.coders[0], secondCoder: spec.coders[1])))
    }
  }

  private static func frequencies(_ frequencies: CodeFrequencies, name: String, title: String) -> PublishedTable {
    let facets = frequencies.facets
    var table = PublishedTable(
      name: name, title: title,
      columns: facets.map { .init($0.rawValue, .text) } + [
        .init("code", .text), .init("segments", .integer), .init("documents", .integer),
        .init("segment_share", .number(decimals: 3)), .init("document_share", .number(decimals: 3)),
      ],
      footnotes: [
        "A segment coded by two coders counts once (the union of their codes); a document counts when any of its"
          + " segments carries the code."
      ])
    for row in frequencies.rows {
      let groups = facets.map { facet -> PublishedTable.Cell in
        switch facet {
        case .country: .text(row.country ?? "")
        case .sessionType: .text(row.sessionType ?? "")
        case .participantType: .text(row.participantType ?? "")
        }
      }
      table.append(
        groups + [
          .text(row.code), .integer(row.segments), .integer(row.documents), .number(row.segmentShare),
          .number(row.documentShare),
        ])
    }
    return table
  }

  private static func topCodes(_ top: TopCodes) -> PublishedTable {
    var table = PublishedTable(
      name: "top_codes", title: "Focus groups: most frequent codes per country and their access dimension",
      columns: [
        .init("country", .text), .init("rank", .integer), .init("code", .text), .init("dimension", .text),
        .init("segments", .integer), .init("documents", .integer), .init("segment_share", .number(decimals: 3)),
      ],
      footnotes: ["Access dimensions of Levesque et al. (2013)."]
        + (top.tiedAtCut.isEmpty ? [] : ["Ties at the cut in: \(top.tiedAtCut.joined(separator: ", "))."])
        + (top.unmappedCodes.isEmpty
          ? [] : ["Codes without a dimension: \(top.unmappedCodes.joined(separator: ", "))."]))
    for row in top.rows {
      table.append([
        .text(row.country), .integer(row.rank), .text(row.code), .text(row.dimension?.rawValue ?? "unmapped"),
        .integer(row.segments), .integer(row.documents), .number(row.segmentShare),
      ])
    }
    return table
  }

  private static func cooccurrence(_ cooccurrence: CodeCooccurrence) -> PublishedTable {
    var table = PublishedTable(
      name: "code_cooccurrence", title: "Focus groups: codes applied to the same segment",
      columns: [
        .init("code_a", .text), .init("code_b", .text), .init("both", .integer), .init("segments_a", .integer),
        .init("segments_b", .integer), .init("jaccard", .number(decimals: 3)),
      ],
      footnotes: ["Jaccard = both / (segments_a + segments_b - both), ATLAS.ti's c-coefficient."])
    for pair in cooccurrence.pairs {
      table.append([
        .text(pair.codeA), .text(pair.codeB), .integer(pair.both), .integer(pair.segmentsA),
        .integer(pair.segmentsB), .number(pair.jaccard),
      ])
    }
    return table
  }

  private static func agreement(_ agreement: CoderAgreement) -> PublishedTable {
    var table = PublishedTable(
      name: "coder_agreement",
      title: "Focus groups: agreement of \(agreement.firstCoder) and \(agreement.secondCoder)",
      columns: [
        .init("code", .text), .init("kappa", .number(decimals: 3)), .init("observed_agreement", .number(decimals: 3)),
        .init("units", .integer), .init("note", .text),
      ],
      footnotes: [
        "Cohen's kappa per code on the \(agreement.segments) segments both coders coded (presence or absence)."
          + " Krippendorff's alpha (nominal) over all code decisions: "
          + (agreement.alpha.alpha.map { NumberFormat.significant($0, digits: 3) }
            ?? "undefined (\(agreement.alpha.undefinedReason ?? ""))") + " on \(agreement.alphaUnits) units."
      ])
    for row in agreement.codes {
      table.append([
        .text(row.code), row.kappa.map(PublishedTable.Cell.number) ?? .empty,
        row.observedAgreement.map(PublishedTable.Cell.number) ?? .empty, .integer(row.units),
        .text(row.undefinedReason ?? ""),
      ])
    }
    table.append([
      .text("(all codes: Krippendorff's alpha)"), agreement.alpha.alpha.map(PublishedTable.Cell.number) ?? .empty,
      .empty, .integer(agreement.alphaUnits), .text(agreement.alpha.undefinedReason ?? ""),
    ])
    return table
  }
}

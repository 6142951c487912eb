/// The most frequent codes per country with their access dimension.
///
/// Codes are ordered by segments (descending), then documents (descending), then
/// code name, and the first `limit` are kept: a tie at the cut is broken by
/// documents and then alphabetically, so the list is deterministic; `tiedAtCut`
/// says when a code left out had the same segment count as the last one kept.
public struct TopCodes: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var country: String
    /// 1 for the most frequent code of the country.
    public var rank: Int
    public var code: String
    /// The code's dimension, or `nil` when the map has none (shown as unmapped).
    public var dimension: AccessDimension?
    public var segments: Int
    public var documents: Int
    /// segments / the country's segments.
    public var segmentShare: Double
  }

  public var rows: [Row]
  /// Countries where a code just below the cut had as many segments as the last code kept.
  public var tiedAtCut: [String]
  /// Codes of the export that the map leaves without a dimension, sorted.
  public var unmappedCodes: [String]

  /// The top `limit` codes of each country, from frequencies by country
  /// (``CodeFrequencies`` grouped by `.country` alone).
  public init(_ frequencies: CodeFrequencies, dimensions: CodeDimensionMap, limit: Int = 5) {
    precondition(frequencies.facets == [.country], "top codes need frequencies grouped by country alone")
    precondition(limit > 0, "top codes: the limit must be positive")
    var rows: [Row] = []
    var tied: [String] = []
    let countries = Set(frequencies.rows.compactMap(\.country)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    for country in countries {
      let ordered = frequencies.rows.filter { $0.country == country }.sorted {
        ($1.segments, $1.documents, $0.code) < ($0.segments, $0.documents, $1.code)
      }
      let kept = ordered.prefix(limit)
      if ordered.count > limit, ordered[limit].segments == ordered[limit - 1].segments { tied.append(country) }
      for (index, row) in kept.enumerated() {
        rows.append(
          Row(
            country: country, rank: index + 1, code: row.code, dimension: dimensions.dimensionOfCode[row.code],
            segments: row.segments, documents: row.documents, segmentShare: row.segmentShare))
      }
    }
    self.rows = rows
    self.tiedAtCut = tied
    self.unmappedCodes = dimensions.unmapped(frequencies.rows.map(\.code))
  }
}

/// Agreement of two coders on the segments both coded: Cohen's kappa per code and
/// Krippendorff's alpha over all codes.
///
/// Units. Only segments coded by both coders count (a segment is "coded" by a
/// coder who applied at least one code to it, as an export only lists applied
/// codes). The code list is `codes` when given (the codebook), else every code
/// either coder applied to one of these segments. Each (segment, code) pair is
/// one presence/absence decision per coder:
///
/// - Cohen's kappa per code c: the units are the double-coded segments, the
///   categories "has c" / "has not c" (``Reliability/cohenKappaPerCode(_:_:)``,
///   Cohen 1960): kappa_c = (p_o - p_e) / (1 - p_e).
/// - Krippendorff's alpha: the units are all (segment, code) pairs, each with
///   two nominal values (present, absent) (``Reliability/krippendorffAlpha(units:)``,
///   Krippendorff 2011): alpha = 1 - D_o / D_e. With S segments and C codes there
///   are S * C units. This treats each code as its own binary variable and pools
///   them; it is not Krippendorff's multi-valued mv-alpha, which compares whole
///   code sets. Codes outside the list add no agreed absences, so the list
///   should be the codes in use (the default), not a long codebook.
///
/// Undefined values carry a reason: a code in the list that neither coder
/// applied to any double-coded segment ("never used"), a code both applied to
/// every segment (chance agreement 1), no segment coded by both.
public struct CoderAgreement: Sendable, Equatable {
  /// Kappa of one code.
  public struct CodeRow: Sendable, Equatable {
    public var code: String
    /// Cohen's kappa; `nil` when undefined (see `undefinedReason`).
    public var kappa: Double?
    public var undefinedReason: String?
    /// Observed agreement p_o, when defined.
    public var observedAgreement: Double?
    /// Segments the first coder gave the code.
    public var firstCoderSegments: Int
    /// Segments the second coder gave the code.
    public var secondCoderSegments: Int
    /// Double-coded segments (the units of this kappa).
    public var units: Int
  }

  public var firstCoder: String
  public var secondCoder: String
  /// Segments coded by both coders.
  public var segments: Int
  /// One row per code of the list, in order of code.
  public var codes: [CodeRow]
  /// Krippendorff's alpha over the segment x code presence decisions.
  public var alpha: Reliability.KrippendorffAlpha
  /// Segment x code units of alpha (segments times codes).
  public var alphaUnits: Int

  /// The agreement of `firstCoder` and `secondCoder` on `segments`.
  ///
  /// - Parameter codes: the code list (e.g. the codebook); `nil` takes the codes
  ///   either coder applied to a double-coded segment.
  public init(
    _ segments: [CodingExport.Segment], firstCoder: String, secondCoder: String, codes: [String]? = nil
  ) {
    let both = segments.compactMap { segment -> (Set<String>, Set<String>)? in
      guard let a = segment.codesByCoder[firstCoder], let b = segment.codesByCoder[secondCoder] else { return nil }
      return (a, b)
    }
    let used = Set(both.flatMap { $0.0.union($0.1) })
    let list = Set(codes ?? Array(used)).sorted()
    let kappas = Reliability.cohenKappaPerCode(both.map { Optional($0.0) }, both.map { Optional($0.1) })
    let kappaOf = Dictionary(uniqueKeysWithValues: kappas.map { ($0.code, $0.kappa) })
    self.codes = list.map { code in
      let first = both.filter { $0.0.contains(code) }.count
      let second = both.filter { $0.1.contains(code) }.count
      guard let kappa = kappaOf[code] else {
        return CodeRow(
          code: code, kappa: nil,
          undefinedReason: both.isEmpty
            ? "Cohen's kappa is undefined: no segment was coded by both coders"
            : "Cohen's kappa is undefined: neither coder applied '\(code)' to any of the \(both.count) "
              + "double-coded segments",
          observedAgreement: nil, firstCoderSegments: 0, secondCoderSegments: 0, units: both.count)
      }
      return CodeRow(
        code: code, kappa: kappa.kappa, undefinedReason: kappa.undefinedReason,
        observedAgreement: kappa.observedAgreement, firstCoderSegments: first, secondCoderSegments: second,
        units: kappa.units)
    }
    let units: [[Bool?]] = both.flatMap { a, b in list.map { [a.contains($0), b.contains($0)] } }
    self.firstCoder = firstCoder
    self.secondCoder = secondCoder
    self.segments = both.count
    self.alpha = Reliability.krippendorffAlpha(units: units)
    self.alphaUnits = units.count
  }
}

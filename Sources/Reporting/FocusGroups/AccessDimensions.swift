/// The five dimensions of access to health care of Levesque, Harris and Russell
/// (2013), seen from the supply side, that both the barrier index and the
/// qualitative codes are mapped to, so survey and focus-group evidence sit side
/// by side.
///
/// Reference: Levesque, J.-F., Harris, M. F. and Russell, G. (2013).
/// Patient-centred access to health care: conceptualising access at the
/// interface of health systems and populations. Int. J. Equity Health 12:18.
public enum AccessDimension: String, Sendable, CaseIterable, Comparable {
  case approachability
  case acceptability
  /// "Availability and accommodation" in Levesque et al.
  case availability
  case affordability
  case appropriateness

  /// Levesque et al.'s order.
  public static func < (lhs: AccessDimension, rhs: AccessDimension) -> Bool {
    (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
  }
}

/// Which access dimension each qualitative code belongs to (filled from the
/// pipeline file's `dimensions:` mapping). A code may be left unmapped (a
/// good-practice code, for example); it is then reported as unmapped, never dropped.
public struct CodeDimensionMap: Sendable, Equatable {
  /// Code to dimension.
  public var dimensionOfCode: [String: AccessDimension]

  public init(_ dimensionOfCode: [String: AccessDimension]) {
    self.dimensionOfCode = dimensionOfCode
  }

  /// The codes of `codes` that have no dimension, sorted.
  public func unmapped(_ codes: [String]) -> [String] {
    Set(codes.filter { dimensionOfCode[$0] == nil }).sorted()
  }
}

/// Why a composite index could not be built or computed: a dimension layout that
/// does not hold together, weights that do not fit the items, a normalisation
/// that is undefined for the data, a geometric mean of a non-positive value.
/// Every message names the item, dimension or unit at fault.
public struct CompositeIndexError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  public init(_ message: String) {
    self.message = message
  }

  /// `error: message`.
  public var description: String { "error: \(message)" }
}

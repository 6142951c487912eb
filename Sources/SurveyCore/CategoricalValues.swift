/// The values of a categorical, ordinal or binary column: one small integer code per
/// row and an ordered dictionary of levels.
///
/// Level order is the codebook's (meaningful for ordinal variables); without a
/// codebook, levels are sorted by their UTF-8 bytes, as R sorts factor levels in
/// the C locale, so the order never depends on the order of the rows.
public struct CategoricalValues: Sendable, Equatable {
  /// Level codes, one byte per row while there are at most 256 levels.
  public enum Codes: Sendable, Equatable {
    case uint8([UInt8])
    case uint16([UInt16])

    public var count: Int {
      switch self {
      case .uint8(let codes): codes.count
      case .uint16(let codes): codes.count
      }
    }

    @inlinable
    public subscript(row: Int) -> Int {
      switch self {
      case .uint8(let codes): Int(codes[row])
      case .uint16(let codes): Int(codes[row])
      }
    }
  }

  /// The canonical value of each level (`"F"`, `"refugee"`), indexed by code.
  public var levels: [String]
  /// The display label of each level (`"Female"`), indexed by code.
  public var labels: [String]
  /// Whether the level order is meaningful (ordinal variables).
  public var isOrdered: Bool
  /// The level code of each row (meaningless where the cell is missing).
  public var codes: Codes

  public init(levels: [String], labels: [String]? = nil, isOrdered: Bool = false, codes: Codes) {
    precondition(labels == nil || labels?.count == levels.count, "one label per level")
    precondition(levels.count <= Int(UInt16.max) + 1, "at most 65,536 levels")
    self.levels = levels
    self.labels = labels ?? levels
    self.isOrdered = isOrdered
    self.codes = codes
  }

  public var count: Int { codes.count }

  /// The level value at `row` (meaningless where the cell is missing).
  public subscript(row: Int) -> String { levels[codes[row]] }

  /// The code of the level whose value is `level`, if any.
  public func code(of level: String) -> Int? { levels.firstIndex(of: level) }
}

/// The values of a multi-select column: a bit set of chosen options per row.
public struct MultiSelectValues: Sendable, Equatable {
  /// The options in codebook order; bit `i` of a row's mask is option `i`.
  public var options: [String]
  /// The chosen options of each row (at most 64 options).
  public var masks: [UInt64]

  public init(options: [String], masks: [UInt64]) {
    precondition(options.count <= 64, "at most 64 options")
    self.options = options
    self.masks = masks
  }

  public var count: Int { masks.count }

  /// The options chosen at `row`, in option order.
  public subscript(row: Int) -> [String] {
    options.indices.filter { masks[row] & (1 << UInt64($0)) != 0 }.map { options[$0] }
  }
}

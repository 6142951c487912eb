import SurveyCore

/// The domains of a request: each row's domain (or none) and each domain's label.
///
/// With no grouping variables there is one domain, the whole sample (less rows
/// outside `--subset`). Domains are ordered by their values: level order for
/// categorical variables, numeric order for numbers, UTF-8 order for text. Rows
/// with a missing grouping value belong to no domain (as `svyby` drops them).
struct Domains {
  /// The domain of each row, or -1.
  var index: [Int32]
  /// Whether each row is in `--subset` (all rows without one).
  var inSubset: [Bool]
  var labels: [[EstimateRow.Group]]

  init(table: SurveyTable, groups: [String], subset: (variable: String, level: String)?) throws(EstimationError) {
    var inSubset = [Bool](repeating: true, count: table.rowCount)
    if let subset {
      guard let column = table[subset.variable] else {
        throw EstimationError(message: "--subset: no column '\(subset.variable)' in the data")
      }
      var found = false
      for row in 0..<table.rowCount {
        inSubset[row] = column.missing[row] == nil && column.text(at: row) == subset.level
        found = found || inSubset[row]
      }
      if !found {
        throw EstimationError(message: "--subset: no row has \(subset.variable) = '\(subset.level)'")
      }
    }
    let columns = try groups.map { name throws(EstimationError) -> Column in
      guard let column = table[name] else { throw EstimationError(message: "--by: no column '\(name)' in the data") }
      return column
    }
    // Each grouping value as its rank among the column's values; a domain is the
    // mixed-radix number of its ranks, so sorting the numbers sorts the domains.
    let codes = columns.map(GroupCodes.init)
    var index = [Int32](repeating: -1, count: table.rowCount)
    var keyOf: [Int: Int32] = [:]
    var keys: [Int] = []
    // Keys below `denseLimit` find their code in a flat table (-1: not yet seen),
    // with no hashing per row; larger key spaces use the dictionary.
    let keySpace = codes.reduce(1) { space, group in
      let (product, overflow) = space.multipliedReportingOverflow(by: max(1, group.labels.count))
      return overflow ? Int.max : product
    }
    let denseLimit = keySpace <= max(1 << 16, table.rowCount) ? keySpace : 0
    var denseCode = [Int32](repeating: -1, count: denseLimit)
    if codes.count == 1, denseLimit > 0 {
      // One grouping variable (the usual case): the key is its rank.
      Self.index(ranks: codes[0].ranks, inSubset: inSubset, denseCode: &denseCode, keys: &keys, into: &index)
    } else {
      for row in 0..<table.rowCount where inSubset[row] {
        var key = 0
        var complete = true
        for group in codes {
          let rank = group.ranks[row]
          if rank < 0 {
            complete = false
            break
          }
          let (scaled, overflow) = key.multipliedReportingOverflow(by: group.labels.count)
          guard !overflow else {
            throw EstimationError(
              message: "--by \(groups.joined(separator: ",")): too many combinations of values to form domains")
          }
          key = scaled + Int(rank)
        }
        guard complete else { continue }
        if key < denseLimit {
          if denseCode[key] < 0 {
            denseCode[key] = Int32(keys.count)
            keys.append(key)
          }
          index[row] = denseCode[key]
        } else if let code = keyOf[key] {
          index[row] = code
        } else {
          let code = Int32(keys.count)
          keyOf[key] = code
          keys.append(key)
          index[row] = code
        }
      }
    }
    let order = keys.indices.sorted { keys[$0] < keys[$1] }
    var rank = [Int32](repeating: 0, count: order.count)
    for (position, old) in order.enumerated() { rank[old] = Int32(position) }
    self.inSubset = inSubset
    // Codes in order of first appearance to codes in domain order, in place.
    rank.withUnsafeBufferPointer { rank in
      index.withUnsafeMutableBufferPointer { index in
        for row in 0..<index.count where index[row] >= 0 { index[row] = rank[Int(index[row])] }
      }
    }
    self.index = index
    self.labels = order.map { old in
      var key = keys[old]
      var values: [String] = []
      for group in codes.reversed() {
        values.append(group.labels[key % group.labels.count])
        key /= group.labels.count
      }
      return zip(groups, values.reversed()).map { EstimateRow.Group(variable: $0, value: $1) }
    }
    if labels.isEmpty, groups.isEmpty {
      labels = [[]]
    }
    if labels.isEmpty {
      throw EstimationError(
        message: "--by \(groups.joined(separator: ",")): no row has a value of every grouping variable"
          + (subset == nil ? "" : " within --subset"))
    }
  }

  /// Each row's domain for one grouping variable: codes in order of first
  /// appearance of the ranks, found in a flat table, for the rows in the subset
  /// with a value.
  private static func index(
    ranks: [Int32], inSubset: [Bool], denseCode: inout [Int32], keys: inout [Int], into index: inout [Int32]
  ) {
    ranks.withUnsafeBufferPointer { ranks in
      inSubset.withUnsafeBufferPointer { inSubset in
        denseCode.withUnsafeMutableBufferPointer { denseCode in
          index.withUnsafeMutableBufferPointer { index in
            for row in 0..<ranks.count where inSubset[row] && ranks[row] >= 0 {
              let key = Int(ranks[row])
              if denseCode[key] < 0 {
                denseCode[key] = Int32(keys.count)
                keys.append(key)
              }
              index[row] = denseCode[key]
            }
          }
        }
      }
    }
  }
}

/// A grouping column's values as ranks: level order for categories, numeric
/// order for numbers and dates, UTF-8 order for text; -1 where missing.
struct GroupCodes {
  var ranks: [Int32]
  var labels: [String]

  init(_ column: Column) {
    // Flags for the rows (none needed for a category without missing values).
    let missing =
      if case .categorical = column.values, !column.missing.hasMissing { [Bool]() } else { column.missing.flags() }
    switch column.values {
    case .categorical(let values):
      switch values.codes {
      case .uint8(let codes): ranks = Self.ranks(codes, missing: missing)
      case .uint16(let codes): ranks = Self.ranks(codes, missing: missing)
      }
      labels = values.levels
    case .numeric, .date:
      let numbers: [Double]
      if case .numeric(let values) = column.values {
        numbers = values.doubles()
      } else if case .date(let days) = column.values {
        numbers = days.map(Double.init)
      } else {
        numbers = []
      }
      let distinct = Set(numbers.indices.filter { !missing[$0] }.map { numbers[$0] }).sorted()
      let rankOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
      ranks = numbers.indices.map { missing[$0] ? -1 : rankOf[numbers[$0]] ?? -1 }
      var labelOf: [Int32: String] = [:]
      for row in numbers.indices where !missing[row] && labelOf[ranks[row]] == nil {
        labelOf[ranks[row]] = column.text(at: row)
      }
      labels = distinct.indices.map { labelOf[Int32($0)] ?? "" }
    default:
      let texts = (0..<column.count).map { missing[$0] ? "" : column.text(at: $0) }
      let distinct = Set(texts.indices.filter { !missing[$0] }.map { texts[$0] }).sorted {
        $0.utf8.lexicographicallyPrecedes($1.utf8)
      }
      let rankOf = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
      ranks = texts.indices.map { missing[$0] ? -1 : rankOf[texts[$0]] ?? -1 }
      labels = distinct
    }
    if labels.isEmpty { labels = [""] }
  }

  /// Category codes as ranks (-1 where missing; `missing` is empty when none
  /// is), in a branch-free loop that the compiler vectorises.
  private static func ranks<Code: FixedWidthInteger>(_ codes: [Code], missing: [Bool]) -> [Int32] {
    codes.withUnsafeBufferPointer { codes in
      missing.withUnsafeBufferPointer { missing in
        [Int32](unsafeUninitializedCapacity: codes.count) { ranks, initialized in
          prefault(ranks)
          if missing.isEmpty {
            for row in 0..<codes.count { ranks[row] = Int32(codes[row]) }
            initialized = codes.count
            return
          }
          for row in 0..<codes.count {
            // -1 (all bits set) where missing, the code where present.
            let mask = -Int32(unsafeBitCast(missing[row], to: UInt8.self))
            ranks[row] = Int32(codes[row]) | mask
          }
          initialized = codes.count
        }
      }
    }
  }
}

extension Domains {
  /// The rows of a domain (missing values included) and its degrees of freedom:
  /// PSUs minus strata among its rows with a non-zero weight (R's `degf` of
  /// `design[domain, ]`); for replicate weights, their rank on the domain minus one.
  func rowsAndDegreesOfFreedom(_ domain: Int, design: SurveyDesign) -> (rows: Int, df: Double) {
    if let replicates = design.replicates {
      // R recomputes a replicate design's df on the subset: the rank of its rows'
      // replicate weights, minus one.
      let rows = index.map { $0 == Int32(domain) }
      return (rows.filter { $0 }.count, Double(ReplicateRank.degreesOfFreedom(replicates, rows: rows)))
    }
    // R's subset of a calibrated design keeps every row (with zero weights).
    var rows = 0
    let keepsAllRows = !design.calibrations.isEmpty
    var units = Set<Int32>()
    var strata = Set<Int32>()
    let stage = design.stages[0]
    for row in index.indices where index[row] == Int32(domain) {
      rows += 1
      if design.weights[row] != 0 {
        units.insert(stage.units[row])
        strata.insert(stage.strata[row])
      }
    }
    return (keepsAllRows ? design.rowCount : rows, Double(units.count - strata.count))
  }
}

import SurveyCore

extension Target {
  /// A target's values as one-byte codes into a small table of values, for the
  /// one-pass engine (``OnePassEstimation``): row r has the value
  /// `values[codes[r]]`.
  ///
  /// Survey variables are mostly codes: 0/1 items, Likert scales, counts, the
  /// levels of a category. Their weighted sums per (PSU, domain) cell follow from
  /// the total weight of each (cell, code), so one pass over the rows serves every
  /// target of the variable (all levels of a category at once), with one
  /// compensated sum per row instead of one per statistic and row.
  struct Coded {
    /// The variable the codes come from: targets with the same source share their
    /// codes and missing reasons.
    var source: String
    var codes: [UInt8]
    /// The value of each code.
    var values: [Double]
    /// The column's missing reason of each row (non-zero: missing), or empty when
    /// none is missing: the column's own storage, where `xMissing` would be a copy
    /// (a coded target leaves `xMissing` empty until ``materialized()``).
    var missing: [UInt8]

    /// Whether the value of `row` is missing.
    @inline(__always)
    func isMissing(_ row: Int) -> Bool { !missing.isEmpty && missing[row] != 0 }
  }

  /// The variable's values as doubles, for the general engine (a coded target
  /// keeps `x` empty until then).
  func materialized() -> Target {
    guard let coded, x.isEmpty else { return self }
    var copy = self
    copy.xMissing =
      coded.missing.isEmpty ? [Bool](repeating: false, count: coded.codes.count) : coded.missing.map { $0 != 0 }
    copy.x = coded.codes.withUnsafeBufferPointer { codes in
      coded.values.withUnsafeBufferPointer { values in
        [Double](unsafeUninitializedCapacity: codes.count) { target, initialized in
          for row in 0..<codes.count { target[row] = values[Int(codes[row])] }
          initialized = codes.count
        }
      }
    }
    copy.coded = nil
    return copy
  }

  /// The coded targets of a mean, total or proportion whose variable is a
  /// category of at most 256 levels or whole numbers spanning fewer than 256
  /// values; `nil` for any other statistic or variable (the caller then builds the
  /// targets from doubles, and reports what is wrong with the variable).
  ///
  /// The targets, their order and their labels are those of
  /// ``targets(of:table:coded:)`` without codes.
  static func codedTargets(of statistic: EstimationRequest.Statistic, table: SurveyTable) -> [Target]? {
    let name: String
    switch statistic {
    case .mean(let variable), .total(let variable), .proportion(let variable): name = variable
    case .ratio, .quantile: return nil
    }
    guard let column = table[name], let small = SmallCodes(column.values) else { return nil }
    let missing = column.missing.storedReasons
    func target(_ statistic: String, _ kind: Kind, level: String?, values: [Double]) -> Target {
      Target(
        statistic: statistic, variable: name, level: level, kind: kind, x: [], xMissing: [],
        coded: Coded(source: name, codes: small.codes, values: values, missing: missing))
    }
    /// One target per level: the indicator of its code.
    func levelTargets(_ statistic: String, _ kind: Kind, levels: [(label: String, code: Int)]) -> [Target] {
      levels.map { level in
        var indicator = [Double](repeating: 0, count: small.values.count)
        indicator[level.code] = 1
        return target(statistic, kind, level: level.label, values: indicator)
      }
    }
    switch (statistic, small.levels) {
    case (.mean, nil): return [target("mean", .mean, level: nil, values: small.values)]
    case (.total, nil): return [target("total", .total, level: nil, values: small.values)]
    case (.mean, let levels?): return levelTargets("proportion", .mean, levels: levels)
    case (.total, let levels?): return levelTargets("total", .total, levels: levels)
    case (.proportion, let levels?): return levelTargets("proportion", .mean, levels: levels)
    case (.proportion, nil):
      // The distinct values of the rows that have one, in numeric order.
      var seen = [Bool](repeating: false, count: small.values.count)
      small.codes.withUnsafeBufferPointer { codes in
        for row in 0..<codes.count where missing.isEmpty || missing[row] == 0 { seen[Int(codes[row])] = true }
      }
      let levels = small.values.indices.filter { seen[$0] }.map { (NumberFormat.shortest(small.values[$0]), $0) }
      return levelTargets("proportion", .mean, levels: levels)
    case (.ratio, _), (.quantile, _): return nil
    }
  }
}

/// A column's values as one-byte codes, when it has few enough distinct values.
struct SmallCodes {
  var codes: [UInt8]
  /// The value of each code (for a category: the code itself).
  var values: [Double]
  /// For a category: each level's label and code, in level order.
  var levels: [(label: String, code: Int)]?

  init?(_ values: Column.Values) {
    switch values {
    case .categorical(let categorical):
      guard case .uint8(let codes) = categorical.codes else { return nil }
      self.codes = codes
      self.values = categorical.levels.indices.map(Double.init)
      levels = categorical.levels.enumerated().map { ($0.element, $0.offset) }
    case .numeric(.int8(let numbers)):
      guard let (codes, low, span) = Self.offsets(numbers) else { return nil }
      self.codes = codes
      self.values = (0..<span).map { Double(low + $0) }
    case .numeric(.int16(let numbers)):
      guard let (codes, low, span) = Self.offsets(numbers) else { return nil }
      self.codes = codes
      self.values = (0..<span).map { Double(low + $0) }
    case .numeric(.int32(let numbers)):
      guard let (codes, low, span) = Self.offsets(numbers) else { return nil }
      self.codes = codes
      self.values = (0..<span).map { Double(low + $0) }
    case .numeric(.float64), .multiSelect, .text, .date:
      return nil
    }
  }

  /// Each number minus the smallest, when they span at most 256 values (missing
  /// cells included: their stored value is a placeholder, never read as a value).
  private static func offsets<Number: FixedWidthInteger>(_ numbers: [Number]) -> ([UInt8], low: Int, span: Int)? {
    guard !numbers.isEmpty else { return nil }
    return numbers.withUnsafeBufferPointer { numbers -> ([UInt8], low: Int, span: Int)? in
      var low = numbers[0]
      var high = numbers[0]
      for number in numbers {
        low = min(low, number)
        high = max(high, number)
      }
      let span = Int(high) - Int(low) + 1
      guard span <= 256 else { return nil }
      let codes = [UInt8](unsafeUninitializedCapacity: numbers.count) { codes, initialized in
        prefault(codes)
        for row in 0..<numbers.count { codes[row] = UInt8(truncatingIfNeeded: Int(numbers[row]) - Int(low)) }
        initialized = numbers.count
      }
      return (codes, Int(low), span)
    }
  }
}

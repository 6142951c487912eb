extension SurveyDesign {
  /// The values of one row-level design variable (strata or clusters) as dense
  /// codes, with the name of each code for messages.
  public struct Labels: Sendable {
    /// The code of each row, in 0..<names.count.
    public private(set) var codes: [Int32]
    public private(set) var names: [String]
    /// Whether the codes number the names in order of first appearance, every
    /// name used (then the design takes them as they are, without renumbering).
    let isFirstAppearance: Bool

    public init(codes: [Int32], names: [String]) {
      precondition(codes.allSatisfy { $0 >= 0 && Int($0) < names.count }, "codes must index names")
      self.codes = codes
      self.names = names
      self.isFirstAppearance = false
    }

    /// Codes already numbered in order of first appearance, every name used.
    init(firstAppearance codes: [Int32], names: [String]) {
      self.codes = codes
      self.names = names
      isFirstAppearance = true
    }

    /// Codes in order of first appearance for small whole values (category codes,
    /// or one- and two-byte integers), found through a flat table indexed by
    /// value + `offset` rather than a dictionary; `name` names a table slot.
    init<Value: FixedWidthInteger>(firstAppearanceOf values: [Value], offset: Int, name: (Int) -> String) {
      var codeOf = [Int32](repeating: -1, count: 1 << Value.bitWidth)
      var names: [String] = []
      codes = values.withUnsafeBufferPointer { values in
        codeOf.withUnsafeMutableBufferPointer { codeOf in
          [Int32](unsafeUninitializedCapacity: values.count) { codes, initialized in
            prefault(codes)
            for row in 0..<values.count {
              let slot = Int(values[row]) + offset
              if codeOf[slot] < 0 {
                codeOf[slot] = Int32(names.count)
                names.append(name(slot))
              }
              codes[row] = codeOf[slot]
            }
            initialized = values.count
          }
        }
      }
      self.names = names
      isFirstAppearance = true
    }

    /// Codes for text values, in order of first appearance.
    public init(_ values: [String]) {
      var index: [String: Int32] = [:]
      var names: [String] = []
      codes = values.map { value in
        if let code = index[value] { return code }
        let code = Int32(names.count)
        index[value] = code
        names.append(value)
        return code
      }
      self.names = names
      isFirstAppearance = true
    }
  }

  /// A design stated in terms of row values, before validation.
  public struct Specification: Sendable {
    /// The weight of each row (finite, >= 0).
    public var weights: [Double]
    /// The stratum of each row, or `nil` for an unstratified design.
    public var strata: Labels?
    /// The cluster of each row at each stage; empty for a design without
    /// clusters (each row is its own PSU).
    public var clusters: [Labels]
    /// The finite population correction of each row at each stage: a population
    /// count of units in the stratum, or a sampling fraction when every value of
    /// the stage is at most 1; empty for sampling with replacement.
    public var fpc: [[Double]]
    /// Whether cluster labels restart within each stratum (R's `nest = TRUE`).
    public var nest: Bool
    public var lonelyPSU: LonelyPSU
    /// Names used in messages: the columns behind strata, clusters and fpc.
    public var names: Names

    public struct Names: Sendable {
      public var strata: String
      public var clusters: [String]
      public var fpc: [String]

      public init(strata: String = "strata", clusters: [String] = [], fpc: [String] = []) {
        self.strata = strata
        self.clusters = clusters
        self.fpc = fpc
      }
    }

    public init(
      weights: [Double], strata: Labels? = nil, clusters: [Labels] = [], fpc: [[Double]] = [], nest: Bool = false,
      lonelyPSU: LonelyPSU = .fail, names: Names = Names()
    ) {
      self.weights = weights
      self.strata = strata
      self.clusters = clusters
      self.fpc = fpc
      self.nest = nest
      self.lonelyPSU = lonelyPSU
      self.names = names
    }
  }

  /// A design problem found while building it; `row` is 0-based when given.
  public struct Problem: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var row: Int?
    public var description: String { message }
  }

  /// Builds and checks a design: every stage's clusters nested in its strata
  /// (stage 1 unless `nest`, which makes them so), a finite population correction
  /// constant within each stratum and not below the number of sampled units,
  /// weights finite and non-negative.
  public init(_ spec: Specification) throws(Problem) {
    let rows = spec.weights.count
    if let row = Self.firstInvalidWeight(spec.weights) {
      throw Problem(message: "weight \(spec.weights[row]) is not a finite number >= 0", row: row)
    }
    guard spec.fpc.isEmpty || spec.fpc.count == max(1, spec.clusters.count) else {
      throw Problem(
        message: "\(spec.fpc.count) finite population corrections for \(max(1, spec.clusters.count)) stages;"
          + " give one per stage", row: nil)
    }
    let stageCount = max(1, spec.clusters.count)
    var stages: [Stage] = []
    var strata = spec.strata.map(DenseCodes.init) ?? DenseCodes(single: rows)
    for stage in 0..<stageCount {
      let units: DenseCodes
      // Stage 1's clusters as given must lie within strata (checked below);
      // nested or later-stage clusters are made unique within their strata.
      let checksNesting = !spec.clusters.isEmpty && stage == 0 && !spec.nest
      if spec.clusters.isEmpty {
        units = DenseCodes(identity: rows)
      } else if checksNesting {
        units = DenseCodes(spec.clusters[0])
      } else {
        units = DenseCodes(pairs: strata, spec.clusters[stage])
      }
      // The stratum of each unit, found in one pass; then the units per stratum.
      var stratumOfUnit = [Int32](repeating: -1, count: units.count)
      let clash = stratumOfUnit.withUnsafeMutableBufferPointer { stratumOfUnit in
        units.codes.withUnsafeBufferPointer { unitCodes in
          strata.codes.withUnsafeBufferPointer { strataCodes -> Int? in
            for row in 0..<rows {
              let unit = Int(unitCodes[row])
              if stratumOfUnit[unit] == -1 {
                stratumOfUnit[unit] = strataCodes[row]
              } else if checksNesting, stratumOfUnit[unit] != strataCodes[row] {
                return row
              }
            }
            return nil
          }
        }
      }
      if let row = clash {
        let clusters = spec.clusters[0]
        throw Problem(
          message: "cluster '\(clusters.names[Int(clusters.codes[row])])' of"
            + " '\(spec.names.clusters.first ?? "cluster")' is in strata"
            + " '\(strata.names[Int(stratumOfUnit[Int(units.codes[row])])])' and"
            + " '\(strata.names[Int(strata.codes[row])])':"
            + " clusters are not nested in strata (use --nest if cluster ids restart within each stratum)",
          row: row)
      }
      var sampled = [Int](repeating: 0, count: strata.count)
      for stratum in stratumOfUnit { sampled[Int(stratum)] += 1 }
      var population: [Double]?
      if !spec.fpc.isEmpty {
        population = try Self.populationSizes(
          spec.fpc[stage], strata: strata, sampled: sampled,
          name: stage < spec.names.fpc.count ? spec.names.fpc[stage] : "fpc")
      }
      stages.append(
        Stage(
          strata: strata.codes, units: units.codes, strataCount: strata.count, unitCount: units.count,
          unitStrata: stratumOfUnit, sampledUnits: sampled, populationUnits: population, strataLabels: strata.names))
      // The next stage is stratified by this stage's units.
      strata = units
    }
    self.weights = spec.weights
    self.stages = stages
    self.lonelyPSU = spec.lonelyPSU
    self.calibrations = []
    self.replicates = nil
  }

  /// The first row whose weight is not a finite number >= 0. The common case, all
  /// valid, is one branch-free count that the compiler vectorises.
  private static func firstInvalidWeight(_ weights: [Double]) -> Int? {
    let invalid = weights.withUnsafeBufferPointer { weights in
      var invalid = 0
      for weight in weights { invalid &+= weight >= 0 && weight <= .greatestFiniteMagnitude ? 0 : 1 }
      return invalid
    }
    guard invalid > 0 else { return nil }
    return weights.firstIndex { !($0.isFinite && $0 >= 0) }
  }

  /// The population size of each stratum from per-row corrections: counts, or
  /// sampling fractions (all values <= 1) turned into counts as sampled / fraction.
  private static func populationSizes(_ fpc: [Double], strata: DenseCodes, sampled: [Int], name: String) throws(Problem)
    -> [Double]
  {
    let isFraction = fpc.allSatisfy { $0 <= 1 }
    var population = [Double](repeating: .nan, count: strata.count)
    for (row, value) in fpc.enumerated() {
      guard value.isFinite, value > 0 else {
        throw Problem(message: "'\(name)' is \(value); a population correction must be a positive number", row: row)
      }
      let stratum = Int(strata.codes[row])
      let size = isFraction ? Double(sampled[stratum]) / value : value
      if population[stratum].isNaN {
        population[stratum] = size
      } else if population[stratum] != size {
        throw Problem(
          message: "'\(name)' differs within stratum '\(strata.names[stratum])' (\(population[stratum]) and \(size));"
            + " it must be constant within a stratum", row: row)
      }
      if size < Double(sampled[stratum]) - 1e-9 {
        throw Problem(
          message: "'\(name)' says \(size) units in the population of stratum '\(strata.names[stratum])',"
            + " fewer than the \(sampled[stratum]) sampled", row: row)
      }
    }
    return population
  }
}

/// Dense codes 0..<count for the rows of one design variable, with names.
struct DenseCodes {
  var codes: [Int32]
  var names: [String]
  var count: Int { names.count }

  /// The labels' codes, renumbered densely in order of first appearance (so
  /// unused names drop out) unless they are so already.
  init(_ labels: SurveyDesign.Labels) {
    guard !labels.isFirstAppearance else {
      codes = labels.codes
      names = labels.names
      return
    }
    var map = [Int32](repeating: -1, count: labels.names.count)
    var kept: [String] = []
    codes = labels.codes.map { code in
      if map[Int(code)] < 0 {
        map[Int(code)] = Int32(kept.count)
        kept.append(labels.names[Int(code)])
      }
      return map[Int(code)]
    }
    self.names = kept
  }

  /// One code for every row.
  init(single rows: Int) {
    codes = Array(repeating: 0, count: rows)
    names = [""]
  }

  /// Each row its own code.
  init(identity rows: Int) {
    codes = (0..<rows).map { Int32($0) }
    names = (0..<rows).map { String($0 + 1) }
  }

  /// Codes for pairs (outer, inner): inner labels nested within outer codes.
  init(pairs outer: DenseCodes, _ inner: SurveyDesign.Labels) {
    var index: [Int64: Int32] = [:]
    var names: [String] = []
    codes = zip(outer.codes, inner.codes).map { outerCode, innerCode in
      let key = Int64(outerCode) << 32 | Int64(innerCode)
      if let code = index[key] { return code }
      let code = Int32(names.count)
      index[key] = code
      names.append(inner.names[Int(innerCode)])
      return code
    }
    self.names = names
  }
}

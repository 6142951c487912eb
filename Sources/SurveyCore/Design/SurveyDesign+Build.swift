extension SurveyDesign {
  /// A design stated in terms of row values, before validation.
  public struct Specification: Sendable {
    /// The weight of each row (finite, >= 0).
    public var weights: [Double]
    /// The stratum label of each row, or `nil` for an unstratified design.
    public var strata: [String]?
    /// The cluster label of each row at each stage; empty for a design without
    /// clusters (each row is its own PSU).
    public var clusters: [[String]]
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
      weights: [Double], strata: [String]? = nil, clusters: [[String]] = [], fpc: [[Double]] = [], nest: Bool = false,
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
    for (row, weight) in spec.weights.enumerated() where !(weight.isFinite && weight >= 0) {
      throw Problem(message: "weight \(weight) is not a finite number >= 0", row: row)
    }
    guard spec.fpc.isEmpty || spec.fpc.count == max(1, spec.clusters.count) else {
      throw Problem(
        message: "\(spec.fpc.count) finite population corrections for \(max(1, spec.clusters.count)) stages;"
          + " give one per stage", row: nil)
    }
    let stageCount = max(1, spec.clusters.count)
    var stages: [Stage] = []
    var strataLabels = spec.strata ?? Array(repeating: "", count: rows)
    for stage in 0..<stageCount {
      let clusterLabels = spec.clusters.isEmpty ? (0..<rows).map(String.init) : spec.clusters[stage]
      let strata = DenseCodes(strataLabels)
      var units: DenseCodes
      if stage == 0, !spec.nest, !spec.clusters.isEmpty {
        units = DenseCodes(clusterLabels)
        var stratumOfUnit = [Int32](repeating: -1, count: units.count)
        for row in 0..<rows {
          let unit = Int(units.codes[row])
          if stratumOfUnit[unit] == -1 {
            stratumOfUnit[unit] = strata.codes[row]
          } else if stratumOfUnit[unit] != strata.codes[row] {
            let first = strata.labels[Int(stratumOfUnit[unit])]
            throw Problem(
              message: "cluster '\(clusterLabels[row])' of '\(spec.names.clusters.first ?? "cluster")' is in strata"
                + " '\(first)' and '\(strataLabels[row])': clusters are not nested in strata"
                + " (use --nest if cluster ids restart within each stratum)", row: row)
          }
        }
      } else {
        units = DenseCodes(zip(strata.codes, clusterLabels).map { "\($0)\u{1F}\($1)" })
      }
      var sampled = [Int](repeating: 0, count: strata.count)
      var seen = [Bool](repeating: false, count: units.count)
      for row in 0..<rows where !seen[Int(units.codes[row])] {
        seen[Int(units.codes[row])] = true
        sampled[Int(strata.codes[row])] += 1
      }
      var population: [Double]?
      if !spec.fpc.isEmpty {
        population = try Self.populationSizes(
          spec.fpc[stage], strata: strata, sampled: sampled,
          name: stage < spec.names.fpc.count ? spec.names.fpc[stage] : "fpc")
      }
      stages.append(
        Stage(
          strata: strata.codes, units: units.codes, strataCount: strata.count, unitCount: units.count,
          sampledUnits: sampled, populationUnits: population,
          strataLabels: stage == 0 ? strata.labels : strata.labels.map { _ in "" }))
      // The next stage is stratified by this stage's units.
      strataLabels = units.codes.map { String($0) }
    }
    self.weights = spec.weights
    self.stages = stages
    self.lonelyPSU = spec.lonelyPSU
    self.calibrations = []
    self.replicates = nil
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
          message: "'\(name)' differs within stratum '\(strata.labels[stratum])' (\(population[stratum]) and \(size));"
            + " it must be constant within a stratum", row: row)
      }
      if size < Double(sampled[stratum]) - 1e-9 {
        throw Problem(
          message: "'\(name)' says \(size) units in the population of stratum '\(strata.labels[stratum])',"
            + " fewer than the \(sampled[stratum]) sampled", row: row)
      }
    }
    return population
  }
}

/// Labels turned into dense codes 0..<count in order of first appearance.
struct DenseCodes {
  var codes: [Int32]
  var labels: [String]
  var count: Int { labels.count }

  init(_ values: [String]) {
    var index: [String: Int32] = [:]
    var labels: [String] = []
    codes = values.map { value in
      if let code = index[value] { return code }
      let code = Int32(labels.count)
      index[value] = code
      labels.append(value)
      return code
    }
    self.labels = labels
  }
}

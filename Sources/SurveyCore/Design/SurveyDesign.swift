/// A complex survey design: weights, strata, clusters at one or more stages, finite
/// population corrections, the lonely-PSU policy and any calibration of the
/// weights; the object every estimator and the variance engine share.
///
/// It follows R's `svydesign` (Lumley 2004, 2010): stage 1 has the design's strata
/// (one stratum when none are given) and its primary sampling units; stage k > 1
/// is stratified by the stage k-1 cluster ("substrata nested in clusters"); a
/// design without clusters has each row as its own PSU. Without a finite
/// population correction, the first stage is taken as sampled with replacement
/// and later stages add nothing (the ultimate-cluster approximation); with a
/// correction at every stage, the variance is the full multistage sum.
///
/// Rows are those of the table the design was built from; rows with a zero
/// weight stay in the design (as R keeps them after `subset`).
public struct SurveyDesign: Sendable {
  /// One stage of sampling.
  public struct Stage: Sendable {
    /// The stratum of each row at this stage, as a dense code (0..<strataCount).
    public var strata: [Int32]
    /// The sampling unit of each row at this stage, as a dense code unique across
    /// the whole design (0..<unitCount), so units of different strata never merge.
    public var units: [Int32]
    public var strataCount: Int
    public var unitCount: Int
    /// The stratum of each unit (0..<unitCount), units being nested in strata.
    public var unitStrata: [Int32]
    /// The number of units sampled in each stratum (R's `fpc$sampsize`).
    public var sampledUnits: [Int]
    /// The number of units in the population of each stratum (R's `fpc$popsize`),
    /// or `nil` for sampling with replacement (no correction).
    public var populationUnits: [Double]?
    /// The label of each stratum, for messages (`"E"`, `"GR-U"`).
    public var strataLabels: [String]
  }

  /// What to do with a stratum that has a single PSU (R's `survey.lonely.psu`).
  public enum LonelyPSU: String, Sendable, CaseIterable {
    /// Stop with an error naming the stratum (R's default).
    case fail
    /// The stratum contributes nothing to the variance.
    case remove
    /// The stratum is sampled with certainty: it contributes nothing.
    case certainty
    /// The lone PSU's total is taken as a deviation from zero (R's "adjust",
    /// which centres at the grand mean of zero for the influence values).
    case adjust
    /// The stratum gets the average variance of the strata with several PSUs.
    case average
  }

  /// The final weight of each row (the inverse of the inclusion probability, or
  /// a calibrated weight).
  public var weights: [Double]
  /// Stages, at least one.
  public var stages: [Stage]
  public var lonelyPSU: LonelyPSU
  /// Calibrations applied to the weights, in order, whose residuals the variance
  /// engine uses (R's `postStrata`); empty for weights taken as fixed.
  public var calibrations: [Calibration]
  /// Replicate weights, when variance comes from replicates rather than linearization.
  public var replicates: ReplicateWeights?

  public var rowCount: Int { weights.count }

  /// Degrees of freedom for confidence intervals: the number of PSUs minus the
  /// number of strata among rows with a non-zero weight (R's `degf`), or for a
  /// replicate design the rank of the replicate weights minus one.
  public var degreesOfFreedom: Int {
    if let replicates { return replicates.degreesOfFreedom }
    let stage = stages[0]
    // Without a zero weight every unit and stratum counts (each has a row); the
    // zeros are counted in a branch-free loop that the compiler vectorises.
    let zeros = weights.withUnsafeBufferPointer { weights in
      var zeros = 0
      for weight in weights { zeros &+= Int(unsafeBitCast(weight == 0, to: UInt8.self)) }
      return zeros
    }
    if zeros == 0 { return stage.unitCount - stage.strataCount }
    var unitSeen = [Bool](repeating: false, count: stage.unitCount)
    var stratumSeen = [Bool](repeating: false, count: stage.strataCount)
    var units = 0
    var strata = 0
    for row in 0..<rowCount where weights[row] != 0 {
      let unit = Int(stage.units[row])
      let stratum = Int(stage.strata[row])
      if !unitSeen[unit] {
        unitSeen[unit] = true
        units += 1
      }
      if !stratumSeen[stratum] {
        stratumSeen[stratum] = true
        strata += 1
      }
    }
    return units - strata
  }
}

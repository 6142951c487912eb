import ArgumentParser
import SurveyCore

/// The data and design that `estimate` and `crosstab` work on: the design options,
/// replicate weights made from the design weights, then the weighting applied to
/// the full sample and to every replicate.
enum WeightedDesign {
  /// Refuses the weighting methods that cannot yet be redone on each replicate.
  static func validate(_ weighting: WeightingOptions, _ replication: ReplicateOptions) throws {
    let replicated = replication.replicates != nil || replication.repweights != nil
    if replicated, weighting.calibrate != nil || weighting.trim != nil {
      throw ValidationError(
        "--calibrate and --trim cannot be combined with replicate weights yet: the replicates would not be"
          + " weighted again, so their SEs would ignore the weighting. Use --rake or --poststratify (which"
          + " weight every replicate), or linearization (drop --replicates/--repweights).")
    }
  }

  /// Reads the data and builds the design: replicates first, from the design
  /// weights; the weighting then weights each of them too.
  static func load(_ design: DesignOptions, _ weighting: WeightingOptions, _ replication: ReplicateOptions) throws
    -> (table: SurveyTable, design: SurveyDesign)
  {
    let (table, loaded) = try design.load()
    let replicated = try replication.apply(table: table, design: loaded)
    return (table, try weighting.apply(table: table, design: replicated))
  }
}

import ArgumentParser
import SurveyCore

/// The data and design that `estimate` and `crosstab` work on: the design options,
/// replicate weights made from the design weights, then the weighting applied to
/// the full sample and to every replicate.
enum WeightedDesign {
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

import SurveyCore

/// Quantiles with Woodruff (1952) confidence intervals, as R's `svyquantile` with
/// `qrule = "math"` and `interval.type = "mean"` (survey 4.1).
///
/// The rule ("math", Hyndman and Fan's type 1 for weights): sort the subset's
/// values, accumulate their weights, and take the first value at which the
/// cumulative weight reaches p times the total. Woodruff's interval: estimate the
/// proportion of the subset at or below the quantile, with its design-based
/// standard error s, take p' = that proportion -/+ t(df, 1 - alpha/2) s, and map
/// both ends back through the same rule; an end outside [0, 1] has no bound (NaN).
/// The reported standard error is (upper - lower) / (2 t(df, 1 - alpha/2)).
/// Cumulative weights are compensated sums, so ties at p * total resolve as R's
/// long-double sums do.
enum Quantiles {
  static func estimate(
    _ target: Target, domains: Domains, design: SurveyDesign, request: EstimationRequest
  ) throws(EstimationError) -> [EstimateRow] {
    guard case .quantile(let probabilities) = target.kind else { return [] }
    var rows: [EstimateRow] = []
    let df = design.degreesOfFreedom
    let t = Distribution.StudentT.quantile(1 - (1 - request.level) / 2, df: Double(df))
    for domain in domains.labels.indices {
      let subset = target.subset(domain: domain, domains: domains)
      let members = subset.present.indices.filter { subset.present[$0] && design.weights[$0] != 0 }
      let sorted = Sorted(values: members.map { target.x[$0] }, weights: members.map { design.weights[$0] })
      for p in probabilities {
        let estimate = sorted.quantile(p)
        // Woodruff: the proportion at or below the estimate, and its standard error.
        var indicator = target
        indicator.kind = .mean
        indicator.x = target.x.map { $0 <= estimate ? 1 : 0 }
        let proportion = indicator.pointEstimate(weights: design.weights, present: subset.present)
        let variance: Double
        do {
          if let replicates = design.replicates {
            variance = Replication.variance(
              of: indicator, present: subset.present, full: proportion, replicates: replicates)
          } else {
            let influence = indicator.influence(
              weights: design.weights, present: subset.present, estimate: proportion)
            variance = try Linearization.variance(
              of: Influence(values: influence, present: subset.present), design: design)
          }
        } catch {
          throw EstimationError(message: error.message)
        }
        let lowP = proportion - t * variance.squareRoot()
        let highP = proportion + t * variance.squareRoot()
        let low = lowP.isNaN || lowP < 0 ? Double.nan : sorted.quantile(lowP)
        let high = highP.isNaN || highP > 1 ? Double.nan : sorted.quantile(highP)
        rows.append(
          EstimateRow(
            statistic: "quantile", variable: target.variable, level: NumberFormat.shortest(p),
            domain: domains.labels[domain], estimate: estimate, se: (high - low) / (2 * t), ciLow: low, ciHigh: high,
            deff: nil, deffReplace: nil, df: df, n: subset.count, nMissing: subset.missing))
      }
    }
    return rows
  }

  /// Values sorted (stably) with their cumulative weights.
  struct Sorted {
    var values: [Double]
    var cumulative: [Double]
    var total: Double

    init(values: [Double], weights: [Double]) {
      let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
      self.values = order.map { values[$0] }
      var running = CompensatedSum()
      cumulative = order.map { index in
        running.add(weights[index])
        return running.value
      }
      total = running.value
    }

    /// R's `qrule_math`: the first value whose cumulative weight reaches p * total
    /// (with R's `qs`: the position is the last one whose cumulative weight is at
    /// most p * total, or the first when there is none; the value there if the
    /// cumulative share equals p exactly, else the next one).
    func quantile(_ p: Double) -> Double {
      guard !values.isEmpty else { return .nan }
      let threshold = p * total
      // pos: the last index with cumulative <= threshold (-1 when none).
      var low = 0
      var high = values.count
      while low < high {
        let middle = (low + high) / 2
        if cumulative[middle] <= threshold { low = middle + 1 } else { high = middle }
      }
      // R's `last()` gives the first position when no cumulative weight is low enough.
      let position = max(low - 1, 0)
      if p - cumulative[position] / total == 0 { return values[position] }
      return values[min(position + 1, values.count - 1)]
    }
  }
}

import SurveyCore

/// Summary of a set of weights, to judge a weighting: count, sum, range, mean,
/// coefficient of variation and Kish's design effect due to unequal weighting
/// (Kish 1965, 1992).
///
/// For the n weights of a group:
///     mean = sum w / n,   CV = sd / mean, sd = sqrt(sum (w - mean)^2 / (n - 1)),
///     Kish deff = n sum w^2 / (sum w)^2 = 1 + CV_pop^2,
///     effective n = (sum w)^2 / sum w^2 = n / deff.
/// The Kish deff is the variance inflation of a mean when weights are unrelated to
/// the variable. Sums are compensated and the mean refined once, as R's `mean` does,
/// so equal weights give CV 0. A group of one weight has CV NaN.
public struct WeightDiagnostics: Sendable, Equatable {
  /// The group's label (`country = 'DE'`), or `nil` for all rows.
  public var group: String?
  public var count: Int
  public var sum: Double
  public var minimum: Double
  public var maximum: Double
  public var mean: Double
  public var cv: Double
  public var kishDesignEffect: Double
  public var effectiveSize: Double

  /// Diagnostics as computed before (the pipeline cache reads them back).
  public init(
    group: String?, count: Int, sum: Double, minimum: Double, maximum: Double, mean: Double, cv: Double,
    kishDesignEffect: Double, effectiveSize: Double
  ) {
    self.group = group
    self.count = count
    self.sum = sum
    self.minimum = minimum
    self.maximum = maximum
    self.mean = mean
    self.cv = cv
    self.kishDesignEffect = kishDesignEffect
    self.effectiveSize = effectiveSize
  }

  /// The diagnostics of `weights` (at least one).
  public init(weights: [Double], group: String? = nil) {
    precondition(!weights.isEmpty, "weights to summarise")
    let n = Double(weights.count)
    var total = CompensatedSum()
    var squares = CompensatedSum()
    for weight in weights {
      total.add(weight)
      squares.add(weight * weight)
    }
    var mean = total.value / n
    var correction = CompensatedSum()
    for weight in weights { correction.add(weight - mean) }
    mean += correction.value / n
    var deviations = CompensatedSum()
    for weight in weights { deviations.add((weight - mean) * (weight - mean)) }
    self.group = group
    count = weights.count
    sum = total.value
    minimum = weights.min() ?? .nan
    maximum = weights.max() ?? .nan
    self.mean = mean
    cv = (deviations.value / (n - 1)).squareRoot() / mean
    kishDesignEffect = n * squares.value / (total.value * total.value)
    effectiveSize = total.value * total.value / squares.value
  }

  /// Diagnostics for each value of the column `groupBy` of `table` (in order of first
  /// appearance), then for all rows; only all rows when `groupBy` is `nil`.
  public static func summarize(weights: [Double], table: SurveyTable, groupBy: String?) throws(WeightingError)
    -> [WeightDiagnostics]
  {
    precondition(weights.count == table.rowCount, "one weight per row")
    guard !weights.isEmpty else { return [] }
    guard let groupBy else { return [WeightDiagnostics(weights: weights)] }
    guard let column = table[groupBy] else {
      throw WeightingError(at: table.fileLocation, "grouping column '\(groupBy)' is not in the data")
    }
    var order: [String] = []
    var members: [String: [Double]] = [:]
    for row in 0..<table.rowCount {
      let value = column.text(at: row)
      if members[value] == nil { order.append(value) }
      members[value, default: []].append(weights[row])
    }
    var result = order.map { value in
      WeightDiagnostics(weights: members[value] ?? [], group: "\(groupBy) = '\(value)'")
    }
    result.append(WeightDiagnostics(weights: weights))
    return result
  }
}

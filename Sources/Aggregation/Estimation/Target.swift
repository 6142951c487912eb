import SurveyCore

/// One estimated quantity before domains: a statistic of one variable (or of one
/// level's indicator), with the row values it needs.
struct Target {
  enum Kind {
    case mean, total, ratio
    case quantile([Double])
  }

  var statistic: String
  var variable: String
  var level: String?
  var kind: Kind
  /// The variable's values (the numerator for a ratio); meaningless where missing.
  var x: [Double]
  var xMissing: [Bool]
  /// The denominator of a ratio.
  var denominator: [Double] = []
  var denominatorMissing: [Bool] = []
  /// The values as small codes (then `x` is empty): only for the one-pass engine,
  /// which asks for them; see ``materialized()``.
  var coded: Coded? = nil

  /// The rows of the subset (domain, variable present) and counts.
  struct Subset {
    var present: [Bool]
    var count: Int
    var missing: Int
  }

  func subset(domain: Int, domains: Domains) -> Subset {
    var present = [Bool](repeating: false, count: x.count)
    var count = 0
    var missing = 0
    let code = Int32(domain)
    for row in present.indices where domains.index[row] == code {
      let absent = xMissing[row] || (!denominatorMissing.isEmpty && denominatorMissing[row])
      if absent {
        missing += 1
      } else {
        present[row] = true
        count += 1
      }
    }
    return Subset(present: present, count: count, missing: missing)
  }

  /// The estimate with `weights` over the `present` rows.
  func pointEstimate(weights: [Double], present: [Bool]) -> Double {
    var numerator = CompensatedSum()
    var denominator = CompensatedSum()
    for row in present.indices where present[row] {
      numerator.add(weights[row] * x[row])
      switch kind {
      case .mean: denominator.add(weights[row])
      case .ratio: denominator.add(weights[row] * self.denominator[row])
      case .total, .quantile: break
      }
    }
    switch kind {
    case .mean, .ratio: return numerator.value / denominator.value
    case .total, .quantile: return numerator.value
    }
  }

  /// Influence values z_i (zero outside the subset); see ``Estimation``.
  func influence(weights: [Double], present: [Bool], estimate: Double) -> [Double] {
    var z = [Double](repeating: 0, count: x.count)
    switch kind {
    case .total, .quantile:
      for row in z.indices where present[row] { z[row] = weights[row] * x[row] }
    case .mean:
      let total = present.indices.lazy.filter { present[$0] }.map { weights[$0] }.compensatedSum()
      for row in z.indices where present[row] { z[row] = weights[row] * (x[row] - estimate) / total }
    case .ratio:
      let total = present.indices.lazy.filter { present[$0] }.map { weights[$0] * denominator[$0] }.compensatedSum()
      for row in z.indices where present[row] {
        z[row] = weights[row] * (x[row] - estimate * denominator[row]) / total
      }
    }
    return z
  }

  /// Design effects without and with replacement (R's `deff = TRUE` and `"replace"`);
  /// see ``DesignEffect``.
  func designEffects(variance: Double, weights: [Double], present: [Bool], estimate: Double) -> (Double?, Double?) {
    // The per-row quantity whose weighted variance gives the SRS variance.
    var u = [Double](repeating: 0, count: x.count)
    var weightSum = CompensatedSum()
    var n = 0
    var denominatorTotal = CompensatedSum()
    for row in present.indices where present[row] {
      weightSum.add(weights[row])
      if weights[row] != 0 { n += 1 }
      if case .ratio = kind { denominatorTotal.add(weights[row] * denominator[row]) }
    }
    for row in present.indices where present[row] {
      switch kind {
      case .ratio: u[row] = (x[row] - estimate * denominator[row]) / denominatorTotal.value
      default: u[row] = x[row]
      }
    }
    let psum = weightSum.value
    guard n > 0 else { return (nil, nil) }
    // R's svyvar: n / (n - 1) * sum(w (u - mean)^2) / sum(w).
    var weighted = CompensatedSum()
    for row in present.indices where present[row] { weighted.add(weights[row] * u[row]) }
    let mean = weighted.value / psum
    var squares = CompensatedSum()
    for row in present.indices where present[row] {
      squares.add(weights[row] * (u[row] - mean) * (u[row] - mean))
    }
    return DesignEffect.both(kind: kind, variance: variance, n: n, weightSum: psum, squares: squares.value)
  }

  /// The targets of a statistic: one, or one per level of a categorical variable.
  ///
  /// With `coded`, a variable with few distinct whole values gives coded targets
  /// (``Coded``), which only the one-pass engine reads.
  static func targets(of statistic: EstimationRequest.Statistic, table: SurveyTable, coded: Bool = false)
    throws(EstimationError) -> [Target]
  {
    if coded, let targets = codedTargets(of: statistic, table: table) { return targets }
    switch statistic {
    case .mean(let name):
      let column = try numericOrLevels(name, table: table)
      return column.numeric.map {
        [Target(statistic: "mean", variable: name, kind: .mean, x: $0, xMissing: column.missing)]
      }
        ?? column.levels.map {
          Target(statistic: "proportion", variable: name, level: $0.0, kind: .mean, x: $0.1, xMissing: column.missing)
        }
    case .total(let name):
      let column = try numericOrLevels(name, table: table)
      return column.numeric.map {
        [Target(statistic: "total", variable: name, kind: .total, x: $0, xMissing: column.missing)]
      }
        ?? column.levels.map {
          Target(statistic: "total", variable: name, level: $0.0, kind: .total, x: $0.1, xMissing: column.missing)
        }
    case .proportion(let name):
      let column = try numericOrLevels(name, table: table, asLevels: true)
      return column.levels.map {
        Target(statistic: "proportion", variable: name, level: $0.0, kind: .mean, x: $0.1, xMissing: column.missing)
      }
    case .ratio(let numerator, let denominator):
      let top = try numericOrLevels(numerator, table: table)
      let bottom = try numericOrLevels(denominator, table: table)
      guard let y = top.numeric, let x = bottom.numeric else {
        throw EstimationError(message: "--ratio \(numerator)/\(denominator): both variables must be numeric")
      }
      return [
        Target(
          statistic: "ratio", variable: "\(numerator)/\(denominator)", kind: .ratio, x: y, xMissing: top.missing,
          denominator: x, denominatorMissing: bottom.missing)
      ]
    case .quantile(let name, let probabilities):
      let column = try numericOrLevels(name, table: table)
      guard let values = column.numeric else {
        throw EstimationError(message: "--quantile \(name): the variable must be numeric")
      }
      return [
        Target(
          statistic: "quantile", variable: name, kind: .quantile(probabilities), x: values, xMissing: column.missing)
      ]
    }
  }

  /// A column as numbers, or as one indicator per level.
  private static func numericOrLevels(_ name: String, table: SurveyTable, asLevels: Bool = false)
    throws(EstimationError)
    -> (numeric: [Double]?, levels: [(String, [Double])], missing: [Bool])
  {
    guard let column = table[name] else { throw EstimationError(message: "no column '\(name)' in the data") }
    let missing = column.missing.flags()
    switch column.values {
    case .numeric(let values):
      let doubles = values.doubles()
      guard asLevels else { return (doubles, [], missing) }
      let distinct = Set(doubles.indices.filter { !missing[$0] }.map { doubles[$0] }).sorted()
      let levels = distinct.map { value in
        (NumberFormat.shortest(value), doubles.map { $0 == value ? 1.0 : 0.0 })
      }
      return (nil, levels, missing)
    case .categorical(let values):
      let levels = values.levels.indices.map { code in
        (values.levels[code], (0..<values.count).map { values.codes[$0] == code ? 1.0 : 0.0 })
      }
      return (nil, levels, missing)
    case .multiSelect(let values):
      let levels = values.options.indices.map { bit in
        (values.options[bit], values.masks.map { $0 & (1 << UInt64(bit)) != 0 ? 1.0 : 0.0 })
      }
      return (nil, levels, missing)
    case .text, .date:
      throw EstimationError(message: "column '\(name)' is \(column.type.rawValue), not numeric or categorical")
    }
  }
}

/// Design effects against simple random sampling of the subset's n rows with a
/// non-zero weight (Kish 1965; R's `deff = TRUE` and `deff = "replace"`).
///
/// With s2 = n / (n - 1) * sum(w (u - mean u)^2) / W, W = sum(w) (R's `svyvar`):
/// for a mean, V_srs = s2 (W - n) / (W n) without replacement and s2 / n with;
/// for a total or a ratio (u the ratio's residual (y - R x) / sum(w x)), both times
/// W^2. Undefined (NaN) with one row; without replacement also when W < n.
enum DesignEffect {
  static func both(kind: Target.Kind, variance: Double, n: Int, weightSum: Double, squares: Double)
    -> (Double?, Double?)
  {
    guard n > 0 else { return (nil, nil) }
    guard n > 1 else { return (.nan, .nan) }
    let count = Double(n)
    let s2 = count / (count - 1) * max(0, squares) / weightSum
    switch kind {
    case .mean:
      let without = weightSum < count ? Double.nan : s2 * (weightSum - count) / (weightSum * count)
      return (variance / without, variance / (s2 / count))
    case .total, .ratio:
      let scale = weightSum * weightSum
      return (variance / (s2 * scale * (weightSum - count) / (weightSum * count)), variance / (s2 * scale / count))
    case .quantile:
      return (nil, nil)
    }
  }
}

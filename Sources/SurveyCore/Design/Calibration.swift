/// A calibration of the weights, kept with the design so that standard errors use
/// the calibration residuals (Deville and Sarndal 1992; Lumley 2010, section 7.4;
/// R's `postStrata` entries of a calibrated `survey.design2`).
///
/// The variance engine replaces each influence column z by its residual before
/// the design-based variance, exactly as R's `svyrecvar` does:
/// - post-stratification: z_i - w_i * m(cell of i), with
///   m(c) = (sum over the cell of z * w_old / w) / (sum over the cell of w_old)
///   (R's `attr(, "weights")` and `attr(, "oldweights")` of the `postStrata` index);
/// - raking: 10 sweeps, each over every margin in turn, of
///   z_i - w_i * (unweighted mean of z / w over i's category of that margin),
///   with w the weights the margin's post-stratification left in the last sweep of
///   the raking (R's class `raking`);
/// - GREG (linear calibration): z_i - w_i * x_i'B, where B is the least-squares fit
///   of z / w on the calibration variables x weighted by the base weights w0 (R's
///   `greg_calibration` at stage 0: `qr.resid(qr(X * sqrt(w0)), z / (g sqrt(w0))) * g sqrt(w0)`,
///   with w = g w0). `.greg` holds x, w0 and w; `.linear` holds R's two arrays as
///   they are (the scaled model matrix and g sqrt(w0)); both give the same residuals.
public enum Calibration: Sendable {
  /// Post-stratification on `cells` (a dense code per row, 0..<cellCount).
  case postStratification(cells: [Int32], cellCount: Int, weights: [Double], oldWeights: [Double])
  /// Raking: per margin, a dense category code per row, the number of categories,
  /// and the weights after that margin's step.
  case raking(margins: [Margin])
  /// Linear (GREG) calibration on the variables of `model`, from `baseWeights` to `weights`.
  case greg(model: LinearModel, baseWeights: [Double], weights: [Double])
  /// Linear (GREG) calibration as R stores it: `model` is R's scaled model matrix
  /// (one array per column: the calibration variable times the square root of the
  /// base weight) and `scale` is R's `w` (g-weight times the square root of the base weight).
  case linear(model: [[Double]], scale: [Double])

  /// One margin of a raking.
  public struct Margin: Sendable {
    public var categories: [Int32]
    public var categoryCount: Int
    public var weights: [Double]

    public init(categories: [Int32], categoryCount: Int, weights: [Double]) {
      self.categories = categories
      self.categoryCount = categoryCount
      self.weights = weights
    }
  }
}

/// The calibration variables of a linear calibration, row by row: each row has
/// `stride` slots, each a column index (or -1 for none) and a value, so an
/// indicator of one of many cells costs one slot, not one dense column.
public struct LinearModel: Sendable {
  public private(set) var rowCount: Int
  public private(set) var columnCount: Int
  public private(set) var stride: Int
  /// Row-major slots: `columns[row * stride + k]` is a column index or -1.
  public private(set) var columns: [Int32]
  public private(set) var values: [Double]

  public init(rowCount: Int, columnCount: Int, stride: Int, columns: [Int32], values: [Double]) {
    precondition(columns.count == rowCount * stride && values.count == columns.count, "stride slots per row")
    precondition(columns.allSatisfy { $0 >= -1 && Int($0) < columnCount }, "column indexes in range")
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.stride = stride
    self.columns = columns
    self.values = values
  }

  /// A model from dense columns (one array of row values per column).
  public init(denseColumns: [[Double]]) {
    let rows = denseColumns.first?.count ?? 0
    var columns: [Int32] = []
    var values: [Double] = []
    for row in 0..<rows {
      for (index, column) in denseColumns.enumerated() {
        columns.append(Int32(index))
        values.append(column[row])
      }
    }
    self.init(
      rowCount: rows, columnCount: denseColumns.count, stride: denseColumns.count, columns: columns, values: values)
  }

  /// x_i' b.
  @inline(__always)
  package func dot(row: Int, _ b: [Double]) -> Double {
    var sum = 0.0
    for slot in (row * stride)..<((row + 1) * stride) where columns[slot] >= 0 {
      sum += values[slot] * b[Int(columns[slot])]
    }
    return sum
  }

  /// sum over rows of weight_i x_i x_i' (compensated).
  package func crossProduct(weights: [Double]) -> [[Double]] {
    let p = columnCount
    var sums = [CompensatedSum](repeating: CompensatedSum(), count: p * p)
    for row in 0..<rowCount where weights[row] != 0 {
      let base = row * stride
      for a in 0..<stride where columns[base + a] >= 0 {
        let i = Int(columns[base + a])
        let left = weights[row] * values[base + a]
        for b in 0..<stride where columns[base + b] >= Int32(i) {
          sums[i * p + Int(columns[base + b])].add(left * values[base + b])
        }
      }
    }
    var result = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
    for i in 0..<p {
      for j in i..<p {
        // Slots of one row hold distinct columns, so (i, j) with i > j never occurs.
        result[i][j] = sums[i * p + j].value
        result[j][i] = result[i][j]
      }
    }
    return result
  }

  /// sum over rows of weight_i y_i x_i (compensated).
  package func transposeTimes(_ y: [Double], weights: [Double]) -> [Double] {
    var sums = [CompensatedSum](repeating: CompensatedSum(), count: columnCount)
    for row in 0..<rowCount where weights[row] != 0 {
      let factor = weights[row] * y[row]
      for slot in (row * stride)..<((row + 1) * stride) where columns[slot] >= 0 {
        sums[Int(columns[slot])].add(factor * values[slot])
      }
    }
    return sums.map(\.value)
  }
}

/// Solves symmetric positive semi-definite systems A x = b, as the normal
/// equations of weighted least squares: the matrix is scaled to a unit diagonal,
/// factored by Cholesky, and the solution refined once (Higham 2002, 10.3 and 12.1).
/// A column whose scaled pivot falls to `tolerance` or below is linearly dependent
/// on the earlier ones; it is left out (its coefficient is 0), as R's `qr` leaves
/// out columns it finds dependent.
package enum SymmetricSystem {
  package static func solve(_ a: [[Double]], _ b: [Double], tolerance: Double) -> (x: [Double], dependent: [Int]) {
    let p = b.count
    let scale = (0..<p).map { a[$0][$0] > 0 ? 1 / a[$0][$0].squareRoot() : 0 }
    var lower = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
    var dependent: [Int] = []
    var kept = [Bool](repeating: false, count: p)
    for j in 0..<p where scale[j] > 0 {
      var pivot = a[j][j] * scale[j] * scale[j]
      for k in 0..<j where kept[k] { pivot -= lower[j][k] * lower[j][k] }
      guard pivot > tolerance else {
        dependent.append(j)
        continue
      }
      kept[j] = true
      lower[j][j] = pivot.squareRoot()
      for i in (j + 1)..<max(p, j + 1) where scale[i] > 0 {
        var value = a[i][j] * scale[i] * scale[j]
        for k in 0..<j where kept[k] { value -= lower[i][k] * lower[j][k] }
        lower[i][j] = value / lower[j][j]
      }
    }
    dependent += (0..<p).filter { scale[$0] == 0 }
    func substitute(_ rhs: [Double]) -> [Double] {
      var y = [Double](repeating: 0, count: p)
      for i in 0..<p where kept[i] {
        var value = rhs[i] * scale[i]
        for k in 0..<i where kept[k] { value -= lower[i][k] * y[k] }
        y[i] = value / lower[i][i]
      }
      var x = [Double](repeating: 0, count: p)
      for i in stride(from: p - 1, through: 0, by: -1) where kept[i] {
        var value = y[i]
        for k in (i + 1)..<max(p, i + 1) where kept[k] { value -= lower[k][i] * x[k] }
        x[i] = value / lower[i][i]
      }
      return (0..<p).map { x[$0] * scale[$0] }
    }
    var x = substitute(b)
    // One step of iterative refinement on the kept columns.
    var residual = b
    for i in 0..<p where kept[i] {
      var sum = CompensatedSum()
      sum.add(b[i])
      for k in 0..<p where kept[k] { sum.add(-a[i][k] * x[k]) }
      residual[i] = sum.value
    }
    let correction = substitute(residual)
    for i in 0..<p where kept[i] { x[i] += correction[i] }
    return (x, dependent.sorted())
  }
}

/// Replicate weights and how to combine the replicate estimates:
/// variance = scale * sum over r of rscale_r * (theta_r - centre)^2, where the
/// centre is the mean of the replicate estimates, or the full-sample estimate
/// when `mse` is true (R's `svrVar`).
public struct ReplicateWeights: Sendable {
  public enum Kind: String, Sendable {
    case jk1, jkn, brr, bootstrap, subbootstrap, other
  }

  public var kind: Kind
  /// One array of row weights per replicate.
  public var weights: [[Double]]
  public var scale: Double
  public var rscales: [Double]
  public var mse: Bool
  public var degreesOfFreedom: Int

  public init(kind: Kind, weights: [[Double]], scale: Double, rscales: [Double], mse: Bool, degreesOfFreedom: Int) {
    precondition(rscales.count == weights.count, "one rscale per replicate")
    self.kind = kind
    self.weights = weights
    self.scale = scale
    self.rscales = rscales
    self.mse = mse
    self.degreesOfFreedom = degreesOfFreedom
  }
}

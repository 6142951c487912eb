/// A calibration of the weights, kept with the design so that standard errors use
/// the calibration residuals (Deville and Sarndal 1992; R's `postStrata` entries).
///
/// The variance engine replaces each influence column z by its residual before
/// the design-based variance, exactly as R's `svyrecvar` does:
/// - post-stratification: z_i - w_i * m(cell of i), with
///   m(c) = (sum over the cell of z * w_old / w) / (sum over the cell of w_old);
/// - raking: 10 sweeps, each over every margin in turn, of
///   z_i - w_i * (unweighted mean of z / w over i's category of that margin),
///   with w the weights the margin's post-stratification left;
/// - GREG (linear calibration): z - s * r, where r is the least-squares residual of
///   z / s on the columns of `model` (R: `qr.resid(qr(model), z / s) * s`).
public enum Calibration: Sendable {
  /// Post-stratification on `cells` (a dense code per row, 0..<cellCount).
  case postStratification(cells: [Int32], cellCount: Int, weights: [Double], oldWeights: [Double])
  /// Raking: per margin, a dense category code per row, the number of categories,
  /// and the weights after that margin's step.
  case raking(margins: [Margin])
  /// Linear (GREG) calibration: `model` is R's scaled model matrix (one array per
  /// column: the calibration variable times the square root of the base weight)
  /// and `scale` is R's `w` (g-weight times the square root of the base weight).
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

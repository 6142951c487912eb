/// The influence values of one statistic: its linearization z_i per row of the
/// design (zero outside the statistic's subset) and which rows are in the subset.
///
/// For a total, z_i = w_i x_i; for a mean, z_i = w_i (x_i - mean) / sum of w; for a
/// ratio, z_i = w_i (y_i - R x_i) / sum of w x (Binder 1983; Lumley 2010, 2.3).
/// Rows outside the subset (another domain, a missing value) stay in the design
/// with z_i = 0, so the variance keeps the full design, as R's `svyby` does.
public struct Influence: Sendable {
  public var values: [Double]
  /// Whether each row belongs to the statistic's subset (domain and non-missing).
  public var present: [Bool]

  public init(values: [Double], present: [Bool]) {
    precondition(values.count == present.count, "one presence flag per value")
    self.values = values
    self.present = present
  }
}

/// A design problem found while estimating a variance.
public struct VarianceError: Error, Sendable, CustomStringConvertible, Equatable {
  public var message: String
  public var description: String { message }
}

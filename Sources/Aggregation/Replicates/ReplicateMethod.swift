import SurveyCore

/// How to make replicate weights for a design (``SurveyDesign/replicated(_:mse:)``).
///
/// Every method gives R replicate weight vectors w^(r) and the constants of
/// v = scale * sum over r of rscale_r * (theta_r - centre)^2, the variance the
/// estimators compute from the replicate estimates theta_r (R's `svrVar`; Lumley
/// 2010, ch. 2.4; Wolter 2007, ch. 3-5). Methods built from the design work on its
/// first-stage PSUs and strata (later stages are ignored, as R's `as.svrepdesign`
/// does); multipliers apply to the design's current weights.
public enum ReplicateMethod: Sendable {
  /// The delete-one-PSU jackknife of an unstratified design (Wolter 2007, 4.2):
  /// replicate j drops PSU j and multiplies the other n - 1 PSUs by n / (n - 1);
  /// scale = (n - 1) / n * (1 - f), with f = n / N the first-stage sampling
  /// fraction when the design has a population correction (else f = 0), rscales 1.
  /// As R's `as.svrepdesign(type = "JK1")`.
  case jk1
  /// The stratified delete-one-PSU jackknife (Wolter 2007, 4.5): one replicate
  /// per PSU; it gets multiplier 0, the other PSUs of its stratum h
  /// n_h / (n_h - 1), other strata 1; rscale = (n_h - 1) / n_h * (1 - f_h),
  /// scale 1. A completely sampled stratum (f_h = 1) gives no replicates. A stratum
  /// with one PSU follows the design's lonely-PSU policy as R's `jknweights` does:
  /// `fail` stops, `remove` and `certainty` give it no replicate, `average` also
  /// sets scale = PSUs / replicates, and `adjust` adds one replicate that drops it
  /// and multiplies every other PSU by H / (H - 1), rscale (H - 1) / H, with H the
  /// number of strata. As R's `as.svrepdesign(type = "JKn")`.
  case jkn
  /// Balanced repeated replication for designs with exactly two PSUs per stratum
  /// (McCarthy 1969; Wolter 2007, ch. 3): replicate r keeps one PSU of each
  /// stratum with multiplier 2 and drops the other, choosing by the entries of a
  /// Hadamard matrix (``Hadamard``, R's `hadamard()`: the stored matrices of order
  /// 4, 16, 28 and 36, Paley's construction and Sylvester doubling, whichever R
  /// picks); scale = 1 / R, rscales 1. Strata take the matrix's rows 2, 3, ... in
  /// the byte order of their labels (R's `order()` in the C locale), and within a
  /// stratum the first PSU to appear keeps its weight when the entry is 1. The
  /// population correction is not used (R drops it with a warning).
  case brr
  /// Canty and Davison's (1999) with-replacement bootstrap of PSUs (R's
  /// `type = "bootstrap"`): in each stratum n_h PSUs are drawn with replacement
  /// (with a population correction, n_h draws without replacement from the
  /// N_h-long list that repeats the stratum's PSUs), the multiplier of a PSU being
  /// the number of times it is drawn; scale = n / ((n - 1)(R - 1)), where n is the
  /// harmonic mean of the PSUs per stratum, rscales 1. Draws come from SplitMix64
  /// seeded with `seed` (``SplitMix64``), so the weights differ from R's.
  case bootstrap(replicates: Int, seed: UInt64)
  /// Rao and Wu's (1988) rescaling bootstrap with n_h - 1 PSUs drawn with
  /// replacement per stratum (Rao, Wu and Yue 1992; R's `type = "subbootstrap"`):
  /// multiplier = times drawn * n_h / (n_h - 1); scale = 1 / (R - 1), rscales 1.
  /// Every stratum needs two PSUs; the population correction is not used.
  case subbootstrap(replicates: Int, seed: UInt64)
  /// Replicate weights given with the data (R's `svrepdesign`).
  case supplied(Supplied)

  /// Replicate weights supplied as columns, with what is needed to combine them.
  ///
  /// Defaults follow R's `svrepdesign`: `brr` has scale 1 / R (no other scale
  /// may be given); `bootstrap` and `subbootstrap` 1 / (R - 1); `jk1` (R - 1) / R
  /// for combined weights, or 1 / (the largest multiplier of the first replicate)
  /// for multipliers; `jkn` rscales 1 / (each replicate's largest multiplier), and
  /// combined `jkn` weights need their rscales; `other` scale 1. Rscales default
  /// to 1; a single rscale applies to every replicate.
  public struct Supplied: Sendable {
    /// What the columns hold.
    public enum Form: String, Sendable, CaseIterable {
      /// The replicate weights themselves (R's `combined.weights = TRUE`).
      case combined
      /// Factors of the design's weights (R's `combined.weights = FALSE`).
      case multipliers
    }

    /// One array per replicate, one value per row of the design.
    public var columns: [[Double]]
    /// The name of each column, for messages.
    public var names: [String]
    public var form: Form
    public var kind: ReplicateWeights.Kind
    public var scale: Double?
    public var rscales: [Double]?

    public init(
      columns: [[Double]], names: [String]? = nil, form: Form = .combined, kind: ReplicateWeights.Kind,
      scale: Double? = nil, rscales: [Double]? = nil
    ) {
      self.columns = columns
      self.names = names ?? columns.indices.map { "replicate \($0 + 1)" }
      self.form = form
      self.kind = kind
      self.scale = scale
      self.rscales = rscales
    }
  }
}

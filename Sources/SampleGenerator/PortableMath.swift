/// The few transcendental functions the generator needs, written with correctly
/// rounded IEEE operations only, so that every platform computes the same bits.
///
/// The C library's `exp` may differ in the last bit between glibc and Darwin; a
/// single flipped bit in a probability can flip a draw and change SampleData/.
/// Accuracy matters less than reproducibility here, but these are good to about
/// 1e-15 relative error over the ranges used.
enum PortableMath {
  /// e^x: x = k ln 2 + r with |r| <= ln 2 / 2, then a Taylor polynomial in r
  /// (Horner form) scaled by 2^k. Inputs are clamped to [-700, 700].
  static func exp(_ x: Double) -> Double {
    let x = min(max(x, -700), 700)
    let k = (x * 1.442_695_040_888_963_4).rounded()
    // ln 2 split in two so that k * ln2High is exact.
    let r = (x - k * 0.693_147_180_369_123_816_49) - k * 1.908_214_929_270_587_7e-10
    var term = 1.0
    for n in stride(from: 16, through: 1, by: -1) {
      term = 1 + term * r / Double(n)
    }
    return Double(sign: .plus, exponent: Int(k), significand: term)
  }

  /// The logistic function 1 / (1 + e^-x), the inverse of the logit.
  static func logistic(_ x: Double) -> Double {
    1 / (1 + exp(-x))
  }
}

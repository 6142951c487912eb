/// The generator's own pseudo-random numbers: xoshiro256** (Blackman and Vigna 2018)
/// seeded through SplitMix64, so that a seed gives the same study on every platform
/// and Swift version (the standard library's generators promise neither).
///
/// Every draw uses integer arithmetic or IEEE operations that are correctly rounded
/// (+, -, *, /, sqrt), never the platform's `exp` or `log`, whose last bits differ
/// between C libraries; see ``PortableMath``.
struct Random {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// A generator for one independent stream of `seed`: the study seeds one stream per
  /// country, one for the site parameters and one for the qualitative export, so
  /// that the number of respondents in one country does not shift another's draws.
  init(seed: UInt64, stream: UInt64) {
    var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    s0 = mixer.next()
    s1 = mixer.next()
    s2 = mixer.next()
    s3 = mixer.next()
    // xoshiro's state must not be all zero; SplitMix64 makes that practically
    // impossible, but keep the invariant explicit.
    if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
  }

  /// The next 64 random bits (xoshiro256**).
  mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// A uniform double in [0, 1) with 53 random bits.
  mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, unbiased).
  mutating func int(below bound: Int) -> Int {
    precondition(bound > 0, "Random.int(below:) needs a positive bound, got \(bound)")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold {
        product = next().multipliedFullWidth(by: range)
      }
    }
    return Int(product.high)
  }

  /// A uniform integer in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + int(below: range.upperBound - range.lowerBound + 1)
  }

  /// `true` with probability `p`.
  mutating func chance(_ p: Double) -> Bool {
    uniform() < p
  }

  /// An approximately standard normal draw: the Irwin-Hall sum of twelve uniforms
  /// less six (mean 0, variance 1, bounded by ±6), which needs no transcendental
  /// functions and so is the same on every platform.
  mutating func normal() -> Double {
    var sum = 0.0
    for _ in 0..<12 { sum += uniform() }
    return sum - 6
  }

  /// An index drawn with probability proportional to `weights` (non-negative, not all zero).
  mutating func pick(_ weights: [Double]) -> Int {
    var total = 0.0
    for weight in weights { total += weight }
    precondition(total > 0, "Random.pick needs a positive total weight")
    var target = uniform() * total
    for (index, weight) in weights.enumerated() {
      if target < weight { return index }
      target -= weight
    }
    // Rounding can leave `target` a hair above the last weight: take the last
    // index with a positive weight.
    return weights.lastIndex { $0 > 0 } ?? 0
  }

  private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
  }
}

/// SplitMix64 (Steele, Lea and Flood 2014): expands one 64-bit seed into the
/// 256-bit state of ``Random``.
struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

import SurveyCore
import Testing

/// The compensated sum behind every weighted total: exact where a plain sum loses
/// digits to cancellation or to many small terms (Higham 2002, section 4.3).
@Suite("Compensated sum")
struct CompensatedSumTests {
  static func sum(_ values: [Double]) -> Double {
    var total = CompensatedSum()
    for value in values { total.add(value) }
    return total.value
  }

  @Test(
    "recovers what cancellation hides from a plain sum",
    arguments: [
      ([1e16, 1, -1e16], 1.0),
      // Kahan's method fails here (the large term comes second); Neumaier's does not.
      ([1, 1e100, 1, -1e100], 2.0),
      ([1e100, 1, -1e100, 1], 2.0),
      ([0.1, 0.2, -0.3], 2.7755575615628914e-17),
    ])
  func cancellation(values: [Double], exact: Double) {
    #expect(Self.sum(values) == exact)
  }

  /// Terms k / 2^50 with |k| < 2^50 and magnitudes from 2^-50 to 1, whose exact
  /// sum an Int64 holds (times 2^50): the compensated total is that sum correctly
  /// rounded, where the plain sum is not (its partial sums need up to 62 bits).
  @Test("is the correctly rounded exact sum of terms of mixed sign and size")
  func manyTerms() {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    var values: [Double] = []
    var exact: Int64 = 0
    for index in 0..<4000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let bits = Int64(state >> 14) & ((1 << (1 + index % 50)) - 1)
      let k = state & 1 == 0 ? bits : -bits
      exact += k
      values.append(Double(k) / 0x1p50)
    }
    let rounded = Double(exact) / 0x1p50
    #expect(Self.sum(values) == rounded)
    #expect(values.reduce(0, +) != rounded, "the plain sum should lose digits here, or the test proves nothing")
  }

  @Test("an infinite or NaN term makes the total NaN, never a finite number")
  func special() {
    #expect(Self.sum([1, .infinity]).isNaN)
    #expect(Self.sum([1, .nan, 2]).isNaN)
  }
}

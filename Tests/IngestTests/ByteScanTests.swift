import Testing

@testable import Ingest

/// The one-pass survey of a block that the parallel pre-scan relies on: written
/// for the vectoriser (runs of 240 bytes, bit-cast comparisons), so checked here
/// against a plain byte-by-byte count.
@Suite("Byte scan")
struct ByteScanTests {
  /// Lengths around the 240-byte runs.
  static let lengths = [0, 1, 2, 239, 240, 241, 479, 480, 481, 1000, 4099]

  /// Blocks of `length` bytes from a fixed generator: mostly ASCII with quotes,
  /// some CR, NUL and bytes >= 0x80; and blocks made only of quotes (the most a
  /// run's one-byte count must hold) or of letters.
  static func blocks(length: Int) -> [[UInt8]] {
    var state = UInt64(length) &+ 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    let mixed = (0..<length).map { _ -> UInt8 in
      switch next() % 100 {
      case 0..<8: UInt8(ascii: "\"")
      case 8: 0x0D
      case 9: next() % 4 == 0 ? 0 : 0xC3
      default: UInt8(0x20 + next() % 0x5F)
      }
    }
    return [
      mixed, [UInt8](repeating: UInt8(ascii: "\""), count: length),
      [UInt8](repeating: UInt8(ascii: "a"), count: length),
    ]
  }

  @Test("counts quotes and finds CR, the lowest and the highest byte as a plain loop does", arguments: lengths)
  func survey(length: Int) {
    for block in Self.blocks(length: length) {
      for start in [0, min(1, block.count), block.count / 3] {
        let end = block.count
        let found = block.withUnsafeBufferPointer { bytes in
          ByteScan.survey(bytes.baseAddress ?? UnsafePointer(bitPattern: 1).unsafelyUnwrapped, start: start, end: end)
        }
        let part = block[start..<end]
        #expect(found.quotes == part.filter { $0 == UInt8(ascii: "\"") }.count)
        #expect(found.hasCR == part.contains(0x0D))
        #expect(found.lowest == part.min() ?? 0xFF)
        #expect(found.highest == part.max() ?? 0)
      }
    }
  }
}

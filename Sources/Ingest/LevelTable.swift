#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A hash map from byte strings to level codes, for reading category labels
/// without making a `String` per cell.
///
/// Open addressing with linear probing. Each slot holds its key's length, code,
/// line-break count and an identity word (the key's bytes themselves when it has
/// at most 8), so that a short key is found with one load and one comparison;
/// longer keys are compared with their bytes, which live back to back in one
/// buffer. The line-break count keeps line numbers right for quoted labels that
/// span lines. All storage is manually managed (see ``GrowableBuffer``): the owner
/// calls ``release()``.
struct LevelTable {
  /// One slot.
  struct Entry {
    /// ``LevelTable/word(_:)`` of the key.
    var word: UInt64 = 0
    var length: Int32 = 0
    /// The key's index + 1 (0: an empty slot).
    var key: Int32 = 0
    var code: Int32 = 0
    var lineBreaks: Int32 = 0
  }

  private var keyBytes = GrowableBuffer<UInt8>()
  private var keyStarts = GrowableBuffer<Int>()
  private var keyCodes = GrowableBuffer<Int32>()
  private var keyLineBreaks = GrowableBuffer<Int32>()
  private var slots = GrowableBuffer<Entry>()
  private var mask = 0
  /// 64 minus the bit width of the slot count.
  private var shift: UInt64 = 60

  init(expectedKeys: Int = 16) {
    var capacity = 16
    while capacity < expectedKeys * 2 { capacity <<= 1 }
    slots.append(Entry(), repeating: capacity)
    mask = capacity - 1
    shift = UInt64(64 - capacity.trailingZeroBitCount)
    keyStarts.append(0)
  }

  var keyCount: Int { keyCodes.count }

  /// The key at `index`, as a string.
  func key(_ index: Int) -> String {
    String(
      decoding: keyBytes.withBuffer { UnsafeRawBufferPointer($0) }[keyStarts[index]..<keyStarts[index + 1]],
      as: UTF8.self)
  }

  @inline(__always)
  func code(at index: Int) -> Int32 { keyCodes[index] }

  @inline(__always)
  func lineBreaks(at index: Int) -> Int { Int(keyLineBreaks[index]) }

  /// A word that, with the length, identifies a key of at most 8 bytes (its
  /// bytes, loaded as one to three overlapping reads); for longer keys, a mix of
  /// the first and last 8 bytes (then the bytes are compared).
  @inline(__always)
  private static func word(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let count = bytes.count
    guard let base = bytes.baseAddress, count > 0 else { return 0 }
    if count > 8 {
      let first = base.loadUnaligned(as: UInt64.self)
      let last = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      return first ^ (last << 29 | last >> 35)
    }
    if count >= 4 {
      let low = UInt64(base.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
      let high = UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
      return high << 32 | low
    }
    let first = UInt64(base.load(fromByteOffset: 0, as: UInt8.self))
    let middle = UInt64(base.load(fromByteOffset: count / 2, as: UInt8.self))
    let last = UInt64(base.load(fromByteOffset: count - 1, as: UInt8.self))
    return last << 16 | middle << 8 | first
  }

  /// Fibonacci hashing: one multiply, the slot from the product's top bits (the
  /// best-mixed ones); `shift` is 64 minus the table's bit width.
  @inline(__always)
  private static func slot(word: UInt64, length: Int, shift: UInt64) -> Int {
    Int(truncatingIfNeeded: ((word ^ UInt64(truncatingIfNeeded: length) << 58) &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The slot of the key equal to `bytes`, if present.
  @inline(__always)
  func entry(of bytes: UnsafeRawBufferPointer) -> Entry? {
    let word = Self.word(bytes)
    let length = Int32(truncatingIfNeeded: bytes.count)
    var slot = Self.slot(word: word, length: bytes.count, shift: shift)
    while true {
      let entry = slots[slot]
      if entry.key == 0 { return nil }
      if entry.word == word, entry.length == length,
        bytes.count <= 8 || Self.equal(keyBytes.base.unsafelyUnwrapped + keyStarts[Int(entry.key) - 1], bytes)
      {
        return entry
      }
      slot = (slot + 1) & mask
    }
  }

  /// The index of the key equal to `bytes`, if present.
  @inline(__always)
  func index(of bytes: UnsafeRawBufferPointer) -> Int? {
    entry(of: bytes).map { Int($0.key) - 1 }
  }

  /// Whether the `bytes.count` (more than 8) bytes at `stored` equal `bytes`, a
  /// word at a time (the last word overlapping), where a call to `memcmp` costs
  /// more than the comparison.
  @inline(__always)
  private static func equal(_ stored: UnsafePointer<UInt8>, _ bytes: UnsafeRawBufferPointer) -> Bool {
    let count = bytes.count
    let key = UnsafeRawPointer(stored)
    let other = bytes.baseAddress.unsafelyUnwrapped
    if count > 64 { return memcmp(key, other, count) == 0 }
    var offset = 0
    while offset + 8 < count {
      if key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        != other.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      {
        return false
      }
      offset += 8
    }
    return key.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      == other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
  }

  /// Adds `bytes` with `code` (the key must not be present); returns its index.
  @discardableResult
  mutating func insert(_ bytes: UnsafeRawBufferPointer, code: Int32) -> Int {
    if (keyCodes.count + 1) * 2 > slots.count { grow() }
    let key = keyCodes.count
    let lineBreaks = Int32(ByteScan.lineBreaks(in: bytes, from: 0, to: bytes.count))
    keyBytes.append(contentsOf: bytes)
    keyStarts.append(keyBytes.count)
    keyCodes.append(code)
    keyLineBreaks.append(lineBreaks)
    place(
      Entry(
        word: Self.word(bytes), length: Int32(truncatingIfNeeded: bytes.count), key: Int32(key + 1), code: code,
        lineBreaks: lineBreaks))
    return key
  }

  /// Adds `string` with `code` unless it is present.
  mutating func insert(_ string: String, code: Int32) {
    var string = string
    string.withUTF8 { buffer in
      let bytes = UnsafeRawBufferPointer(buffer)
      if index(of: bytes) == nil { insert(bytes, code: code) }
    }
  }

  mutating func release() {
    keyBytes.release()
    keyStarts.release()
    keyCodes.release()
    keyLineBreaks.release()
    slots.release()
  }

  private mutating func place(_ entry: Entry) {
    var slot = Self.slot(word: entry.word, length: Int(entry.length), shift: shift)
    while slots[slot].key != 0 { slot = (slot + 1) & mask }
    slots[slot] = entry
  }

  private mutating func grow() {
    let old = slots.withBuffer { Array($0) }
    let capacity = slots.count * 2
    slots.release()
    slots.append(Entry(), repeating: capacity)
    mask = capacity - 1
    shift = UInt64(64 - capacity.trailingZeroBitCount)
    for entry in old where entry.key != 0 { place(entry) }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A hash map from byte strings to level codes, for reading category labels
/// without making a `String` per cell.
///
/// Open addressing with linear probing over FNV-1a hashes; keys live back to back
/// in one byte buffer. Each key also remembers how many line breaks it contains,
/// so that line counting stays right for quoted labels that span lines.
/// All storage is manually managed (see ``GrowableBuffer``): the owner calls
/// ``release()``.
struct LevelTable {
  private var keyBytes = GrowableBuffer<UInt8>()
  private var keyStarts = GrowableBuffer<Int>()
  private var keyCodes = GrowableBuffer<Int32>()
  private var keyLineBreaks = GrowableBuffer<Int32>()
  /// Slot to key index + 1 (0 = empty).
  private var slots = GrowableBuffer<Int32>()
  private var mask = 0

  init(expectedKeys: Int = 16) {
    var capacity = 16
    while capacity < expectedKeys * 2 { capacity <<= 1 }
    slots.append(0, repeating: capacity)
    mask = capacity - 1
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

  /// A hash of `bytes` read a word at a time (labels are short: one to three
  /// loads, overlapping at the ends, instead of a step per byte).
  @inline(__always)
  private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
    let count = bytes.count
    let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    var hash = UInt64(truncatingIfNeeded: count) &* multiplier
    guard let base = bytes.baseAddress, count > 0 else { return Int(truncatingIfNeeded: hash) }
    func mix(_ word: UInt64) {
      hash = (hash ^ word) &* multiplier
      hash ^= hash >> 32
    }
    if count >= 8 {
      var offset = 0
      while offset + 8 < count {
        mix(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset += 8
      }
      mix(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
    } else if count >= 4 {
      let low = UInt64(base.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
      let high = UInt64(base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
      mix(low << 32 | high)
    } else {
      let first = UInt64(base.load(fromByteOffset: 0, as: UInt8.self))
      let middle = UInt64(base.load(fromByteOffset: count / 2, as: UInt8.self))
      let last = UInt64(base.load(fromByteOffset: count - 1, as: UInt8.self))
      mix(first << 16 | middle << 8 | last)
    }
    return Int(truncatingIfNeeded: hash ^ (hash >> 29))
  }

  /// The index of the key equal to `bytes`, if present.
  @inline(__always)
  func index(of bytes: UnsafeRawBufferPointer) -> Int? {
    var slot = Self.hash(bytes) & mask
    while true {
      let entry = Int(slots[slot])
      if entry == 0 { return nil }
      let key = entry - 1
      let start = keyStarts[key]
      if keyStarts[key + 1] - start == bytes.count,
        Self.equal(keyBytes.base.unsafelyUnwrapped + start, bytes)
      {
        return key
      }
      slot = (slot + 1) & mask
    }
  }

  /// Whether `count` bytes at `stored` equal `bytes`: word loads for short keys,
  /// where a call to `memcmp` costs more than the comparison.
  @inline(__always)
  private static func equal(_ stored: UnsafePointer<UInt8>, _ bytes: UnsafeRawBufferPointer) -> Bool {
    let count = bytes.count
    guard count > 0 else { return true }
    let key = UnsafeRawPointer(stored)
    let other = bytes.baseAddress.unsafelyUnwrapped
    if count >= 16 { return memcmp(key, other, count) == 0 }
    if count >= 8 {
      return key.loadUnaligned(as: UInt64.self) == other.loadUnaligned(as: UInt64.self)
        && key.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
          == other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if count >= 4 {
      return key.loadUnaligned(as: UInt32.self) == other.loadUnaligned(as: UInt32.self)
        && key.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
          == other.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
    var index = 0
    while index < count {
      if stored[index] != bytes[index] { return false }
      index += 1
    }
    return true
  }

  /// Adds `bytes` with `code` (the key must not be present); returns its index.
  @discardableResult
  mutating func insert(_ bytes: UnsafeRawBufferPointer, code: Int32) -> Int {
    if (keyCodes.count + 1) * 2 > slots.count { grow() }
    let key = keyCodes.count
    keyBytes.append(contentsOf: bytes)
    keyStarts.append(keyBytes.count)
    keyCodes.append(code)
    keyLineBreaks.append(Int32(ByteScan.lineBreaks(in: bytes, from: 0, to: bytes.count)))
    place(key, hash: Self.hash(bytes))
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

  private mutating func place(_ key: Int, hash: Int) {
    var slot = hash & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(key + 1)
  }

  private mutating func grow() {
    let capacity = slots.count * 2
    slots.release()
    slots.append(0, repeating: capacity)
    mask = capacity - 1
    for key in 0..<keyCodes.count {
      let start = keyStarts[key]
      let bytes = UnsafeRawBufferPointer(
        start: keyBytes.base.unsafelyUnwrapped + start, count: keyStarts[key + 1] - start)
      place(key, hash: Self.hash(bytes))
    }
  }
}

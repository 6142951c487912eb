/// The byte layout of a snapshot: little-endian fixed-width integers and floats, and
/// length-prefixed arrays and strings, written and read in the same order.
///
/// Snapshots are the pipeline cache's own files, written and read by the same tool
/// version (the version is part of every cache key), so the layout has no schema
/// evolution; a snapshot that does not parse is reported and recomputed, never trusted.
package struct SnapshotWriter {
  package private(set) var bytes: [UInt8] = []

  package init() {}

  package mutating func write<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  package mutating func write(_ value: Double) { write(value.bitPattern) }

  package mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

  package mutating func write(_ value: String) { write(Array(value.utf8)) }

  package mutating func write(_ value: String?) {
    write(value != nil)
    if let value { write(value) }
  }

  /// A count, then the elements' bytes as they are in memory (little-endian machines only,
  /// which every platform Swift runs on is).
  package mutating func write<T: FixedWidthInteger>(_ values: [T]) {
    write(UInt64(values.count))
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }

  package mutating func write(_ values: [Double]) {
    write(UInt64(values.count))
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }

  package mutating func write(_ values: [String]) {
    write(UInt64(values.count))
    for value in values { write(value) }
  }
}

/// Reads what ``SnapshotWriter`` wrote; every read checks the bounds and throws
/// ``SnapshotReader/Truncated`` rather than trapping on a damaged file.
package struct SnapshotReader {
  package struct Truncated: Error, CustomStringConvertible {
    package var offset: Int
    package var description: String { "the snapshot ends early or is damaged (at byte \(offset))" }
  }

  private let bytes: [UInt8]
  private var offset = 0

  package init(_ bytes: [UInt8]) { self.bytes = bytes }

  package var isAtEnd: Bool { offset == bytes.count }

  private mutating func take(_ count: Int) throws(Truncated) -> ArraySlice<UInt8> {
    guard count >= 0, count <= bytes.count - offset else { throw Truncated(offset: offset) }
    defer { offset += count }
    return bytes[offset..<offset + count]
  }

  package mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(Truncated) -> T {
    let slice = try take(MemoryLayout<T>.size)
    var value = T.zero
    withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: slice) }
    return T(littleEndian: value)
  }

  package mutating func read(_: Double.Type = Double.self) throws(Truncated) -> Double {
    Double(bitPattern: try read(UInt64.self))
  }

  package mutating func read(_: Bool.Type = Bool.self) throws(Truncated) -> Bool { try read(UInt8.self) != 0 }

  package mutating func read(_: String.Type = String.self) throws(Truncated) -> String {
    let utf8: [UInt8] = try read([UInt8].self)
    return String(decoding: utf8, as: UTF8.self)
  }

  package mutating func read(_: String?.Type = String?.self) throws(Truncated) -> String? {
    try read(Bool.self) ? try read(String.self) : nil
  }

  private mutating func count(of stride: Int) throws(Truncated) -> Int {
    let count = try read(UInt64.self)
    guard count <= UInt64(bytes.count - offset) / UInt64(max(stride, 1)) else { throw Truncated(offset: offset) }
    return Int(count)
  }

  package mutating func read<T: FixedWidthInteger>(_: [T].Type = [T].self) throws(Truncated) -> [T] {
    let count = try count(of: MemoryLayout<T>.stride)
    let slice = try take(count * MemoryLayout<T>.stride)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyBytes(from: slice)
      initialized = count
    }
  }

  package mutating func read(_: [Double].Type = [Double].self) throws(Truncated) -> [Double] {
    let count = try count(of: 8)
    let slice = try take(count * 8)
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyBytes(from: slice)
      initialized = count
    }
  }

  package mutating func read(_: [String].Type = [String].self) throws(Truncated) -> [String] {
    let count = try count(of: 8)
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try read(String.self)) }
    return values
  }
}

/// The values of a text or id column: all strings' UTF-8 bytes in one buffer and
/// the offset of each row's bytes, so a million short answers cost one allocation.
public struct TextValues: Sendable, Equatable {
  /// Every row's bytes, back to back.
  public private(set) var bytes: [UInt8]
  /// Row `i` is `bytes[offsets[i]..<offsets[i + 1]]`; `offsets.count == count + 1`.
  public private(set) var offsets: [Int]

  public init() {
    bytes = []
    offsets = [0]
  }

  /// Builds the storage from buffers made elsewhere (ingest).
  package init(bytes: [UInt8], offsets: [Int]) {
    precondition(offsets.first == 0 && offsets.last == bytes.count, "offsets must span the bytes")
    self.bytes = bytes
    self.offsets = offsets
  }

  public var count: Int { offsets.count - 1 }

  /// The string at `row` (empty where the cell is missing).
  public subscript(row: Int) -> String {
    String(decoding: bytes[offsets[row]..<offsets[row + 1]], as: UTF8.self)
  }

  /// Appends one value.
  public mutating func append(_ value: String) {
    bytes.append(contentsOf: value.utf8)
    offsets.append(bytes.count)
  }

  /// Appends every row of `other`.
  package mutating func append(_ other: TextValues) {
    let shift = bytes.count
    bytes.append(contentsOf: other.bytes)
    offsets.append(contentsOf: other.offsets.dropFirst().lazy.map { $0 + shift })
  }
}

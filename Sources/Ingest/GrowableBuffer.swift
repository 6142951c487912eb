#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable run of plain values in manually managed memory, for the per-field
/// hot path of the chunk readers (no copy-on-write checks, no reference counting).
///
/// The memory comes from `malloc`. A buffer of its own mapping per column and
/// chunk, unmapped as soon as it was merged, kept peak memory lower (ingest of
/// W's 1M-row file: 104 MB against 133 MB) but cost more time: an unmapping
/// interrupts the other cores to flush their TLBs, and the table's columns and
/// the later arrays then fault in fresh pages where they can reuse freed ones
/// (workload W at 1M rows: about 10 ms, 3%). Owned by exactly one column state or
/// chunk reader, which calls ``release()``.
struct GrowableBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>?
  private(set) var count = 0
  private var capacity = 0

  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow(to: Swift.max(256, capacity * 2)) }
    base.unsafelyUnwrapped[count] = element
    // Wrapping: the count stays below the capacity, which an allocation bounds.
    count &+= 1
  }

  mutating func append(contentsOf bytes: UnsafeRawBufferPointer) where Element == UInt8 {
    guard !bytes.isEmpty else { return }
    if count + bytes.count > capacity { grow(to: Swift.max(count + bytes.count, capacity * 2, 4096)) }
    UnsafeMutableRawPointer(base.unsafelyUnwrapped + count).copyMemory(
      from: bytes.baseAddress.unsafelyUnwrapped, byteCount: bytes.count)
    count += bytes.count
  }

  /// Appends `element` `times` times.
  mutating func append(_ element: Element, repeating times: Int) {
    guard times > 0 else { return }
    if count + times > capacity { grow(to: Swift.max(count + times, capacity * 2, 256)) }
    (base.unsafelyUnwrapped + count).initialize(repeating: element, count: times)
    count += times
  }

  /// Makes room for `total` elements in all.
  mutating func reserve(_ total: Int) {
    if total > capacity { grow(to: total) }
  }

  subscript(index: Int) -> Element {
    get { base.unsafelyUnwrapped[index] }
    set { base.unsafelyUnwrapped[index] = newValue }
  }

  mutating func truncate(to newCount: Int) {
    precondition(newCount <= count)
    count = newCount
  }

  /// The values as an array (a copy).
  func array() -> [Element] {
    guard let base else { return [] }
    return Array(UnsafeBufferPointer(start: base, count: count))
  }

  func withBuffer<R>(_ body: (UnsafeBufferPointer<Element>) -> R) -> R {
    body(UnsafeBufferPointer(start: base, count: count))
  }

  /// Frees the memory; the buffer is empty afterwards.
  mutating func release() {
    if let base { free(base) }
    base = nil
    count = 0
    capacity = 0
  }

  @inline(never)
  private mutating func grow(to newCapacity: Int) {
    let bytes = newCapacity * MemoryLayout<Element>.stride
    let new = realloc(base.map { UnsafeMutableRawPointer($0) }, bytes)
    precondition(new != nil, "realloc of \(bytes) bytes failed: out of memory")
    base = new.unsafelyUnwrapped.assumingMemoryBound(to: Element.self)
    capacity = newCapacity
  }
}

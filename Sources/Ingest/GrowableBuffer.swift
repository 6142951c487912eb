#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A growable run of plain values in manually managed memory, for the per-field
/// hot path of the chunk readers (no copy-on-write checks, no reference counting).
///
/// Small buffers come from `malloc`; from 64 KiB on, a buffer is its own anonymous
/// mapping, returned to the system the moment it is released (or outgrown), so the memory of parsed chunks does not linger in the
/// allocator while the table is assembled. Owned by exactly one column state or
/// chunk reader, which calls ``release()``.
struct GrowableBuffer<Element: BitwiseCopyable> {
  private(set) var base: UnsafeMutablePointer<Element>?
  private(set) var count = 0
  private var capacity = 0
  private var isMapped = false

  private static var mappingThreshold: Int { 64 << 10 }

  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow(to: Swift.max(256, capacity * 2)) }
    base.unsafelyUnwrapped[count] = element
    count += 1
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
    if let base {
      if isMapped {
        munmap(UnsafeMutableRawPointer(base), capacity * MemoryLayout<Element>.stride)
      } else {
        free(base)
      }
    }
    base = nil
    count = 0
    capacity = 0
    isMapped = false
  }

  private mutating func grow(to newCapacity: Int) {
    let stride = MemoryLayout<Element>.stride
    let bytes = newCapacity * stride
    if bytes >= Self.mappingThreshold {
      let page = 4096
      let rounded = (bytes + page - 1) / page * page
      let newCapacity = rounded / stride
      let mapped = mmap(nil, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
      precondition(mapped != MAP_FAILED, "mmap of \(rounded) bytes failed: out of memory")
      let new = mapped.unsafelyUnwrapped.assumingMemoryBound(to: Element.self)
      if let base { new.update(from: base, count: count) }
      release(keeping: count)
      self.base = new
      capacity = newCapacity
      isMapped = true
      return
    }
    let new = realloc(base.map { UnsafeMutableRawPointer($0) }, bytes)
    precondition(new != nil, "realloc of \(bytes) bytes failed: out of memory")
    base = new.unsafelyUnwrapped.assumingMemoryBound(to: Element.self)
    capacity = newCapacity
  }

  /// Releases the old storage during growth without forgetting the count.
  private mutating func release(keeping count: Int) {
    release()
    self.count = count
  }
}

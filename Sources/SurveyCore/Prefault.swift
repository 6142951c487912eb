#if canImport(Glibc)
  import Glibc
#endif

/// Maps the pages of a fresh buffer that is about to be filled, in one call
/// (`MADV_POPULATE_WRITE`, Linux 5.14+), rather than taking one page fault per
/// page as they are first written: each fault is a trap into the kernel, which
/// costs more than the page's zeroing on a virtual machine. A no-op for buffers
/// under 256 KiB, and where the call is not supported.
package func prefault<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
  #if canImport(Glibc)
    let bytes = buffer.count * MemoryLayout<Element>.stride
    guard bytes >= 256 << 10, let base = buffer.baseAddress else { return }
    let page = 4096
    // Whole pages inside the buffer only: its first and last pages may hold other data.
    let start = (Int(bitPattern: base) + page - 1) / page * page
    let end = (Int(bitPattern: base) + bytes) / page * page
    guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
    let populateWrite: Int32 = 23
    _ = madvise(pointer, end - start, populateWrite)
  #endif
}

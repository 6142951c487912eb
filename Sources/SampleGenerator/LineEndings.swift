#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns the LF record ends that ``CSVWriter`` writes into CR LF, for the file of a
/// team that exported from Windows (survey_GR.csv).
///
/// Only record ends change: a line break inside a quoted field stays LF, as
/// spreadsheet programs write it. Quote state is tracked by toggling on every `"`,
/// which is exact for CSVWriter's output (quotes inside a field are doubled).
enum LineEndings {
  /// Streams `source` into `destination` with CR LF record ends, then removes `source`.
  static func convertToCRLF(from source: String, to destination: String) throws(SampleStudy.Failure) {
    let input = open(source, O_RDONLY | O_CLOEXEC)
    if input < 0 {
      throw SampleStudy.Failure(path: source, reason: String(cString: strerror(errno)))
    }
    defer { close(input) }
    let output = try TextFile.Output(path: destination)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var converted: [UInt8] = []
    converted.reserveCapacity(1 << 17)
    var inQuotes = false
    while true {
      let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw SampleStudy.Failure(path: source, reason: String(cString: strerror(errno)))
      }
      if count == 0 { break }
      converted.removeAll(keepingCapacity: true)
      for byte in chunk[0..<count] {
        if byte == UInt8(ascii: "\"") {
          inQuotes.toggle()
        } else if byte == UInt8(ascii: "\n") && !inQuotes {
          converted.append(UInt8(ascii: "\r"))
        }
        converted.append(byte)
      }
      converted.withUnsafeBytes { output.append($0) }
    }
    try output.commit()
    unlink(source)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few file-system questions validation asks: read a text file, expand a pattern.
enum InputFiles {
  /// The contents of a UTF-8 text file, or the system's reason why it cannot be read.
  static func readText(path: String) -> Result<String, Failure> {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return .failure(Failure(reason: systemReason())) }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(Failure(reason: systemReason()))
      }
      if count == 0 { break }
      bytes += buffer[..<count]
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return .failure(Failure(reason: "the file is not UTF-8 text"))
    }
    return .success(text)
  }

  struct Failure: Error {
    var reason: String
  }

  /// The paths matching a shell pattern (`*`, `?`, `[...]`), sorted; a plain path
  /// matches itself when it exists.
  static func expand(_ pattern: String) -> [String] {
    var result = glob_t()
    defer { globfree(&result) }
    guard glob(pattern, 0, nil, &result) == 0 else { return [] }
    var paths: [String] = []
    for index in 0..<Int(result.gl_pathc) {
      if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
    }
    return paths.sorted()
  }

  /// Whether `path` names a directory.
  static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  private static func systemReason() -> String { String(cString: strerror(errno)) }
}

import SurveyCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The file operations of the runner, each failing with a diagnostic that names the path.
///
/// Every file the runner writes goes to a temporary name beside its target and is then
/// renamed over it, so an interrupted run leaves either the old file or the new one,
/// never half of one (rename(2) is atomic within a file system).
enum FileSystem {
  /// A diagnostic at `path`: `what` and the system's reason (`errno`).
  static func failure(_ path: String, _ what: String) -> Diagnostic {
    Diagnostic(at: SourceLocation(file: path), "\(what): \(String(cString: strerror(errno)))")
  }

  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  /// Creates `path` and its missing parents.
  static func makeDirectories(_ path: String) throws(Diagnostic) {
    guard !path.isEmpty, !isDirectory(path) else { return }
    if let slash = path.dropLast().lastIndex(of: "/"), slash != path.startIndex {
      try makeDirectories(String(path[..<slash]))
    }
    if mkdir(path, 0o755) != 0, errno != EEXIST { throw failure(path, "cannot create directory") }
  }

  static func readBytes(_ path: String) throws(Diagnostic) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw failure(path, "cannot read") }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw failure(path, "cannot read") }
    var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeMutableBytes { buffer in
        read(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { throw failure(path, "cannot read") }
      offset += count
    }
    return bytes
  }

  /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Diagnostic) {
    let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw failure(path, "cannot write") }
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes { buffer in
        write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else {
        let error = failure(path, "cannot write")
        close(descriptor)
        unlink(temporary)
        throw error
      }
      offset += count
    }
    guard close(descriptor) == 0 else {
      let error = failure(path, "cannot write")
      unlink(temporary)
      throw error
    }
    try rename(temporary, to: path)
  }

  static func writeAtomically(_ text: String, to path: String) throws(Diagnostic) {
    try writeAtomically(Array(text.utf8), to: path)
  }

  static func rename(_ source: String, to target: String) throws(Diagnostic) {
    guard Glibc.rename(source, target) == 0 else {
      let error = failure(target, "cannot rename \(source) to it")
      unlink(source)
      throw error
    }
  }

  /// The names in directory `path` (not `.` and `..`), sorted; empty when it does not exist.
  static func list(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != ".", name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// The files below directory `path`, as paths relative to it (`tables/x.csv`), sorted.
  static func files(below path: String) -> [String] {
    var result: [String] = []
    for name in list(path) {
      let full = join(path, name)
      if isDirectory(full) {
        result += files(below: full).map { name + "/" + $0 }
      } else {
        result.append(name)
      }
    }
    return result
  }

  /// Removes `path`, a file or a directory with everything in it; nothing when absent.
  static func remove(_ path: String) throws(Diagnostic) {
    if isDirectory(path) {
      for name in list(path) { try remove("\(path)/\(name)") }
      guard rmdir(path) == 0 || errno == ENOENT else { throw failure(path, "cannot remove directory") }
    } else if unlink(path) != 0, errno != ENOENT {
      throw failure(path, "cannot remove")
    }
  }

  /// Copies the file `source` to `target` atomically.
  static func copy(_ source: String, to target: String) throws(Diagnostic) {
    try writeAtomically(try readBytes(source), to: target)
  }

  /// `parts` joined with `/`, skipping empty parts.
  static func join(_ parts: String...) -> String {
    var path = ""
    for part in parts where !part.isEmpty {
      if path.isEmpty || path.hasSuffix("/") { path += part } else { path += "/" + part }
    }
    return path
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The non-CSV files of the study (codebook, README) and the output directory.
///
/// Files are written like ``CSVWriter`` writes them: to a temporary file beside the
/// target, renamed over it when complete, so a reader never sees half a file.
enum TextFile {
  /// Writes `text` as UTF-8 to `path`, atomically.
  static func save(_ text: String, to path: String) throws(SampleStudy.Failure) {
    let output = try Output(path: path)
    var text = text
    text.withUTF8 { output.append(UnsafeRawBufferPointer($0)) }
    try output.commit()
  }

  /// Creates `path` and its missing parents (`mkdir -p`).
  static func createDirectory(_ path: String) throws(SampleStudy.Failure) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += component
      if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
        throw SampleStudy.Failure(path: prefix, reason: String(cString: strerror(errno)))
      }
      prefix += "/"
    }
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
      throw SampleStudy.Failure(path: path, reason: "not a directory")
    }
  }

  /// A file being written: a temporary file until ``commit()`` renames it.
  final class Output {
    let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var failure: SampleStudy.Failure?

    init(path: String) throws(SampleStudy.Failure) {
      self.path = path
      temporaryPath = "\(path).tmp-\(getpid())"
      descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      if descriptor < 0 {
        throw SampleStudy.Failure(path: path, reason: String(cString: strerror(errno)))
      }
    }

    deinit {
      if descriptor >= 0 {
        close(descriptor)
        unlink(temporaryPath)
      }
    }

    /// Appends `bytes` to the file; a write error is kept and thrown by ``commit()``.
    func append(_ bytes: UnsafeRawBufferPointer) {
      guard failure == nil, let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let written = write(descriptor, base + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          failure = SampleStudy.Failure(path: path, reason: String(cString: strerror(errno)))
          return
        }
        offset += written
      }
    }

    /// Closes the temporary file and renames it over ``path``, or throws the first
    /// write error.
    func commit() throws(SampleStudy.Failure) {
      if let failure { throw failure }
      let closed = close(descriptor)
      descriptor = -1
      if closed != 0 || rename(temporaryPath, path) != 0 {
        let reason = String(cString: strerror(errno))
        unlink(temporaryPath)
        throw SampleStudy.Failure(path: path, reason: reason)
      }
    }
  }
}

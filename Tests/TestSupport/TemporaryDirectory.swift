import Foundation

/// A fresh directory under the system's temporary directory, removed on `deinit`.
public final class TemporaryDirectory: @unchecked Sendable {
  // @unchecked Sendable: `path` is immutable; the directory is only written by the test that owns it.
  public let path: String

  public init(_ label: String = "mighealth") {
    let base = FileManager.default.temporaryDirectory.path
    path = "\(base)/\(label)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Writes `contents` (UTF-8) to `name` in the directory and returns its path.
  @discardableResult
  public func write(_ name: String, _ contents: String) -> String {
    write(name, bytes: Array(contents.utf8))
  }

  /// Writes raw bytes to `name` in the directory and returns its path.
  @discardableResult
  public func write(_ name: String, bytes: [UInt8]) -> String {
    let file = "\(path)/\(name)"
    FileManager.default.createFile(atPath: file, contents: Data(bytes))
    return file
  }

  /// The text of `name` in the directory.
  public func read(_ name: String) -> String {
    (try? String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)) ?? ""
  }
}

/// The root of the package (the folder holding Package.swift), found from a source file path.
public func packageRoot(_ file: String = #filePath) -> String {
  var url = URL(fileURLWithPath: file).deletingLastPathComponent()
  while url.path != "/" {
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    url = url.deletingLastPathComponent()
  }
  return FileManager.default.currentDirectoryPath
}

import Foundation

/// Reads a whole file with Foundation.
struct FileHandleShim {
  let bytes: [UInt8]

  init?(path: String) {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    bytes = [UInt8](data)
  }
}

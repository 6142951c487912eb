import CLibCrypto
import SurveyCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto: the one place that calls its C API.
///
/// Used for the content hashes of inputs in cache keys and in the manifest, where
/// `sha256sum FILE` gives the same hex digest.
public struct SHA256: ~Copyable {
  private let context: OpaquePointer

  public init() {
    guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
      fatalError("libcrypto cannot start a SHA-256 digest (out of memory)")
    }
    self.context = context
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Adds `bytes` to the digest.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count > 0 else { return }
    precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "SHA-256 update failed")
  }

  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  public mutating func update(_ text: String) {
    var text = text
    text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
  }

  /// The digest as 64 lowercase hex digits; the value can no longer be updated.
  public consuming func finalize() -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1, "SHA-256 final failed")
    EVP_MD_CTX_free(context)
    discard self
    return digest.prefix(Int(length)).map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }

  /// The hex digest of `text`'s UTF-8 bytes.
  public static func hex(of text: String) -> String {
    var digest = SHA256()
    digest.update(text)
    return digest.finalize()
  }

  /// The hex digest of the file at `path`, read in 1 MiB blocks.
  public static func hex(ofFile path: String) throws(Diagnostic) -> String {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw FileSystem.failure(path, "cannot read") }
    defer { close(descriptor) }
    var digest = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileSystem.failure(path, "cannot read")
      }
      if count == 0 { break }
      buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }
    return digest.finalize()
  }
}

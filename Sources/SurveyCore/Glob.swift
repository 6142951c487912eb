/// Shell-style file-name patterns (`*` and `?`), for matching codebook sources to files.
enum Glob {
  /// Whether `name` matches `pattern`, where `*` stands for any run of characters
  /// and `?` for one character.
  static func matches(_ pattern: String, _ name: String) -> Bool {
    let pattern = Array(pattern.unicodeScalars)
    let name = Array(name.unicodeScalars)
    var p = 0
    var n = 0
    var star: Int?
    var resume = 0
    while n < name.count {
      if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
        p += 1
        n += 1
      } else if p < pattern.count, pattern[p] == "*" {
        star = p
        resume = n
        p += 1
      } else if let star {
        p = star + 1
        resume += 1
        n = resume
      } else {
        return false
      }
    }
    while p < pattern.count, pattern[p] == "*" { p += 1 }
    return p == pattern.count
  }
}

/// A stage's parameters as text that changes exactly when the parameters do: the
/// basis of its cache key.
///
/// Built by reflection over the decoded ``StageSpec``, so that a new parameter counts
/// without code here. Source locations are left out (moving a stage in the pipeline
/// file or editing a comment does not rerun it), and dictionary and set elements are
/// sorted (Swift's hashing is seeded per process, so their order differs between runs).
enum CanonicalText {
  static func of(_ value: Any) -> String {
    var text = ""
    append(value, to: &text)
    return text
  }

  private static func append(_ value: Any, to text: inout String) {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
      if let child = mirror.children.first { append(child.value, to: &text) } else { text += "nil" }
    case .collection, .tuple:
      text += "("
      for child in mirror.children {
        if let label = child.label, !label.hasPrefix(".") { text += label + ":" }
        append(child.value, to: &text)
        text += ","
      }
      text += ")"
    case .dictionary, .set:
      let elements = mirror.children.map { of($0.value) }.sorted()
      text += "{" + elements.joined(separator: ",") + "}"
    case .struct, .class, .enum:
      text += "\(mirror.subjectType)"
      if mirror.displayStyle == .enum, mirror.children.isEmpty { text += ".\(value)" }
      text += "("
      for child in mirror.children where child.label != "location" {
        text += (child.label ?? "_") + ":"
        append(child.value, to: &text)
        text += ","
      }
      text += ")"
    default:
      // Numbers, strings and other leaves: `String(reflecting:)` keeps a Double's every digit.
      text += String(reflecting: value)
    }
  }
}

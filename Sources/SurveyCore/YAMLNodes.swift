import Yams

/// Reading Yams nodes for the YAML files mighealth takes (codebooks, cleaning
/// rules), so that every reader treats nulls and describes nodes the same way.
package enum YAMLNodes {
  /// Whether `node` is YAML's null: nothing after the colon, `~` or `null`.
  package static func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  /// The text of a scalar node that is not null.
  package static func text(of node: Node) -> String? {
    guard case .scalar(let scalar) = node, !isNull(node) else { return nil }
    return scalar.string
  }

  /// How a node that is not what was expected reads in a message: `a list`,
  /// `a mapping`, `an empty value`, `'abc'`.
  package static func describe(_ node: Node) -> String {
    switch node {
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    case .scalar(let scalar): isNull(node) ? "an empty value" : "'\(scalar.string)'"
    }
  }
}

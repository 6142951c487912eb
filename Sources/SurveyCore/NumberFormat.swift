/// How mighealth writes numbers: the shortest text that reads back to the same
/// `Double`, with integral values written without a fraction (`3`, not `3.0`).
package enum NumberFormat {
  package static func shortest(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 {
      return String(Int64(value))
    }
    return value.description
  }
}

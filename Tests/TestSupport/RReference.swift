import Aggregation

/// Reading the R survey fixtures (Tests/AggregationTests/Fixtures, made by
/// make_reference.R): the request behind an `estimates.csv` row, and its numbers.
public enum RReference {
  /// The request that makes a reference row of `estimates.csv`, and a key for caching it.
  public static func request(for reference: [String: String]) -> (EstimationRequest, String) {
    let parts = (reference["case"] ?? "").split(separator: ":").map(String.init)
    let kind = parts.count > 1 ? parts[1] : ""
    let variable = reference["variable"] ?? ""
    let domain = reference["domain"] ?? ""
    let groups = domain.isEmpty ? [] : domain.split(separator: ";").map { String($0.split(separator: "=")[0]) }
    let method = reference["ci_method"] ?? "wald"
    let statistic: EstimationRequest.Statistic
    var interval = EstimationRequest.IntervalMethod.wald
    switch kind {
    case "total": statistic = .total(variable)
    case "ratio":
      let sides = variable.split(separator: "/").map(String.init)
      statistic = .ratio(numerator: sides[0], denominator: sides.count > 1 ? sides[1] : "")
    case "quantile": statistic = .quantile(variable, [0.25, 0.5, 0.9])
    case "ciprop":
      statistic = .proportion(variable)
      interval = method == "xlogit" ? .logit : EstimationRequest.IntervalMethod(rawValue: method) ?? .wald
    default: statistic = .mean(variable)
    }
    let request = EstimationRequest(statistics: [statistic], groups: groups, interval: interval)
    return (request, "\(kind)|\(variable)|\(groups.joined(separator: ","))|\(interval.rawValue)")
  }

  /// A number of a fixture cell (`nil` when empty; `Inf` and `-Inf` as R writes them).
  public static func number(_ text: String?) -> Double? {
    guard let text, !text.isEmpty else { return nil }
    switch text {
    case "Inf": return .infinity
    case "-Inf": return -.infinity
    default: return Double(text)
    }
  }
}

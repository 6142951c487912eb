/// What every profile of a study shares: its title, the labels people read for
/// variable names, and the disclosure rules.
public struct ProfileSettings: Sendable, Equatable {
  public var studyTitle: String
  /// Labels of variables (`barrier_cost` -> `Cost of care`); a variable without one shows its name.
  public var labels: [String: String]
  public var rules: DisclosureRules

  public init(studyTitle: String, labels: [String: String] = [:], rules: DisclosureRules = DisclosureRules()) {
    self.studyTitle = studyTitle
    self.labels = labels
    self.rules = rules
  }

  func label(_ variable: String) -> String { labels[variable] ?? variable }
}

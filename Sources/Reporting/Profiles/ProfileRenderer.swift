/// Renders country profiles and the cross-country comparison from their templates.
public struct ProfileRenderer: Sendable {
  /// A document in its two forms.
  public struct Document: Sendable, Equatable {
    public var markdown: String
    public var html: String
  }

  public var templates: ProfileTemplates
  public var settings: ProfileSettings

  /// A renderer with `templates` (``ProfileTemplates/embedded()`` for the defaults).
  public init(templates: ProfileTemplates, settings: ProfileSettings) {
    self.templates = templates
    self.settings = settings
  }

  /// One country's profile.
  public func profile(_ input: ProfileInput) -> Document {
    let context = ProfileContext.profile(input, settings)
    return Document(
      markdown: templates.render(.profileMarkdown, context), html: templates.render(.profileHTML, context))
  }

  /// The cross-country comparison of `profiles` (in the order given).
  public func comparison(_ profiles: [ProfileInput]) -> Document {
    let context = ProfileContext.comparison(profiles, settings)
    return Document(
      markdown: templates.render(.comparisonMarkdown, context), html: templates.render(.comparisonHTML, context))
  }
}

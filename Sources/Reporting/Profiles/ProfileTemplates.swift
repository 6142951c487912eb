import Foundation
import Mustache

/// The Mustache templates that render profiles: `profile.md`, `profile.html`,
/// `comparison.md` and `comparison.html`, and the partial `style.css` that both HTML
/// templates include (`{{> style.css}}`) as their inline style sheet.
///
/// The defaults are the files in the package's `Templates/` folder, embedded in the
/// binary (``EmbeddedTemplates``) so an installed `mighealth` works anywhere. A folder
/// given by the researcher overrides any of them with its own `<name>.mustache`; a
/// template it does not have stays the default.
///
/// Templates are checked when loaded: a Mustache syntax error, or a tag naming a value
/// the profile does not have (Mustache would silently print nothing), throws a
/// ``PublishingError`` with the template's file, line and column. Markdown templates are
/// escaped for Markdown (`\|`, `\*`, ...), HTML templates for HTML; `{{{name}}}` is
/// not escaped (the charts' SVG).
public struct ProfileTemplates: Sendable {
  public enum Name: String, Sendable, CaseIterable {
    case profileMarkdown = "profile.md"
    case profileHTML = "profile.html"
    case comparisonMarkdown = "comparison.md"
    case comparisonHTML = "comparison.html"
    case style = "style.css"

    /// The file name: `profile.md.mustache`.
    public var fileName: String { rawValue + ".mustache" }
    var isMarkdown: Bool { rawValue.hasSuffix(".md") }
  }

  /// Where each template came from (a path, or `embedded:profile.md.mustache`).
  public private(set) var sources: [Name: String] = [:]
  private var library = MustacheLibrary()

  /// The embedded defaults.
  public static func embedded() throws(PublishingError) -> ProfileTemplates {
    try ProfileTemplates(folder: nil)
  }

  /// The templates of `folder` where it has them, the embedded defaults elsewhere; only
  /// the defaults when `folder` is `nil`.
  public init(folder: String?) throws(PublishingError) {
    if let folder {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw PublishingError(path: folder, "the template folder does not exist")
      }
    }
    for name in Name.allCases {
      let path = folder.map { "\($0)/\(name.fileName)" }
      if let path, FileManager.default.fileExists(atPath: path) {
        let text: String
        do {
          text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
          throw PublishingError(path: path, "cannot read the template: \(error.localizedDescription)")
        }
        library.register(try Self.compile(text, name: name, path: path), named: name.rawValue)
        sources[name] = path
      } else {
        let source = "embedded:\(name.fileName)"
        library.register(try Self.compile(EmbeddedTemplates.text(name), name: name, path: source), named: name.rawValue)
        sources[name] = source
      }
    }
  }

  func render(_ name: Name, _ context: [String: Any]) -> String {
    guard let text = library.render(context, withTemplate: name.rawValue) else {
      preconditionFailure("template \(name.rawValue) loaded in init")
    }
    return text
  }

  /// Checks and parses one template.
  static func compile(_ text: String, name: Name, path: String) throws(PublishingError) -> MustacheTemplate {
    try TemplateCheck.names(
      in: text, known: ProfileContext.vocabulary, partials: Set(Name.allCases.map(\.rawValue)), path: path)
    MarkdownContentType.register()
    // The Markdown pragma goes in front of the text on its first line, so line numbers stay the file's.
    let prefix = name.isMarkdown ? MarkdownContentType.pragma : ""
    do {
      return try MustacheTemplate(string: prefix + text)
    } catch let error as MustacheTemplate.ParserError {
      let context = error.context
      let column = context.lineNumber == 1 ? context.columnNumber - prefix.count : context.columnNumber
      throw PublishingError(
        path: path, line: context.lineNumber, column: max(column, 1),
        "template syntax: \(TemplateCheck.describe(error.error))")
    } catch {
      throw PublishingError(path: path, "template syntax: \(error)")
    }
  }
}

/// Escapes text for Markdown: a backslash before each character Markdown would read as
/// markup (`\ ` `` ` `` `* _ [ ] < > | #`), so a label cannot break a table or add a link.
struct MarkdownContentType: MustacheContentType {
  static let pragma = "{{% CONTENT_TYPE: MARKDOWN }}"
  private static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"]

  /// Registers the type with Mustache once (parsing a template looks it up by name).
  static func register() { _ = registered }
  private static let registered: Void = MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")

  func escapeText(_ text: String) -> String {
    var output = ""
    for character in text {
      if Self.special.contains(character) { output.append("\\") }
      output.append(character == "\n" ? " " : character)
    }
    return output
  }
}

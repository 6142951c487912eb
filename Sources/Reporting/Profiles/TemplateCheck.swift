import Mustache

/// Checks the names a Mustache template uses against the names its context defines,
/// because Mustache renders an unknown name as nothing: a typo in a researcher's
/// template would silently drop a section of a published profile.
///
/// Tags are read with the default `{{ }}` delimiters: `{{name}}`, `{{{name}}}`,
/// `{{&name}}`, `{{#name}}`, `{{^name}}` and `{{/name}}`; comments `{{! }}` and pragmas
/// `{{% }}` are not names, and a partial `{{> name}}` must name one of `partials`. A dotted name checks each part, `.`
/// (the current item) is always known, and a transform `{{ uppercased(name) }}` checks
/// its argument. A template that changes its delimiters is checked up to the change.
enum TemplateCheck {
  static func names(in text: String, known: Set<String>, partials: Set<String>, path: String)
    throws(PublishingError)
  {
    var line = 1
    var lineStart = text.startIndex
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == "\n" {
        line += 1
        lineStart = text.index(after: index)
        index = lineStart
        continue
      }
      guard text[index...].hasPrefix("{{") else {
        index = text.index(after: index)
        continue
      }
      let column = text.distance(from: lineStart, to: index) + 1
      let tagStart = text.index(index, offsetBy: 2)
      guard let close = text[tagStart...].range(of: "}}") else { return }  // the parser reports it
      var tag = Substring(text[tagStart..<close.lowerBound])
      index = close.upperBound
      if tag.hasPrefix("{"), index < text.endIndex, text[index] == "}" { index = text.index(after: index) }
      guard let kind = tag.first else { continue }
      if kind == "=" { return }
      if kind == ">", !partials.contains(bareName(tag.dropFirst())) {
        throw PublishingError(
          path: path, line: line, column: column,
          "unknown partial '\(bareName(tag.dropFirst()))': the partials are \(partials.sorted().joined(separator: ", "))"
        )
      }
      if "!%>".contains(kind) {
        line += tag.filter { $0 == "\n" }.count
        continue
      }
      if "{&#^/".contains(kind) { tag = tag.dropFirst() }
      let name = bareName(tag)
      for part in name.split(separator: ".") where !known.contains(String(part)) {
        throw PublishingError(
          path: path, line: line, column: column,
          "unknown name '\(name)' in {{\(text[tagStart..<close.lowerBound])}}: "
            + "the profile has no such value (Templates/README.md lists the names)")
      }
    }
  }

  /// The variable of a tag: spaces trimmed, a transform `f(name)` reduced to `name`.
  static func bareName(_ tag: Substring) -> String {
    var name = tag.trimmingCharacters(in: " \t{}")
    if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
      name = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
    }
    return name
  }

  /// Mustache's parser error in words.
  static func describe(_ error: Error) -> String {
    guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
    switch error {
    case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
    case .unfinishedName: return "a tag is not finished (missing '}}')"
    case .expectedSectionEnd: return "a section is not closed (missing '{{/name}}')"
    case .invalidSetDelimiter: return "a set-delimiter tag is badly formed"
    case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
    case .illegalTokenInsideInheritSection: return "a tag is not allowed inside an inheritance section"
    case .textInsideInheritSection: return "text is not allowed inside an inheritance section"
    case .invalidConfigVariableSyntax: return "a pragma '{{% }}' is badly formed"
    case .unrecognisedConfigVariable: return "a pragma '{{% }}' names an unknown setting"
    }
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in characters: String) -> String {
    var slice = self[...]
    while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}

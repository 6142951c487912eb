/// Text made safe for spreadsheets (CSV and XLSX outputs).
///
/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and
/// tab and carriage return can smuggle one past a check (OWASP, "CSV Injection"). Such
/// text is prefixed with a single quote, which spreadsheets show as text. Only text is
/// neutralized: numbers are written as numbers (a negative number is a number, not a
/// formula), so `-0.5` stored as `.number(-0.5)` stays `-0.5`, while the label `"-0.5"`
/// becomes `'-0.5`.
public enum SpreadsheetText {
  /// The first characters that make a spreadsheet read a cell as a formula.
  public static let formulaPrefixes: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

  /// `text`, prefixed with `'` when it starts with a formula character.
  public static func neutralized(_ text: String) -> String {
    guard let first = text.first, formulaPrefixes.contains(first) else { return text }
    return "'" + text
  }
}

import Aggregation
import CSVCodec
import SurveyCore

/// Estimates rendered as a text table, CSV or JSON.
public struct EstimateOutput {
  public let rows: [EstimateRow]

  public init(rows: [EstimateRow]) { self.rows = rows }

  public static let columns = [
    "statistic", "variable", "level", "domain", "estimate", "se", "ci_low", "ci_high", "cv", "deff", "df", "n",
    "n_missing",
  ]

  public func render(_ format: OutputFormat) -> String {
    switch format {
    case .csv: csv()
    case .json: json()
    case .table: table()
    }
  }

  private func cells(_ row: EstimateRow, digits: Int?) -> [String] {
    func number(_ value: Double?) -> String {
      guard let value, value.isFinite else { return value.map { $0.isNaN ? "" : ($0 > 0 ? "Inf" : "-Inf") } ?? "" }
      guard let digits else { return NumberFormat.shortest(value) }
      return NumberFormat.significant(value, digits: digits)
    }
    return [
      row.statistic, row.variable, row.level ?? "",
      row.domain.map { "\($0.variable)=\($0.value)" }.joined(separator: ";"),
      number(row.estimate), number(row.se), number(row.ciLow), number(row.ciHigh), number(row.cv), number(row.deff),
      String(row.df), String(row.n), String(row.nMissing),
    ]
  }

  private func csv() -> String {
    var text = CSVWriter.line(Self.columns)
    for row in rows { text += CSVWriter.line(cells(row, digits: nil)) }
    return text
  }

  private func table() -> String {
    // Line breaks inside values would break the table's rows: show them as \n.
    let body = rows.map { row in
      cells(row, digits: 6).map { $0.replacingLineBreaks() }
    }
    let widths = Self.columns.indices.map { column in
      max(Self.columns[column].count, body.map { $0[column].count }.max() ?? 0)
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return column < 4 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    return ([line(Self.columns)] + body.map(line)).joined(separator: "\n") + "\n"
  }

  private func json() -> String {
    func number(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "null" }
      return "\(value)"
    }
    let objects = rows.map { row in
      let domain = row.domain.map { "\(JSON.string($0.variable)): \(JSON.string($0.value))" }.joined(separator: ", ")
      let fields = [
        "\"statistic\": \(JSON.string(row.statistic))", "\"variable\": \(JSON.string(row.variable))",
        "\"level\": \(row.level.map(JSON.string) ?? "null")", "\"domain\": {\(domain)}",
        "\"estimate\": \(number(row.estimate))", "\"se\": \(number(row.se))", "\"ci_low\": \(number(row.ciLow))",
        "\"ci_high\": \(number(row.ciHigh))", "\"deff\": \(number(row.deff))", "\"df\": \(row.df)",
        "\"n\": \(row.n)", "\"n_missing\": \(row.nMissing)",
      ]
      return "  {" + fields.joined(separator: ", ") + "}"
    }
    return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
  }
}

extension String {
  /// The text with CR and LF shown as `\r` and `\n`.
  func replacingLineBreaks() -> String {
    guard contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return self }
    var out = ""
    for scalar in unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}

/// JSON text encoding of strings.
enum JSON {
  static func string(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

/// How `estimate` and `crosstab` print their results.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table, csv, json
}

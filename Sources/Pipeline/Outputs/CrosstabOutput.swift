import Aggregation
import CSVCodec
import SurveyCore

/// A two-way table and its tests rendered as text tables, CSV or JSON.
///
/// CSV is one table: the cells, then one row per test whose `statistic` is the
/// test's method, `estimate` its statistic and `ndf`, `ddf`, `p_value` filled in.
/// JSON is `{"cells": [...], "tests": [...]}`, cells with the keys of `estimate`'s
/// rows (`variable` is `rows*cols`, `level` `row*col`) plus `row_level` and
/// `col_level`; tests with `method`, `statistic`, `ndf`, `ddf`, `p_value`,
/// `domain`, `n` (rows with both variables) and `n_missing`.
public struct CrosstabOutput {
  public let result: Crosstab.Result

  public init(result: Crosstab.Result) { self.result = result }

  public static let columns = [
    "statistic", "variable", "level", "row_level", "col_level", "domain", "estimate", "se", "ci_low", "ci_high", "cv",
    "deff", "df", "n", "n_missing", "ndf", "ddf", "p_value",
  ]

  public func render(_ format: OutputFormat) -> String {
    switch format {
    case .csv: csv()
    case .json: json()
    case .table: table()
    }
  }

  private var variable: String { "\(result.rows)*\(result.columns)" }

  private static func domain(_ groups: [EstimateRow.Group]) -> String {
    groups.map { "\($0.variable)=\($0.value)" }.joined(separator: ";")
  }

  private static func number(_ value: Double?, digits: Int? = nil) -> String {
    guard let value, value.isFinite else { return value.map { $0.isNaN ? "" : ($0 > 0 ? "Inf" : "-Inf") } ?? "" }
    guard let digits else { return NumberFormat.shortest(value) }
    return NumberFormat.significant(value, digits: digits)
  }

  private func csv() -> String {
    var text = CSVWriter.line(Self.columns)
    for cell in result.cells {
      text += CSVWriter.line([
        cell.statistic.rawValue, variable, "\(cell.rowLevel)*\(cell.columnLevel)", cell.rowLevel, cell.columnLevel,
        Self.domain(cell.domain), Self.number(cell.estimate), Self.number(cell.se), Self.number(cell.ciLow),
        Self.number(cell.ciHigh), Self.number(cell.cv), Self.number(cell.deff), String(cell.df), String(cell.n),
        String(cell.nMissing), "", "", "",
      ])
    }
    for test in result.tests {
      text += CSVWriter.line([
        test.method.rawValue, variable, "", "", "", Self.domain(test.domain), Self.number(test.statistic), "", "", "",
        "", "", "", String(test.n), String(test.rowCount - test.n), Self.number(test.ndf), Self.number(test.ddf),
        Self.number(test.pValue),
      ])
    }
    return text
  }

  private func table() -> String {
    let cellHeader = [
      "statistic", result.rows, result.columns, "domain", "estimate", "se", "ci_low", "ci_high", "cv", "deff", "df",
      "n",
      "n_missing",
    ]
    let cells = result.cells.map { cell in
      [
        cell.statistic.rawValue, cell.rowLevel, cell.columnLevel, Self.domain(cell.domain),
        Self.number(cell.estimate, digits: 6), Self.number(cell.se, digits: 6), Self.number(cell.ciLow, digits: 6),
        Self.number(cell.ciHigh, digits: 6), Self.number(cell.cv, digits: 6), Self.number(cell.deff, digits: 6),
        String(cell.df), String(cell.n), String(cell.nMissing),
      ]
    }
    let testHeader = ["test", "domain", "statistic", "ndf", "ddf", "p_value", "n", "n_missing"]
    let tests = result.tests.map { test in
      [
        test.method.rawValue, Self.domain(test.domain), Self.number(test.statistic, digits: 6),
        Self.number(test.ndf, digits: 6), Self.number(test.ddf, digits: 6), Self.number(test.pValue, digits: 6),
        String(test.n), String(test.rowCount - test.n),
      ]
    }
    return Self.aligned(cellHeader, cells, leftColumns: 4) + "\n" + Self.aligned(testHeader, tests, leftColumns: 2)
  }

  /// Columns padded to a common width: text left-aligned, numbers right-aligned.
  private static func aligned(_ header: [String], _ body: [[String]], leftColumns: Int) -> String {
    let widths = header.indices.map { column in
      max(header[column].count, body.map { $0[column].count }.max() ?? 0)
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return column < leftColumns ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    return ([line(header)] + body.map(line)).joined(separator: "\n") + "\n"
  }

  private func json() -> String {
    func number(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "null" }
      return "\(value)"
    }
    func domain(_ groups: [EstimateRow.Group]) -> String {
      "{" + groups.map { "\(JSON.string($0.variable)): \(JSON.string($0.value))" }.joined(separator: ", ") + "}"
    }
    let cells = result.cells.map { cell in
      let fields = [
        "\"statistic\": \(JSON.string(cell.statistic.rawValue))", "\"variable\": \(JSON.string(variable))",
        "\"level\": \(JSON.string("\(cell.rowLevel)*\(cell.columnLevel)"))",
        "\"row_level\": \(JSON.string(cell.rowLevel))", "\"col_level\": \(JSON.string(cell.columnLevel))",
        "\"domain\": \(domain(cell.domain))", "\"estimate\": \(number(cell.estimate))", "\"se\": \(number(cell.se))",
        "\"ci_low\": \(number(cell.ciLow))", "\"ci_high\": \(number(cell.ciHigh))", "\"deff\": \(number(cell.deff))",
        "\"df\": \(cell.df)", "\"n\": \(cell.n)", "\"n_missing\": \(cell.nMissing)",
      ]
      return "    {" + fields.joined(separator: ", ") + "}"
    }
    let tests = result.tests.map { test in
      let fields = [
        "\"method\": \(JSON.string(test.method.rawValue))", "\"statistic\": \(number(test.statistic))",
        "\"ndf\": \(number(test.ndf))", "\"ddf\": \(number(test.ddf))", "\"p_value\": \(number(test.pValue))",
        "\"domain\": \(domain(test.domain))", "\"n\": \(test.n)", "\"n_missing\": \(test.rowCount - test.n)",
      ]
      return "    {" + fields.joined(separator: ", ") + "}"
    }
    return "{\n  \"cells\": [\n" + cells.joined(separator: ",\n") + "\n  ],\n  \"tests\": [\n"
      + tests.joined(separator: ",\n") + "\n  ]\n}\n"
  }
}

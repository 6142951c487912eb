import Ingest

/// The row accounting as a text table for the terminal.
struct AccountingReport {
  let accounts: [IngestStage.FileAccount]

  init(_ accounts: [IngestStage.FileAccount]) {
    self.accounts = accounts
  }

  var text: String {
    let headers = ["file", "read", "accepted", "rejected", "blank lines"]
    var rows = accounts.map { account in
      [
        account.file, String(account.read), String(account.accepted), String(account.rejected),
        String(account.blankLines),
      ]
    }
    let total = accounts.reduce(into: (0, 0, 0, 0)) { sum, account in
      sum.0 += account.read
      sum.1 += account.accepted
      sum.2 += account.rejected
      sum.3 += account.blankLines
    }
    rows.append(["total", String(total.0), String(total.1), String(total.2), String(total.3)])
    let widths = headers.indices.map { column in
      max(headers[column].count, rows.map { $0[column].count }.max() ?? 0)
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        let pad = String(repeating: " ", count: widths[column] - cell.count)
        return column == 0 ? cell + pad : pad + cell
      }.joined(separator: "  ")
    }
    let balanced = accounts.allSatisfy(\.balances)
    var lines = [line(headers)] + rows.dropLast().map(line)
    lines.append(line(rows[rows.count - 1]))
    lines.append(balanced ? "read = accepted + rejected for every file" : "ACCOUNTING DOES NOT BALANCE")
    return lines.joined(separator: "\n")
  }
}

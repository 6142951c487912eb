/// A heat map of shares (rows by columns, e.g. barrier by country), drawn as SVG.
///
/// Each cell is filled on a sequential blue scale, linear between the stops 0% `#f7fbff`,
/// 50% `#6baed6` and 100% `#08306b`, and shows its value; an unreliable value is marked
/// `*`. A suppressed cell is hatched grey with `s`, a missing one is white with `–`.
/// The legend shows the scale at 0, 25, 50, 75 and 100% and the two markers.
public struct HeatMap: Sendable, Equatable {
  /// Makes the chart's element ids unique within a page.
  public var id: String
  public var title: String
  public var rowLabels: [String]
  public var columnLabels: [String]
  /// One row per row label, one value per column label.
  public var values: [[ChartValue]]

  public init(id: String, title: String, rowLabels: [String], columnLabels: [String], values: [[ChartValue]]) {
    precondition(values.count == rowLabels.count, "one row of values per row label")
    precondition(values.allSatisfy { $0.count == columnLabels.count }, "one value per column label")
    self.id = id
    self.title = title
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.values = values
  }

  static let left = 220.0
  static let top = 48.0
  static let cellWidth = 64.0
  static let cellHeight = 28.0

  /// The chart as an `<svg>` element.
  public var svg: String {
    let id = SVG.identifier(id)
    // Wide enough for the grid and for the legend (five swatches, then the two markers' words).
    let width = max(Self.left + Double(columnLabels.count) * Self.cellWidth + 10, Self.left + 5 * 44 + 130)
    let gridBottom = Self.top + Double(rowLabels.count) * Self.cellHeight
    var out = SVG.open(id: id, width: width, height: gridBottom + 64, title: title)
    out += SVG.hatch(id: id)
    out += SVG.text(title, x: 0, y: 16, extra: "font-weight=\"bold\" font-size=\"13\"")
    for (column, label) in columnLabels.enumerated() {
      let x = Self.left + (Double(column) + 0.5) * Self.cellWidth
      out += SVG.text(BarChart.shortened(label), x: x, y: Self.top - 8, anchor: "middle", extra: "font-weight=\"bold\"")
    }
    for (row, label) in rowLabels.enumerated() {
      let y = Self.top + Double(row) * Self.cellHeight
      out += SVG.text(BarChart.shortened(label), x: Self.left - 8, y: y + Self.cellHeight / 2 + 4, anchor: "end")
      for (column, value) in values[row].enumerated() {
        out += cell(value, x: Self.left + Double(column) * Self.cellWidth, y: y, id: id)
      }
    }
    out += legend(y: gridBottom + 16, id: id)
    out += "</svg>\n"
    return out
  }

  private func cell(_ value: ChartValue, x: Double, y: Double, id: String) -> String {
    let box =
      "x=\"\(SVG.fixed(x))\" y=\"\(SVG.fixed(y))\" width=\"\(SVG.fixed(Self.cellWidth))\" "
      + "height=\"\(SVG.fixed(Self.cellHeight))\" stroke=\"#ffffff\""
    let (centre, baseline) = (x + Self.cellWidth / 2, y + Self.cellHeight / 2 + 4)
    switch value {
    case .estimate(let share, _, _, let unreliable):
      let ink = share > 0.55 ? "#ffffff" : "#1a1a1a"
      return "<rect class=\"cell\" \(box) fill=\"\(Self.colour(share))\"/>\n"
        + SVG.text(
          SVG.percent(share) + (unreliable ? "*" : ""), x: centre, y: baseline, anchor: "middle",
          extra: "fill=\"\(ink)\"")
    case .suppressed:
      return "<rect class=\"suppressed\" \(box) fill=\"url(#\(id)-hatch)\"/>\n"
        + SVG.text("s", x: centre, y: baseline, anchor: "middle", extra: "fill=\"#333\" font-weight=\"bold\"")
    case .missing:
      return "<rect class=\"missing\" \(box) fill=\"#ffffff\"/>\n"
        + SVG.text("–", x: centre, y: baseline, anchor: "middle", extra: "fill=\"#555\"")
    }
  }

  private func legend(y: Double, id: String) -> String {
    var out = ""
    for (index, share) in [0, 0.25, 0.5, 0.75, 1].enumerated() {
      let x = Self.left + Double(index) * 44
      out += "<rect x=\"\(SVG.fixed(x))\" y=\"\(SVG.fixed(y))\" width=\"44\" height=\"12\" "
      out += "fill=\"\(Self.colour(share))\" stroke=\"#bdbdbd\" stroke-width=\"0.5\"/>\n"
      out += SVG.text(SVG.percent(share), x: x + 22, y: y + 26, anchor: "middle", extra: "font-size=\"10\"")
    }
    let x = Self.left + 5 * 44 + 16
    out += "<rect x=\"\(SVG.fixed(x))\" y=\"\(SVG.fixed(y))\" width=\"12\" height=\"12\" fill=\"url(#\(id)-hatch)\"/>\n"
    out += SVG.text("s suppressed", x: x + 16, y: y + 10, extra: "font-size=\"10\"")
    out += SVG.text("* unreliable", x: x + 16, y: y + 26, extra: "font-size=\"10\"")
    out += SVG.text("Weighted prevalence", x: Self.left - 8, y: y + 10, anchor: "end", extra: "font-size=\"10\"")
    return out
  }

  static let stops: [(share: Double, rgb: (Double, Double, Double))] = [
    (0, (247, 251, 255)), (0.5, (107, 174, 214)), (1, (8, 48, 107)),
  ]

  /// The fill of `share` (clamped to 0...1) as `#rrggbb`.
  static func colour(_ share: Double) -> String {
    let share = min(max(share.isFinite ? share : 0, 0), 1)
    let upper = share <= stops[1].share ? 1 : 2
    let (low, high) = (stops[upper - 1], stops[upper])
    let t = (share - low.share) / (high.share - low.share)
    let channels = [
      low.rgb.0 + t * (high.rgb.0 - low.rgb.0), low.rgb.1 + t * (high.rgb.1 - low.rgb.1),
      low.rgb.2 + t * (high.rgb.2 - low.rgb.2),
    ]
    let digits = Array("0123456789abcdef")
    return "#"
      + String(
        channels.flatMap { channel -> [Character] in
          let byte = Int(channel.rounded())
          return [digits[byte / 16], digits[byte % 16]]
        })
  }
}

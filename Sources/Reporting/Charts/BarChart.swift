/// A horizontal bar chart of shares with confidence-interval whiskers, drawn as SVG.
///
/// One bar per item, labelled on the left, on an axis from 0 to 100% with ticks every
/// 20%. A published estimate is a bar to its value with a whisker from the interval's
/// low to high end (clamped to the axis) and its value written beside it; an unreliable
/// one is drawn lighter with the word `unreliable`. A suppressed estimate is a hatched
/// band across the axis with its note, never a bar of length 0; a missing one says
/// `no data`. The output depends only on the input (fixed number formatting).
public struct BarChart: Sendable, Equatable {
  public struct Bar: Sendable, Equatable {
    public var label: String
    public var value: ChartValue

    public init(_ label: String, _ value: ChartValue) {
      self.label = label
      self.value = value
    }
  }

  /// Makes the chart's element ids unique within a page.
  public var id: String
  public var title: String
  public var bars: [Bar]

  public init(id: String, title: String, bars: [Bar]) {
    self.id = id
    self.title = title
    self.bars = bars
  }

  static let labelWidth = 210.0
  static let plotLeft = 220.0
  static let plotWidth = 360.0
  static let width = 700.0
  static let top = 34.0
  static let band = 26.0
  static let barHeight = 16.0
  static let longestLabel = 34

  /// The x of a share on the axis (clamped to 0...1).
  static func x(_ share: Double) -> Double {
    plotLeft + min(max(share, 0), 1) * plotWidth
  }

  /// The chart as an `<svg>` element.
  public var svg: String {
    let id = SVG.identifier(id)
    let axisY = Self.top + Double(bars.count) * Self.band + 4
    let height = axisY + 44
    var out = SVG.open(id: id, width: Self.width, height: height, title: title)
    out += SVG.hatch(id: id)
    out += SVG.text(title, x: 0, y: 16, extra: "font-weight=\"bold\" font-size=\"13\"")
    for tick in stride(from: 0, through: 100, by: 20) {
      let x = SVG.fixed(Self.x(Double(tick) / 100))
      out += "<line x1=\"\(x)\" y1=\"\(SVG.fixed(Self.top - 4))\" x2=\"\(x)\" y2=\"\(SVG.fixed(axisY))\" "
      out += "stroke=\"#d9d9d9\"/>\n"
      out += SVG.text("\(tick)%", x: Self.x(Double(tick) / 100), y: axisY + 14, anchor: "middle")
    }
    out += "<line x1=\"\(SVG.fixed(Self.plotLeft))\" y1=\"\(SVG.fixed(axisY))\" "
    out += "x2=\"\(SVG.fixed(Self.x(1)))\" y2=\"\(SVG.fixed(axisY))\" stroke=\"#555\"/>\n"
    for (index, bar) in bars.enumerated() {
      out += draw(bar, top: Self.top + Double(index) * Self.band, id: id)
    }
    out += SVG.text(
      "Bars: weighted estimate; whiskers: 95% confidence interval.", x: Self.plotLeft, y: axisY + 34,
      extra: "fill=\"#555\" font-size=\"11\"")
    out += "</svg>\n"
    return out
  }

  private func draw(_ bar: Bar, top: Double, id: String) -> String {
    let middle = top + Self.barHeight / 2
    var out = SVG.text(Self.shortened(bar.label), x: Self.labelWidth, y: middle + 4, anchor: "end")
    switch bar.value {
    case .estimate(let value, let low, let high, let unreliable):
      let fill = unreliable ? "#a9c1dc" : "#2f6aa3"
      out += "<rect class=\"bar\" x=\"\(SVG.fixed(Self.plotLeft))\" y=\"\(SVG.fixed(top))\" "
      out += "width=\"\(SVG.fixed(Self.x(value) - Self.plotLeft))\" height=\"\(SVG.fixed(Self.barHeight))\" "
      out += "fill=\"\(fill)\"/>\n"
      let (left, right) = (SVG.fixed(Self.x(low)), SVG.fixed(Self.x(high)))
      let (capTop, capBottom) = (SVG.fixed(middle - 5), SVG.fixed(middle + 5))
      out += "<g class=\"whisker\" stroke=\"#1a1a1a\" stroke-width=\"1.5\">"
      out += "<line x1=\"\(left)\" y1=\"\(SVG.fixed(middle))\" x2=\"\(right)\" y2=\"\(SVG.fixed(middle))\"/>"
      out += "<line x1=\"\(left)\" y1=\"\(capTop)\" x2=\"\(left)\" y2=\"\(capBottom)\"/>"
      out += "<line x1=\"\(right)\" y1=\"\(capTop)\" x2=\"\(right)\" y2=\"\(capBottom)\"/></g>\n"
      var label = "\(SVG.percent(value)) (\(SVG.percent(low))–\(SVG.percent(high)))"
      if unreliable { label += " unreliable" }
      out += SVG.text(label, x: max(Self.x(high), Self.x(value)) + 6, y: middle + 4, extra: "font-size=\"11\"")
    case .suppressed(let note):
      out += "<rect class=\"suppressed\" x=\"\(SVG.fixed(Self.plotLeft))\" y=\"\(SVG.fixed(top))\" "
      out += "width=\"\(SVG.fixed(Self.plotWidth))\" height=\"\(SVG.fixed(Self.barHeight))\" "
      out += "fill=\"url(#\(id)-hatch)\" stroke=\"#9a9a9a\"/>\n"
      out += SVG.text(
        note, x: Self.x(0.5), y: middle + 4, anchor: "middle",
        extra: "font-size=\"11\" fill=\"#333\" paint-order=\"stroke\" stroke=\"#f2f2f2\" stroke-width=\"3\"")
    case .missing:
      out += SVG.text("no data", x: Self.plotLeft + 4, y: middle + 4, extra: "font-size=\"11\" fill=\"#555\"")
    }
    return out
  }

  /// `label` cut to ``longestLabel`` characters with an ellipsis.
  static func shortened(_ label: String) -> String {
    label.count <= longestLabel ? label : String(label.prefix(longestLabel - 1)) + "…"
  }
}

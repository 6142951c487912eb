import Testing

@testable import Reporting

@Suite("SVG charts")
struct ChartTests {
  let chart = BarChart(
    id: "DE barriers", title: "Barriers <DE> & \"others\"",
    bars: [
      BarChart.Bar("Cost", .estimate(0.4, low: 0.3, high: 0.5, unreliable: false)),
      BarChart.Bar("Language <b>", .estimate(0.25, low: -0.05, high: 0.55, unreliable: true)),
      BarChart.Bar("Transport", .suppressed(note: "suppressed: n < 10")),
      BarChart.Bar("Distance", .missing),
    ])

  @Test("writes numbers with fixed decimals, rounding half away from zero, without -0")
  func fixedNumbers() {
    #expect(SVG.fixed(12.345, 2) == "12.35")
    #expect(SVG.fixed(0.05, 1) == "0.1")
    #expect(SVG.fixed(-0.04, 1) == "0.0")
    #expect(SVG.fixed(-2.5, 0) == "-3")
    #expect(SVG.fixed(3, 3) == "3.000")
    #expect(SVG.percent(0.123) == "12%")
  }

  // The axis runs from x = 220 (0%) to x = 580 (100%), 3.6 px per percentage point.
  @Test("draws a bar to the estimate and a whisker from the low to the high end of the interval")
  func barAndWhisker() {
    let svg = chart.svg
    // 40% -> width 0.4 * 360 = 144; CI 30%..50% -> x 328 to 400. First band: y 34, middle 42.
    #expect(svg.contains(##"<rect class="bar" x="220.0" y="34.0" width="144.0" height="16.0" fill="#2f6aa3"/>"##))
    #expect(svg.contains(##"<line x1="328.0" y1="42.0" x2="400.0" y2="42.0"/>"##))
    #expect(svg.contains(">40% (30%–50%)</text>"))
    // Second band (y 60, middle 68): lighter bar of 0.25 * 360 = 90; the low end -5% is clamped to 0 (x 220).
    #expect(svg.contains(##"<rect class="bar" x="220.0" y="60.0" width="90.0" height="16.0" fill="#a9c1dc"/>"##))
    #expect(svg.contains(##"<line x1="220.0" y1="68.0" x2="418.0" y2="68.0"/>"##))
    #expect(svg.contains("unreliable</text>"))
  }

  @Test("draws a suppressed estimate as a hatched band with its note, not as a bar of zero")
  func suppressedBar() {
    let svg = chart.svg
    #expect(svg.contains(##"<rect class="suppressed" x="220.0" y="86.0" width="360.0" height="16.0""##))
    #expect(svg.contains(##"fill="url(#chart-DE_barriers-hatch)""##))
    #expect(svg.contains(">suppressed: n &lt; 10</text>"))
    #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 2)
    #expect(svg.contains(">no data</text>"))
  }

  @Test("has axis ticks from 0 to 100% and escapes every text")
  func ticksAndEscaping() {
    let svg = chart.svg
    for tick in stride(from: 0, through: 100, by: 20) { #expect(svg.contains(">\(tick)%</text>")) }
    #expect(svg.contains("<title id=\"chart-DE_barriers-title\">Barriers &lt;DE&gt; &amp; &quot;others&quot;</title>"))
    #expect(svg.contains(">Language &lt;b&gt;</text>"))
    #expect(!svg.contains("<b>"))
  }

  @Test("draws the same bytes every time")
  func deterministic() {
    #expect(chart.svg == chart.svg)
    #expect(chart.svg == BarChart(id: chart.id, title: chart.title, bars: chart.bars).svg)
  }

  @Test("fills heat-map cells on the colour scale and marks suppressed cells")
  func heatMap() {
    let map = HeatMap(
      id: "barriers", title: "Barrier prevalence", rowLabels: ["Cost", "Language"], columnLabels: ["DE", "F&R"],
      values: [
        [.estimate(0, low: 0, high: 0, unreliable: false), .estimate(1, low: 0.9, high: 1, unreliable: false)],
        [.estimate(0.5, low: 0.4, high: 0.6, unreliable: true), .suppressed(note: "suppressed: n < 10")],
      ])
    let svg = map.svg
    // The scale's stops: 0 -> #f7fbff, 50% -> #6baed6 (107, 174, 214), 100% -> #08306b;
    // 25% is halfway between the first two: (177, 212.5, 234.5) rounded half away -> (177, 213, 235) = #b1d5eb.
    #expect(HeatMap.colour(0.25) == "#b1d5eb")
    #expect(
      svg.contains(
        ##"<rect class="cell" x="220.0" y="48.0" width="64.0" height="28.0" stroke="#ffffff" fill="#f7fbff"/>"##))
    #expect(svg.contains(##"fill="#08306b"/>"##))
    #expect(svg.contains(">50%*</text>"))
    #expect(svg.contains(##"<rect class="suppressed" x="284.0" y="76.0""##))
    #expect(svg.contains(">F&amp;R</text>"))
    #expect(svg.contains(">s suppressed</text>"))
  }
}

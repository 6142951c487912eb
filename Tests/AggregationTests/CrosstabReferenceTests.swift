import Aggregation
import Foundation
import Ingest
import SurveyCore
import TestSupport
import Testing

/// Every two-way table and Rao-Scott test of crosstab.csv and tests.csv agrees with
/// R's survey package (Fixtures/make_reference.R, `crosstab()`).
@Suite("Crosstabs and Rao-Scott tests agree with R survey")
struct CrosstabReferenceTests {
  static let cases = [
    "srs", "strat", "clus1", "clus2", "clus1_wr", "strat_clus", "small_nest", "lonely_adjust", "clus1_rake",
    "clus1_rake_fixed", "clus1_greg", "clus1_jk1", "clus1_boot",
    // The same under the `average` lonely-PSU policy, which none of them needs: the
    // statistic-by-statistic path for calibrated and multistage designs.
    "clus2+average", "clus1_rake+average", "clus1_greg+average",
  ]

  @Test("cells and tests agree with R", arguments: cases)
  func agrees(design argument: String) throws {
    let name = String(argument.prefix { $0 != "+" })
    let (table, loaded) = try CrosstabDesigns.design(name)
    var design = loaded
    if argument.hasSuffix("+average") { design.lonelyPSU = .average }
    let cells = CrosstabDesigns.fixture("crosstab.csv").filter { $0["design"] == name }
    let tests = CrosstabDesigns.fixture("tests.csv").filter { $0["design"] == name }
    let first = try #require(cells.first, "crosstab rows for \(name)")
    #expect(cells.count == 24 && tests.count == 2)
    let result = try Crosstab.run(
      Crosstab.Request(rows: first["rows"] ?? "", columns: first["cols"] ?? ""), table: table, design: design)
    let kinds: [String: Crosstab.Statistic] = [
      "count": .count, "cell_prop": .cellProportion, "row_prop": .rowProportion, "col_prop": .columnProportion,
    ]
    var mismatches: [String] = []
    var worst = Worst()
    for reference in cells {
      let match = result.cells.first { cell in
        kinds[reference["kind"] ?? ""] == cell.statistic && cell.rowLevel == reference["row_level"]
          && cell.columnLevel == reference["col_level"]
      }
      guard let cell = match else {
        mismatches.append(
          "no cell \(reference["kind"] ?? "") \(reference["row_level"] ?? "")|\(reference["col_level"] ?? "")")
        continue
      }
      let fields: [(String, Double, Double?)] = [
        ("estimate", cell.estimate, Reference.number(reference["estimate"])),
        ("se", cell.se, Reference.number(reference["se"])),
        ("ci_low", cell.ciLow, Reference.number(reference["ci_low"])),
        ("ci_high", cell.ciHigh, Reference.number(reference["ci_high"])),
        ("df", Double(cell.df), Reference.number(reference["df"])),
        ("n", Double(cell.n), Reference.number(reference["n"])),
      ]
      for (field, ours, theirs) in fields {
        worst.note(field, ours, theirs)
        if !Reference.agrees(ours, theirs) {
          mismatches.append(
            "\(reference["kind"] ?? "") \(cell.rowLevel)|\(cell.columnLevel) \(field): \(ours) vs R \(theirs ?? .nan)")
        }
      }
    }
    for reference in tests {
      let method: Crosstab.Test.Method = reference["test"] == "F" ? .raoScottF : .raoScottChiSquared
      let test = try #require(result.tests.first { $0.method == method })
      let fields: [(String, Double?, Double?, Double)] = [
        ("statistic", test.statistic, Reference.number(reference["statistic"]), 1e-8),
        ("ndf", test.ndf, Reference.number(reference["ndf"]), 1e-8),
        ("ddf", test.ddf, Reference.number(reference["ddf"]), 1e-8),
        ("p_value", test.pValue, Reference.number(reference["p_value"]), 1e-6),
        ("x2_pearson", test.pearson, Reference.number(reference["x2_pearson"]), 1e-8),
        ("n", Double(test.n), Reference.number(reference["n"]), 0),
        ("N_pearson", Double(test.rowCount), Reference.number(reference["N_pearson"]), 0),
      ]
      for (field, ours, theirs, tolerance) in fields {
        worst.note(field == "p_value" ? "p_value" : "test", ours ?? .nan, theirs)
        if !Reference.agrees(ours, theirs, tolerance: tolerance) {
          mismatches.append("\(method.rawValue) \(field): \(ours.map { "\($0)" } ?? "nil") vs R \(theirs ?? .nan)")
        }
      }
    }
    print("crosstab \(argument): max relative difference \(worst.summary)")
    #expect(
      mismatches.isEmpty, "\(name): \(mismatches.count) disagree:\n\(mismatches.prefix(20).joined(separator: "\n"))")
  }
}

/// The largest relative difference from R per field.
private struct Worst {
  var fields: [String: Double] = [:]
  var order: [String] = []

  mutating func note(_ field: String, _ ours: Double, _ theirs: Double?) {
    guard let theirs, ours.isFinite, theirs.isFinite else { return }
    let scale = max(abs(ours), abs(theirs))
    let difference = scale == 0 ? 0 : abs(ours - theirs) / scale
    if fields[field] == nil { order.append(field) }
    fields[field] = max(fields[field] ?? 0, difference)
  }

  var summary: String {
    order.map { "\($0) \(fields[$0].map { String(format: "%.1e", $0) } ?? "")" }.joined(separator: ", ")
  }
}

/// The designs of the crosstab fixtures, built as designs.csv describes them:
/// linearization designs, a raking and a GREG calibration with R's final weights
/// (weights.csv), and JK1 and bootstrap replicate weights.
enum CrosstabDesigns {
  static func fixture(_ name: String) -> [[String: String]] {
    (try? CSVFixture(path: Reference.folder + "/" + name))?.rows ?? []
  }

  static func design(_ name: String) throws -> (SurveyTable, SurveyDesign) {
    let row = try #require(Reference.designs[name], "design \(name) in designs.csv")
    let base = try #require(Reference.designs[row["base_design"].flatMap { $0.isEmpty ? nil : $0 } ?? name])
    let table = try Reference.table(base)
    var design = try Reference.design(base, table: table)
    let pw = design.weights
    switch name {
    case "clus1_rake", "clus1_rake_fixed", "clus1_greg":
      let weightsCase = name == "clus1_greg" ? "clus1_greg" : "clus1_rake"
      let final = fixture("weights.csv").filter { $0["case"] == weightsCase }
        .sorted { Int($0["row"] ?? "") ?? 0 < Int($1["row"] ?? "") ?? 0 }.compactMap { Reference.number($0["weight"]) }
      try #require(final.count == table.rowCount)
      design.weights = final
      if name == "clus1_rake" {
        design.calibrations = [
          .raking(
            margins: try ["stype", "sch_wide"].map { variable in
              let (codes, count) = try categories(table, variable)
              return Calibration.Margin(categories: codes, categoryCount: count, weights: final)
            })
        ]
      } else if name == "clus1_greg" {
        // calibrate(clus1, ~stype + api99, calfun = "linear"): model.matrix columns.
        let (stype, _) = try categories(table, "stype")
        let api99 = try numbers(table, "api99")
        let model = [pw.map { _ in 1 }, stype.map { $0 == 1 ? 1 : 0 }, stype.map { $0 == 2 ? 1 : 0 }, api99]
        design.calibrations = [.greg(model: LinearModel(denseColumns: model), baseWeights: pw, weights: final)]
      }
    case "clus1_jk1", "clus1_boot":
      let multipliers: [[Double]]
      if name == "clus1_jk1" {
        // JK1: replicate j drops PSU j (order of first appearance), the others times n / (n - 1).
        let units = design.stages[0].units
        var order: [Int32] = []
        for unit in units where !order.contains(unit) { order.append(unit) }
        let n = Double(order.count)
        multipliers = order.map { dropped in units.map { $0 == dropped ? 0 : n / (n - 1) } }
      } else {
        let file = fixture("data/repweights_clus1_boot.csv")
        multipliers = (1...50).map { r in file.map { Reference.number($0["rep\(r)"]) ?? .nan } }
      }
      let rscales = fixture("replicate_scales.csv").filter { $0["design"] == name }
        .compactMap { Reference.number($0["rscale"]) }
      design.replicates = ReplicateWeights(
        kind: name == "clus1_jk1" ? .jk1 : .bootstrap, weights: multipliers.map { zip($0, pw).map { $0 * $1 } },
        scale: try #require(Reference.number(row["scale"])), rscales: rscales, mse: false,
        degreesOfFreedom: Int(row["degf"] ?? "") ?? 0)
    default:
      break
    }
    return (table, design)
  }

  private static func categories(_ table: SurveyTable, _ name: String) throws -> ([Int32], Int) {
    let column = try #require(table[name])
    guard case .categorical(let values) = column.values else { throw CrosstabTestError("\(name) is not categorical") }
    return ((0..<values.count).map { Int32(values.codes[$0]) }, values.levels.count)
  }

  private static func numbers(_ table: SurveyTable, _ name: String) throws -> [Double] {
    let column = try #require(table[name])
    guard case .numeric(let values) = column.values else { throw CrosstabTestError("\(name) is not numeric") }
    return values.doubles()
  }
}

struct CrosstabTestError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// A stratified cluster sample of 16 rows: 'M' has no 'old' row (a zero cell), row 7
/// has no age. R's numbers below come from this script (survey 4.1.1):
///
///     d <- read.csv("small.csv", na.strings = "", stringsAsFactors = TRUE)
///     des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
///     svychisq(~sex + age, des, statistic = "F"); svychisq(~sex + age, des, statistic = "Chisq")
///     cell <- interaction(d$sex, d$age, sep = "|", lex.order = TRUE)
///     svytotal(~.cell, update(des, .cell = cell), na.rm = TRUE)   # and svymean for cell_prop
///     svymean(~age, subset(des, !is.na(age) & sex == "F"))          # row proportions
///     svymean(~sex, subset(des, !is.na(age) & age == "old"))        # column proportions
///     # domain north: the same on subset(des, region == "north"), except that the F test's
///     # ddf is d0 * degf(des) (the full design's 4) and p = pf(F, d0, d0 * 4, lower.tail = FALSE)
extension CrosstabReferenceTests {
  @Suite("Crosstab: zero cells, domains and errors")
  struct Units {
    static let data = """
      id,stratum,psu,w,sex,age,region
      1,A,1,10,F,young,north
      2,A,1,12,M,mid,north
      3,A,1,9,F,old,south
      4,A,2,11,M,young,south
      5,A,2,14,F,mid,north
      6,A,2,8,M,young,north
      7,A,3,10,F,,south
      8,A,3,13,M,mid,south
      9,B,4,20,F,young,north
      10,B,4,22,M,mid,south
      11,B,4,18,F,old,north
      12,B,5,19,M,young,south
      13,B,5,21,F,mid,south
      14,B,6,24,M,mid,north
      15,B,6,16,F,old,south
      16,B,6,17,M,young,north

      """

    static func load(_ text: String = data) throws -> (SurveyTable, SurveyDesign) {
      let directory = TemporaryDirectory("crosstab")
      let path = directory.write("small.csv", text)
      let table = try IngestStage.run(files: [path], codebook: nil, options: .init(jobs: 1)).table
      let columns = SurveyDesign.Columns(weights: "w", strata: "stratum", clusters: ["psu"])
      return (table, try SurveyDesign(table: table, columns: columns))
    }

    static func values(_ result: Crosstab.Result, _ statistic: Crosstab.Statistic, domain: String? = nil)
      -> (estimates: [Double], se: [Double])
    {
      // R's order: row levels outer, column levels inner (lex.order = TRUE).
      let cells = result.cells.filter { $0.statistic == statistic && $0.domain.first?.value == domain }
        .sorted { ($0.rowLevel, $0.columnLevel) < ($1.rowLevel, $1.columnLevel) }
      return (cells.map(\.estimate), cells.map(\.se))
    }

    static func expectClose(_ ours: [Double], _ theirs: [Double], tolerance: Double = 1e-8) {
      #expect(ours.count == theirs.count)
      for (a, b) in zip(ours, theirs) {
        #expect(abs(a - b) <= tolerance * max(abs(a), abs(b)) || abs(a - b) < 1e-13, "\(a) vs R \(b)")
      }
    }

    @Test("a zero cell gives zero estimates and standard errors, and both tests agree with R")
    func zeroCell() throws {
      let (table, design) = try Self.load()
      let result = try Crosstab.run(Crosstab.Request(rows: "sex", columns: "age"), table: table, design: design)
      let counts = Self.values(result, .count)
      Self.expectClose(counts.estimates, [35, 43, 30, 71, 0, 55])
      Self.expectClose(
        counts.se,
        [25.238858928247922, 19.313207915827967, 22.360679774997894, 26.248809496813369, 0, 26.229754097208001])
      Self.expectClose(
        Self.values(result, .cellProportion).se,
        [0.11491680988409306, 0.068024701022997791, 0.088846974436909809, 0.10387294719202435, 0, 0.11612902917445421])
      let rows = Self.values(result, .rowProportion)
      Self.expectClose(
        rows.estimates,
        [0.32407407407407407, 0.39814814814814814, 0.27777777777777779, 0.56349206349206349, 0, 0.43650793650793651])
      Self.expectClose(
        rows.se,
        [0.25362595069685701, 0.15737476350857352, 0.15211906463602104, 0.18995152471616958, 0, 0.18995152471616958])
      let columns = Self.values(result, .columnProportion)
      Self.expectClose(
        columns.estimates, [0.33018867924528306, 1, 0.3529411764705882, 0.66981132075471694, 0, 0.6470588235294118])
      Self.expectClose(
        columns.se, [0.24088180721821065, 0, 0.26381944436554428, 0.24088180721821065, 0, 0.26381944436554428])
      let f = try #require(result.tests.first { $0.method == .raoScottF })
      let chisq = try #require(result.tests.first { $0.method == .raoScottChiSquared })
      Self.expectClose(
        [f.statistic, f.ndf, f.ddf ?? .nan], [1.1353743757850894, 1.3063869421441776, 5.2255477685767104])
      Self.expectClose([f.pValue, chisq.pValue], [0.35651827356117421, 0.32130181119737788], tolerance: 1e-6)
      Self.expectClose([chisq.statistic, chisq.ndf], [4.20916207153721, 2])
      #expect(chisq.ddf == nil && f.n == 15 && f.rowCount == 16)
      #expect(result.cells.first { $0.statistic == .count && $0.rowLevel == "M" && $0.columnLevel == "old" }?.n == 0)
    }

    @Test("a domain keeps the full design, and its test uses the design's degrees of freedom")
    func domain() throws {
      let (table, design) = try Self.load()
      let result = try Crosstab.run(
        Crosstab.Request(rows: "sex", columns: "age", groups: ["region"]), table: table, design: design)
      #expect(Set(result.cells.map { $0.domain.first?.value ?? "" }) == ["north", "south"])
      let counts = Self.values(result, .count, domain: "north")
      Self.expectClose(counts.estimates, [14, 18, 30, 36, 0, 25])
      Self.expectClose(
        counts.se, [13.999999999999998, 18, 22.360679774997894, 26.832815729997474, 0, 18.788294228055936])
      Self.expectClose(
        Self.values(result, .rowProportion, domain: "north").se,
        [0.23960081045533749, 0.12669067983997725, 0.16923471349938182, 0.13689858818677422, 0, 0.13689858818677422])
      Self.expectClose(
        Self.values(result, .columnProportion, domain: "north").se,
        [0.2770726980415068, 0, 0.32139304734510105, 0.2770726980415068, 0, 0.32139304734510099])
      let tests = result.tests.filter { $0.domain.first?.value == "north" }
      let f = try #require(tests.first { $0.method == .raoScottF })
      let chisq = try #require(tests.first { $0.method == .raoScottChiSquared })
      Self.expectClose(
        [f.statistic, f.ndf, f.ddf ?? .nan], [1.2312567569247985, 1.1609721631066063, 4.6438886524264253])
      Self.expectClose([f.pValue, chisq.pValue], [0.33339757950518312, 0.29192546769212097], tolerance: 1e-6)
      Self.expectClose([chisq.statistic], [1.8294812749387048])
      #expect(f.rowCount == 8)
    }

    /// R, for the lonely_average design of designs.csv (stratum E has one PSU):
    ///
    ///     options(survey.lonely.psu = "average")
    ///     des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = small)
    ///     svychisq(~sex + agegrp, des, statistic = "F")            # and "Chisq"
    ///     svymean(~agegrp, subset(des, !is.na(agegrp) & sex == "F"))  # row proportions of F
    @Test("the average lonely-PSU policy scales each statistic by the strata its subset reaches")
    func averagePolicy() throws {
      let row = try #require(Reference.designs["lonely_average"])
      let table = try Reference.table(row)
      let design = try Reference.design(row, table: table)
      let result = try Crosstab.run(Crosstab.Request(rows: "sex", columns: "agegrp"), table: table, design: design)
      Self.expectClose(
        result.cells.filter { $0.statistic == .rowProportion && $0.rowLevel == "F" }.map(\.se),
        [0.090425553564524544, 0.13454421401333388, 0.21117924121924195])
      let f = try #require(result.tests.first { $0.method == .raoScottF })
      let chisq = try #require(result.tests.first { $0.method == .raoScottChiSquared })
      Self.expectClose(
        [f.statistic, f.ndf, f.ddf ?? .nan], [2.7335298802915493, 1.1306831509397539, 4.5227326037590156])
      Self.expectClose([f.pValue, chisq.pValue], [0.16630559038166776, 0.064989479223200169], tolerance: 1e-6)
    }

    /// Each case: lines of the data replaced, the request, R-free message expected word for word.
    static let refusals: [([String: String], Crosstab.Request, String)] = [
      (
        [:], Crosstab.Request(rows: "nope", columns: "age"), "crosstab: --rows: no column 'nope' in the data"
      ),
      (
        [:], Crosstab.Request(rows: "sex", columns: "sex"), "crosstab: --rows and --cols name the same variable 'sex'"
      ),
      (
        [
          "2,A,1,12,M,": "2,A,1,12,F,", "4,A,2,11,M,": "4,A,2,11,F,", "6,A,2,8,M,": "6,A,2,8,F,",
          "8,A,3,13,M,": "8,A,3,13,F,",
          "10,B,4,22,M,": "10,B,4,22,F,", "12,B,5,19,M,": "12,B,5,19,F,", "14,B,6,24,M,": "14,B,6,24,F,",
          "16,B,6,17,M,": "16,B,6,17,F,",
        ],
        Crosstab.Request(rows: "sex", columns: "age"),
        "crosstab: row variable 'sex' has one level ('F'); a two-way table and its tests need at least two"
      ),
      (
        ["1,A,1,10,F,young,north": "1,A,1,10,F,young,east", "3,A,1,9,F,old,south": "3,A,1,9,F,old,east"],
        Crosstab.Request(rows: "sex", columns: "age", groups: ["region"]),
        "crosstab: row variable 'sex' has one level ('F') in domain region=east; a two-way table and its tests need"
          + " at least two"
      ),
      (
        ["1,A,1,10,F,young,north": "1,A,1,10,X,,north"], Crosstab.Request(rows: "sex", columns: "age"),
        "crosstab: the row margin of sex = 'X' is zero: its rows have 'age' missing or a zero weight"
      ),
      (
        [
          "11,B,4,18,F,old,north": "11,B,4,18,,old,north", "3,A,1,9,F,old,south": "3,A,1,9,,old,south",
          "15,B,6,16,F,old,south": "15,B,6,16,,old,south",
        ],
        Crosstab.Request(rows: "sex", columns: "age"),
        "crosstab: the column margin of age = 'old' is zero: its rows have 'sex' missing or a zero weight"
      ),
      (
        ["7,A,3,10,F,,south": "7,A,3,10,F,,east"], Crosstab.Request(rows: "sex", columns: "age", groups: ["region"]),
        "crosstab: domain region=east has no row with both 'sex' and 'age' present"
      ),
    ]

    @Test("refuses a table it cannot make, naming the variable", arguments: refusals.indices)
    func refuses(index: Int) throws {
      let (edits, request, message) = Self.refusals[index]
      var data = Self.data
      for (line, replacement) in edits { data = data.replacingOccurrences(of: line, with: replacement) }
      let (table, design) = try Self.load(data)
      #expect(throws: Crosstab.Error(message)) { try Crosstab.run(request, table: table, design: design) }
    }

    @Test("refuses a numeric variable with more than 50 values, and tabulates one with few")
    func numericLevels() throws {
      var data = "id,stratum,psu,w,sex,score\n"
      for row in 1...60 { data += "\(row),A,\(row),1,\(row % 2 == 0 ? "F" : "M"),\(row % 51).5\n" }
      let (table, design) = try Self.load(data)
      #expect(
        throws: Crosstab.Error(
          "crosstab: column variable 'score' is numeric with more than 50 distinct values; tabulate a"
            + " categorical variable (declare it in a codebook) or group the values first")
      ) { try Crosstab.run(Crosstab.Request(rows: "sex", columns: "score"), table: table, design: design) }
      let (small, smallDesign) = try Self.load()
      let result = try Crosstab.run(Crosstab.Request(rows: "psu", columns: "sex"), table: small, design: smallDesign)
      #expect(
        result.cells.filter { $0.statistic == .count }.map(\.rowLevel) == [
          "1", "1", "2", "2", "3", "3", "4", "4", "5", "5", "6", "6",
        ])
    }
  }
}

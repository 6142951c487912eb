import SurveyCore
import Testing

@testable import Aggregation

/// Replicate weights of tiny designs, checked by hand (and against R's
/// `as.svrepdesign` for the lonely-PSU cases: jknweights with compress = TRUE).
@Suite("Replicate weights are built as R builds them")
struct ReplicateConstructionTests {
  /// Strata A (PSUs 1, 2, 3; PSU 1 has two rows), B (PSUs 4, 5) and, when
  /// `lonely`, C (PSU 6 alone).
  static func design(
    lonely: Bool = false, strata: Bool = true, fpc: Bool = false, policy: SurveyDesign.LonelyPSU = .fail
  ) throws -> SurveyDesign {
    let rows = lonely ? 7 : 6
    let labels = ["A", "A", "A", "A", "B", "B", "C"].prefix(rows).map { $0 }
    let psus = ["1", "1", "2", "3", "4", "5", "6"].prefix(rows).map { $0 }
    let population = [6.0, 6, 6, 6, 4, 4, 2].prefix(rows).map { $0 }
    return try SurveyDesign(
      .init(
        weights: [10, 10, 20, 30, 40, 50, 60].prefix(rows).map { $0 }, strata: strata ? .init(labels) : nil,
        clusters: [.init(psus)], fpc: fpc ? [strata ? population : Array(repeating: 10, count: rows)] : [],
        lonelyPSU: policy))
  }

  /// Replicate weights divided by the design weights, one array per replicate.
  static func multipliers(_ design: SurveyDesign) -> [[Double]] {
    (design.replicates?.weights ?? []).map { zip($0, design.weights).map { $0 / $1 } }
  }

  static func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-14) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
  }

  @Test("JKn drops one PSU and reweights its stratum by n_h/(n_h - 1), with rscales (n_h - 1)/n_h (1 - f_h)")
  func jackknifeStratified() throws {
    let design = try Self.design(fpc: true).replicated(.jkn)
    let replicates = try #require(design.replicates)
    let expected: [[Double]] = [
      [0, 0, 1.5, 1.5, 1, 1], [1.5, 1.5, 0, 1.5, 1, 1], [1.5, 1.5, 1.5, 0, 1, 1],
      [1, 1, 1, 1, 0, 2], [1, 1, 1, 1, 2, 0],
    ]
    #expect(Self.multipliers(design) == expected)
    // A: 2/3 * (6 - 3)/6; B: 1/2 * (4 - 2)/4.
    #expect(Self.close(replicates.rscales, [1.0 / 3, 1.0 / 3, 1.0 / 3, 0.25, 0.25]))
    #expect(replicates.scale == 1)
    #expect(replicates.kind == .jkn)
    // Five PSUs, two strata: the replicates of each stratum add up to a constant.
    #expect(replicates.degreesOfFreedom == 3)
  }

  @Test("JK1 drops one PSU at a time and scales by (n - 1)/n (1 - f)")
  func jackknifeUnstratified() throws {
    let design = try Self.design(strata: false, fpc: true).replicated(.jk1)
    let replicates = try #require(design.replicates)
    #expect(Self.multipliers(design)[0] == [0, 0, 1.25, 1.25, 1.25, 1.25])
    #expect(Self.multipliers(design)[4] == [1.25, 1.25, 1.25, 1.25, 1.25, 0])
    #expect(Self.close([replicates.scale], [0.8 * 0.5]))
    #expect(replicates.rscales == [1, 1, 1, 1, 1])
    #expect(replicates.degreesOfFreedom == 4)
  }

  @Test("JKn with a lonely PSU: adjust adds a replicate, average rescales, fail names the stratum")
  func jackknifeLonely() throws {
    let adjusted = try Self.design(lonely: true, policy: .adjust).replicated(.jkn)
    let last = try #require(Self.multipliers(adjusted).last)
    #expect(last == [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 0])
    #expect(Self.close(adjusted.replicates?.rscales.last.map { [$0] } ?? [], [2.0 / 3]))
    #expect(adjusted.replicates?.degreesOfFreedom == 4)
    let averaged = try #require(try Self.design(lonely: true, policy: .average).replicated(.jkn).replicates)
    #expect(averaged.weights.count == 5)
    #expect(Self.close([averaged.scale], [1.2]))
    #expect(averaged.degreesOfFreedom == 3)
    let removed = try #require(try Self.design(lonely: true, policy: .remove).replicated(.jkn).replicates)
    #expect(removed.scale == 1)
    #expect(removed.weights.count == 5)
    #expect(
      throws: VarianceError(
        message: "jkn: stratum 'C' has only one PSU; choose a lonely-PSU policy"
          + " (--lonely-psu remove, certainty, adjust or average)")
    ) {
      try Self.design(lonely: true).replicated(.jkn)
    }
  }

  @Test("JK1 refuses a stratified design and JK needs two PSUs")
  func jackknifeErrors() throws {
    #expect(
      throws: VarianceError(message: "jk1 is for unstratified designs, but this one has 2 strata ('A', 'B'); use jkn")
    ) {
      try Self.design().replicated(.jk1)
    }
    let single = try SurveyDesign(.init(weights: [1, 2], clusters: [.init(["p", "p"])]))
    #expect(throws: VarianceError(message: "jk1 needs at least 2 PSUs; the design has 1")) {
      try single.replicated(.jk1)
    }
  }

  @Test("BRR takes Hadamard rows 2, 3, ... for strata in label order; the first PSU keeps its weight on a 1")
  func balancedRepeatedReplication() throws {
    // Strata B then A in the data; A takes row 2 (1010) of R's order-4 matrix, B row 3 (1100).
    let design = try SurveyDesign(
      .init(weights: [1, 2, 3, 4], strata: .init(["B", "B", "A", "A"]), clusters: [.init(["1", "2", "3", "4"])])
    )
    .replicated(.brr)
    let replicates = try #require(design.replicates)
    #expect(replicates.weights == [[2, 0, 6, 0], [2, 0, 0, 8], [0, 4, 6, 0], [0, 4, 0, 8]])
    #expect(replicates.scale == 0.25)
    #expect(replicates.degreesOfFreedom == 2)
    #expect(throws: VarianceError(message: "brr needs exactly 2 PSUs in every stratum; stratum 'A' has 3")) {
      try Self.design().replicated(.brr)
    }
  }

  @Test("Hadamard matrices have balanced, orthogonal columns and R's orders", arguments: [1, 3, 4, 7, 11, 27, 30, 100])
  func hadamard(strata: Int) throws {
    let h = Hadamard.matrix(atLeast: strata)
    let orders = [1: 4, 3: 4, 4: 8, 7: 8, 11: 12, 27: 28, 30: 32, 100: 104]
    #expect(h.count == orders[strata])
    #expect(h.allSatisfy { $0.count == h.count })
    for first in h.indices {
      for second in h.indices where second > first {
        let agreements = h.indices.filter { h[$0][first] == h[$0][second] }.count
        #expect(agreements * 2 == h.count, "columns \(first) and \(second)")
      }
    }
  }

  @Test("SplitMix64 gives the published sequence for seed 0")
  func splitMix() {
    var generator = SplitMix64(seed: 0)
    #expect(
      [generator.next(), generator.next(), generator.next()] == [
        0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
      ])
  }

  @Test("the bootstraps are deterministic for a seed and resample within strata")
  func bootstrap() throws {
    let base = try Self.design()
    let first = try #require(try base.replicated(.subbootstrap(replicates: 20, seed: 7)).replicates)
    let again = try #require(try base.replicated(.subbootstrap(replicates: 20, seed: 7)).replicates)
    let other = try #require(try base.replicated(.subbootstrap(replicates: 20, seed: 8)).replicates)
    #expect(first.weights == again.weights)
    #expect(first.weights != other.weights)
    #expect(Self.close([first.scale], [1.0 / 19]))
    // Rao-Wu: n_h - 1 draws times n_h/(n_h - 1), so each stratum's multipliers add up to n_h.
    for multipliers in Self.multipliers(try base.replicated(.subbootstrap(replicates: 20, seed: 7))) {
      #expect(Self.close([multipliers[0] + multipliers[2] + multipliers[3]], [3]))
      #expect(Self.close([multipliers[4] + multipliers[5]], [2]))
    }
    let canty = try base.replicated(.bootstrap(replicates: 20, seed: 7))
    for multipliers in Self.multipliers(canty) {
      #expect(multipliers[0] + multipliers[2] + multipliers[3] == 3)
      #expect(multipliers[4] + multipliers[5] == 2)
    }
    // With a population correction: n_h draws without replacement from the list
    // repeating the PSUs to N_h (A: 6 = each PSU twice; B: 4 = each twice).
    for multipliers in Self.multipliers(try Self.design(fpc: true).replicated(.bootstrap(replicates: 50, seed: 3))) {
      #expect(multipliers[0] + multipliers[2] + multipliers[3] == 3)
      #expect(multipliers[4] + multipliers[5] == 2)
      #expect(multipliers.allSatisfy { $0 <= 2 })
    }
    // Harmonic mean of 3 and 2 PSUs: 2.4; scale 2.4 / (1.4 * 19).
    #expect(Self.close([canty.replicates?.scale ?? 0], [2.4 / (1.4 * 19)]))
    #expect(throws: VarianceError(message: "subbootstrap needs at least 2 replicates; got 1")) {
      try base.replicated(.subbootstrap(replicates: 1, seed: 7))
    }
    #expect(throws: VarianceError(message: "subbootstrap needs at least 2 PSUs in every stratum; stratum 'C' has 1")) {
      try Self.design(lonely: true).replicated(.subbootstrap(replicates: 5, seed: 7))
    }
  }

  @Test("the Rao-Wu bootstrap variance of a total approaches the linearization variance")
  func bootstrapVariance() throws {
    let base = try Self.design()
    let values = [3.0, 5, 2, 8, 1, 4]
    let influence = Influence(
      values: zip(base.weights, values).map { $0 * $1 }, present: Array(repeating: true, count: 6))
    let linearized = try Linearization.variance(of: influence, design: base)
    let replicates = try #require(try base.replicated(.subbootstrap(replicates: 4000, seed: 1)).replicates)
    let totals = replicates.weights.map { zip($0, values).map { $0 * $1 }.reduce(0, +) }
    let variance = Replication.combine(totals, full: 0, replicates: replicates)
    #expect(abs(variance / linearized - 1) < 0.05)
  }

  @Test("supplied replicates take R's svrepdesign defaults and say what is wrong")
  func supplied() throws {
    let base = try Self.design()
    let columns = [[0, 0, 30, 45, 40, 50], [15, 15, 0, 45, 40, 50], [15, 15, 30, 0, 40, 50.0]]
    let jk1 = try #require(try base.replicated(.supplied(.init(columns: columns, kind: .jk1))).replicates)
    #expect(Self.close([jk1.scale], [2.0 / 3]))
    let multipliers = [[0, 0, 1.5, 1.5, 1, 1], [1.5, 1.5, 0, 1.5, 1, 1.0]]
    let jkn = try #require(
      try base.replicated(.supplied(.init(columns: multipliers, form: .multipliers, kind: .jkn))).replicates)
    #expect(Self.close(jkn.rscales, [2.0 / 3, 2.0 / 3]))
    #expect(jkn.weights[0] == [0, 0, 30, 45, 40, 50])
    let other = try #require(
      try base.replicated(.supplied(.init(columns: columns, kind: .other, rscales: [0.5])), mse: true).replicates)
    #expect(other.rscales == [0.5, 0.5, 0.5])
    #expect(other.scale == 1)
    #expect(other.mse)
    #expect(throws: VarianceError(message: "replicate weights: 'r2' has 5 rows; the design has 6")) {
      try base.replicated(.supplied(.init(columns: [columns[0], [1, 2, 3, 4, 5]], names: ["r1", "r2"], kind: .jk1)))
    }
    #expect(throws: VarianceError(message: "replicate weights: 1 column given; at least 2 needed")) {
      try base.replicated(.supplied(.init(columns: [columns[0]], kind: .jk1)))
    }
    #expect(
      throws: VarianceError(message: "replicate weights: jkn combined weights need their rscales, (n_h - 1)/n_h each")
    ) {
      try base.replicated(.supplied(.init(columns: columns, kind: .jkn)))
    }
    #expect(
      throws: VarianceError(message: "replicate weights: brr has scale 1/R; for another scale use the type 'other'")
    ) {
      try base.replicated(.supplied(.init(columns: columns, kind: .brr, scale: 2)))
    }
  }
}

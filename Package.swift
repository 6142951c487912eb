// swift-tools-version: 6.0
// mighealth: survey exports of multi-country migrant-health studies in, published numbers out.
// Dependencies point one way: CLibCSV <- CSVCodec <- SurveyCore <- stages <- Pipeline <- mighealth.
import PackageDescription

let package = Package(
  name: "mighealth",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "mighealth", targets: ["mighealth"]),
    .library(name: "SurveyCore", targets: ["SurveyCore"]),
    .library(name: "Ingest", targets: ["Ingest"]),
    .library(name: "Aggregation", targets: ["Aggregation"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // Debian's libcsv (libcsv-dev: /usr/include/csv.h, -lcsv; no pkg-config file).
    .systemLibrary(
      name: "CLibCSV",
      providers: [.apt(["libcsv-dev"])]
    ),
    // The one thin layer over libcsv's C API: streaming parser and field quoting.
    .target(name: "CSVCodec", dependencies: ["CLibCSV"]),
    // Table, columns, codebook, source locations and diagnostics.
    .target(
      name: "SurveyCore",
      dependencies: [.product(name: "Yams", package: "Yams")]
    ),
    // Stage 1: CSV files to a typed table, with rejects and row accounting.
    .target(name: "Ingest", dependencies: ["SurveyCore", "CSVCodec"]),
    // Later stages (issues #4, #5, #6); each starts empty.
    .target(name: "Clean", dependencies: ["SurveyCore", .product(name: "Yams", package: "Yams")]),
    .target(name: "Weighting", dependencies: ["SurveyCore"]),
    .target(name: "Aggregation", dependencies: ["SurveyCore"]),
    .target(name: "Reporting", dependencies: ["SurveyCore", "CSVCodec", "Aggregation"]),
    .target(
      name: "Pipeline",
      dependencies: [
        "SurveyCore", "Ingest", "Clean", "Weighting", "Aggregation", .product(name: "Yams", package: "Yams"),
      ]),
    // The synthetic mig-HealthCare-style study behind SampleData/ (`mighealth generate`).
    .target(name: "SampleGenerator", dependencies: ["CSVCodec"]),
    .executableTarget(
      name: "mighealth",
      dependencies: [
        "SurveyCore", "Ingest", "CSVCodec", "SampleGenerator", "Pipeline", "Aggregation", "Weighting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(name: "TestSupport", dependencies: ["SurveyCore", "CSVCodec", "Aggregation"], path: "Tests/TestSupport"),
    .testTarget(name: "CSVCodecTests", dependencies: ["CSVCodec"]),
    .testTarget(name: "SurveyCoreTests", dependencies: ["SurveyCore", "TestSupport"]),
    .testTarget(name: "IngestTests", dependencies: ["Ingest", "SurveyCore", "TestSupport"]),
    .testTarget(name: "SampleGeneratorTests", dependencies: ["SampleGenerator", "Ingest", "SurveyCore"]),
    .testTarget(
      name: "AggregationTests", dependencies: ["Aggregation", "Ingest", "SurveyCore", "TestSupport"],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "WeightingTests", dependencies: ["Weighting", "Aggregation", "Ingest", "SurveyCore", "TestSupport"],
      exclude: ["Fixtures"]),
    .testTarget(name: "CleanTests", dependencies: ["Clean", "Ingest", "SurveyCore", "TestSupport"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "SurveyCore", "TestSupport"]),
    .testTarget(
      name: "ReportingTests", dependencies: ["Reporting", "Aggregation", "Ingest", "SurveyCore", "TestSupport"],
      exclude: ["Fixtures"]),
  ]
)

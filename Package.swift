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
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
  ],
  targets: [
    // Debian's libcsv (libcsv-dev: /usr/include/csv.h, -lcsv; no pkg-config file).
    .systemLibrary(
      name: "CLibCSV",
      providers: [.apt(["libcsv-dev"])]
    ),
    // Debian's OpenSSL libcrypto (libssl-dev): SHA-256 of inputs for the cache and manifest.
    .systemLibrary(
      name: "CLibCrypto",
      providers: [.apt(["libssl-dev"])]
    ),
    // Debian's libxlsxwriter (libxlsxwriter-dev: /usr/include/xlsxwriter.h, -lxlsxwriter).
    .systemLibrary(
      name: "CLibXLSXWriter",
      providers: [.apt(["libxlsxwriter-dev"])]
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
    // Indices, reliability, and publishing: disclosure control, tidy CSV, XLSX, SVG charts,
    // Mustache profiles (the default templates live in Templates/ and are embedded too).
    .target(
      name: "Reporting",
      dependencies: [
        "SurveyCore", "CSVCodec", "Aggregation", "Weighting", "CLibXLSXWriter",
        .product(name: "Mustache", package: "swift-mustache"),
      ]),
    .target(
      name: "Pipeline",
      dependencies: [
        "SurveyCore", "CSVCodec", "CLibCrypto", "Ingest", "Clean", "Weighting", "Aggregation", "Reporting",
        .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
      ]),
    // The synthetic mig-HealthCare-style study behind SampleData/ (`mighealth generate`).
    .target(name: "SampleGenerator", dependencies: ["CSVCodec"]),
    .executableTarget(
      name: "mighealth",
      dependencies: [
        "SurveyCore", "Ingest", "CSVCodec", "SampleGenerator", "Pipeline", "Aggregation", "Weighting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
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
    .testTarget(
      name: "PipelineTests",
      dependencies: [
        "Pipeline", "SurveyCore", "TestSupport", "Aggregation", "Clean", "Ingest",
        .product(name: "Logging", package: "swift-log"),
      ],
      exclude: ["Golden"]),
    .testTarget(
      name: "ReportingTests",
      dependencies: ["Reporting", "SurveyCore", "Aggregation", "Weighting", "Ingest", "TestSupport"],
      exclude: ["Fixtures"]),
  ]
)

// swift-tools-version: 6.0
// Workload W (../shared/bench) with mighealth's library, as one process; built by `make bench`,
// kept out of the main package so that CI and users do not build it.
import PackageDescription

let package = Package(
  name: "WorkloadW",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "mighealth", path: "../..")],
  targets: [
    .executableTarget(
      name: "workload-w",
      dependencies: [
        .product(name: "Ingest", package: "mighealth"),
        .product(name: "Aggregation", package: "mighealth"),
        .product(name: "SurveyCore", package: "mighealth"),
      ]
    )
  ]
)

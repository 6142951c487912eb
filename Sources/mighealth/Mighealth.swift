import ArgumentParser

/// The `mighealth` command: survey exports of multi-country migrant-health studies
/// in, weighted tables, indices and country profiles out.
@main
struct Mighealth: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mighealth",
    abstract: "Turn multi-country migrant-health survey exports into the numbers researchers publish.",
    discussion: """
      Stages: ingest (CSV files to a typed table, with rejects and row accounting).
      Later stages (clean, weight, estimate, report) are being built.

      Examples:
        mighealth generate --out SampleData
        mighealth ingest SampleData/survey_*.csv --codebook SampleData/codebook.yaml --out output/ingest
      """,
    version: MighealthVersion.current,
    subcommands: [IngestCommand.self, GenerateCommand.self]
  )
}

/// The tool's version, recorded in every output that needs provenance.
enum MighealthVersion {
  static let current = "0.1.0"
}

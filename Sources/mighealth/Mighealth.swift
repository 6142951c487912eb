import ArgumentParser

/// The `mighealth` command: survey exports of multi-country migrant-health studies
/// in, weighted tables, indices and country profiles out.
@main
struct Mighealth: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mighealth",
    abstract: "Turn multi-country migrant-health survey exports into the numbers researchers publish.",
    discussion: """
      Stages: ingest reads CSV files into one typed table with rejects and row accounting; weight rakes, post-stratifies, calibrates and trims; estimate and crosstab give design-based estimates, standard errors and Rao-Scott tests that agree with R's survey package; check and plan validate and draw pipeline files; run and stage run them, incrementally, with a manifest of what was done.

      Examples:
        mighealth run Pipelines/mig-healthcare.yaml
        mighealth generate --out SampleData
        mighealth ingest SampleData/survey_*.csv --codebook SampleData/codebook.yaml --out output/ingest
        mighealth estimate output/ingest/table.csv --weights design_weight --strata stratum --cluster psu --proportion unmet_need --by country
      """,
    version: MighealthVersion.current,
    subcommands: [
      RunCommand.self, StageCommand.self, PlanCommand.self, CheckCommand.self, IngestCommand.self,
      WeightCommand.self, EstimateCommand.self, CrosstabCommand.self, GenerateCommand.self,
    ]
  )
}

/// The tool's version, recorded in every output that needs provenance.
enum MighealthVersion {
  static let current = "0.1.0"
}

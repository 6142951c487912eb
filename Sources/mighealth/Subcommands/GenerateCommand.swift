import ArgumentParser
import SampleGenerator

/// `mighealth generate`: write the synthetic sample study (SampleData/).
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write a synthetic mig-HealthCare-style study: surveys, coded interviews, margins, codebook.",
    discussion: """
      Writes survey_<CC>.csv for ten countries (with their local quirks and a
      few deliberately bad rows), coding_export.csv, margins.csv, codebook.yaml
      and a README.md that describes them all, each file atomically. The output
      depends on --respondents and --seed alone: the defaults reproduce
      SampleData/ byte for byte. Rows are streamed, so millions of respondents
      need no more memory than a few.

      Examples:
        mighealth generate --out SampleData
        mighealth generate --respondents 2000000 --seed 7 --out /tmp/big
      """
  )

  @Option(help: ArgumentHelp("Respondents over all ten countries (at least 100).", valueName: "n"))
  var respondents = SampleStudy.defaultRespondents

  @Option(help: ArgumentHelp("Seed of every random draw.", valueName: "s"))
  var seed = SampleStudy.defaultSeed

  @Option(help: ArgumentHelp("Directory to write (created if missing).", valueName: "dir"))
  var out = "SampleData"

  func validate() throws {
    guard respondents >= SampleStudy.minimumRespondents else {
      throw ValidationError(
        "--respondents must be at least \(SampleStudy.minimumRespondents) (every country and bad row needs one)")
    }
  }

  func run() throws {
    let study = SampleStudy(respondents: respondents, seed: seed)
    let paths: [String]
    do {
      paths = try study.write(to: out)
    } catch {
      printError(error.description)
      throw ExitCode.failure
    }
    let sizes = zip(SampleStudy.countries, study.countrySizes).map { "\($0) \($1)" }.joined(separator: ", ")
    print("respondents: \(respondents) (\(sizes)), seed \(seed)")
    for path in paths { print("wrote \(path)") }
  }
}

import Ingest
import SurveyCore
import Weighting

/// Reading a margins CSV (`variable,level,total` and an optional grouping column).
public enum MarginsFile {
  /// The margins in the file at `path`, read with the ingest stage; a rejected row is
  /// an error, since a margin left out would silently change the weights.
  public static func read(_ path: String) throws -> Margins {
    let read = try IngestStage.run(files: [path], codebook: nil, options: IngestStage.Options(jobs: 1))
    if let reject = read.rejects.first {
      throw Diagnostic(
        at: reject.location, "\(reject.variable.map { "column '\($0)': " } ?? "")\(reject.reason) in a margins file")
    }
    do {
      return try Margins(table: read.table)
    } catch {
      throw error.diagnostic(fallback: SourceLocation(file: path))
    }
  }
}

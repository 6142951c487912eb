import SurveyCore
import Yams

extension PipelineDefinition {
  /// Reads and validates the pipeline file at `path` (the format is in README.md).
  ///
  /// - Parameter root: the project root for relative paths; by default the parent of
  ///   the folder holding the file (`Pipelines/x.yaml` -> the current directory).
  /// - Throws: every problem at once, sorted by file, line and column: the file's own
  ///   (`Pipelines/x.yaml:12:5: error: stage 'weight': unknown key 'methd'; expected one of: ...`),
  ///   and those of the codebook and rules files it names.
  public static func load(path: String, root: String? = nil) throws(Diagnostics) -> PipelineDefinition {
    switch InputFiles.readText(path: path) {
    case .success(let text):
      return try PipelineDefinition(yaml: text, path: path, root: root ?? projectRoot(of: path))
    case .failure(let failure):
      throw Diagnostics([
        Diagnostic(at: SourceLocation(file: path), "cannot read pipeline file: \(failure.reason)")
      ])
    }
  }

  /// Reads and validates a pipeline from YAML text; `path` names the file in
  /// diagnostics and `root` is where relative paths start ("" for the current directory).
  public init(yaml: String, path: String, root: String) throws(Diagnostics) {
    var reader = PipelineReader(path: path, root: root, text: yaml)
    let node: Node?
    do {
      node = try Yams.compose(yaml: yaml)
    } catch {
      throw Diagnostics([reader.syntaxDiagnostic(error)])
    }
    self = try reader.definition(from: node)
  }

  /// The parent of the folder holding `path`: "" for `Pipelines/x.yaml`, `..` for `x.yaml`,
  /// `/srv/study` for `/srv/study/Pipelines/x.yaml`.
  public static func projectRoot(of path: String) -> String {
    func parent(_ path: String) -> String? {
      guard let slash = path.lastIndex(of: "/") else { return nil }
      return slash == path.startIndex ? "/" : String(path[..<slash])
    }
    guard let folder = parent(path) else { return ".." }
    if folder == "/" { return "/" }
    let name = folder.split(separator: "/").last.map(String.init) ?? folder
    if name == "." { return ".." }
    if name == ".." { return folder + "/.." }
    return parent(folder) ?? ""
  }

  /// `path` relative to `root`, as the pipeline's diagnostics and plans show it.
  static func resolve(_ path: String, root: String) -> String {
    if path.hasPrefix("/") || root.isEmpty { return path }
    return root.hasSuffix("/") ? root + path : root + "/" + path
  }
}

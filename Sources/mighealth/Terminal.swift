import ArgumentParser
import SurveyCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Prints a line to standard error.
func printError(_ line: String) {
  var text = line + "\n"
  text.withUTF8 { bytes in
    var offset = 0
    while offset < bytes.count {
      let written = write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
      if written <= 0 { return }
      offset += written
    }
  }
}

extension ParsableArguments {
  /// Runs `body`, printing input problems as `file:line:col: error: ...` (no stack
  /// trace, no "Error:" prefix) and exiting with status 1. Errors of the engine
  /// (estimation, variance, weighting) are placed at `file`, the data they came from.
  func reportingInputErrors(file: String? = nil, _ body: () throws -> Void) throws {
    do {
      try body()
    } catch let diagnostic as Diagnostic {
      printError(diagnostic.description)
      throw ExitCode.failure
    } catch let diagnostics as Diagnostics {
      printError(diagnostics.description)
      throw ExitCode.failure
    } catch let error as ValidationError {
      printError("error: \(error.message)")
      throw ExitCode.validationFailure
    } catch let error as ExitCode {
      throw error
    } catch {
      printError("\(file.map { "\($0): " } ?? "")error: \(error)")
      throw ExitCode.failure
    }
  }
}

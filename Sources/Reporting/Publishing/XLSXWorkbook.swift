internal import CLibXLSXWriter

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one thin layer over libxlsxwriter's C API: a workbook written to a temporary file
/// beside its target and renamed over it by ``close()``, so a reader never sees half a
/// workbook. Every lxw call's result is checked and a failure throws a
/// ``PublishingError`` naming the target file and libxlsxwriter's reason.
final class XLSXWorkbook {
  /// A worksheet of this workbook (valid until ``close()``).
  struct Sheet {
    fileprivate let pointer: UnsafeMutablePointer<lxw_worksheet>
  }

  /// A cell format of this workbook.
  struct Format {
    fileprivate let pointer: UnsafeMutablePointer<lxw_format>
  }

  let path: String
  private let temporaryPath: String
  private var workbook: UnsafeMutablePointer<lxw_workbook>?

  init(path: String) throws(PublishingError) {
    self.path = path
    temporaryPath = "\(path).tmp-\(getpid()).xlsx"
    guard let workbook = workbook_new(temporaryPath) else {
      throw PublishingError(path: path, "cannot create the workbook (libxlsxwriter: out of memory)")
    }
    self.workbook = workbook
    // A fixed creation time (docProps/core.xml), so that the same tables give the same
    // bytes on every run: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else 2000-01-01.
    var properties = lxw_doc_properties()
    properties.created = time_t(
      getenv("SOURCE_DATE_EPOCH").flatMap { Int(String(cString: $0)) } ?? 946_684_800)
    let status = workbook_set_properties(workbook, &properties)
    guard status == LXW_NO_ERROR else { throw failure(status, "document properties") }
  }

  deinit {
    // A workbook never closed (an error on the way) is freed without writing anything
    // at the target; libxlsxwriter frees only through workbook_close, which writes the
    // temporary file, so that file is removed.
    if let workbook {
      _ = workbook_close(workbook)
      unlink(temporaryPath)
    }
  }

  /// Adds a worksheet; `name` must already be a valid, unused sheet name.
  func addSheet(_ name: String) throws(PublishingError) -> Sheet {
    let book = try open()
    let validation = workbook_validate_sheet_name(book, name)
    guard validation == LXW_NO_ERROR else { throw failure(validation, "sheet '\(name)'") }
    guard let sheet = workbook_add_worksheet(book, name) else {
      throw PublishingError(path: path, "cannot add the sheet '\(name)'")
    }
    return Sheet(pointer: sheet)
  }

  /// A format with a bold font, a number format (`0.000`), text wrapping, or italics.
  func addFormat(bold: Bool = false, numberFormat: String? = nil, italic: Bool = false) throws(PublishingError)
    -> Format
  {
    guard let format = workbook_add_format(try open()) else {
      throw PublishingError(path: path, "cannot add a cell format")
    }
    if bold { format_set_bold(format) }
    if italic { format_set_italic(format) }
    if let numberFormat { format_set_num_format(format, numberFormat) }
    return Format(pointer: format)
  }

  func write(_ text: String, row: Int, column: Int, in sheet: Sheet, format: Format? = nil) throws(PublishingError) {
    let result = worksheet_write_string(sheet.pointer, lxw_row_t(row), lxw_col_t(column), text, format?.pointer)
    try check(result, "cell (\(row + 1), \(column + 1))")
  }

  func write(_ number: Double, row: Int, column: Int, in sheet: Sheet, format: Format? = nil) throws(PublishingError) {
    let result = worksheet_write_number(sheet.pointer, lxw_row_t(row), lxw_col_t(column), number, format?.pointer)
    try check(result, "cell (\(row + 1), \(column + 1))")
  }

  func setWidth(_ width: Double, column: Int, in sheet: Sheet) throws(PublishingError) {
    let result = worksheet_set_column(sheet.pointer, lxw_col_t(column), lxw_col_t(column), width, nil)
    try check(result, "column \(column + 1)")
  }

  /// Keeps the first `rows` rows in view when scrolling.
  func freeze(rows: Int, in sheet: Sheet) {
    worksheet_freeze_panes(sheet.pointer, lxw_row_t(rows), 0)
  }

  /// Writes the workbook and renames it over ``path``.
  func close() throws(PublishingError) {
    let book = try open()
    workbook = nil
    let result = workbook_close(book)
    guard result == LXW_NO_ERROR else {
      unlink(temporaryPath)
      throw failure(result, "writing")
    }
    if rename(temporaryPath, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw PublishingError(path: path, "cannot write: \(reason)")
    }
  }

  private func open() throws(PublishingError) -> UnsafeMutablePointer<lxw_workbook> {
    guard let workbook else { throw PublishingError(path: path, "the workbook is already closed") }
    return workbook
  }

  private func check(_ result: lxw_error, _ what: String) throws(PublishingError) {
    guard result == LXW_NO_ERROR else { throw failure(result, what) }
  }

  private func failure(_ result: lxw_error, _ what: String) -> PublishingError {
    let reason = lxw_strerror(result).map { String(cString: $0) } ?? "error \(result.rawValue)"
    return PublishingError(path: path, "cannot write the workbook: \(what): \(reason)")
  }
}

import SurveyCore

/// Joins the calibrations of disjoint groups of rows (one weighting per country)
/// into one calibration of all rows, as if the groups had been calibrated together
/// to margins crossed with the group.
///
/// Categories (raking margins, post-strata) are numbered group after group, so that a
/// category never spans two groups; a GREG model becomes block-diagonal (each group's
/// columns apart). The residuals are then the same as the groups' residuals row by row:
/// each is computed within a category or from a fit whose columns are zero outside the group.
enum CalibrationJoin {
  struct Mismatch: Error, CustomStringConvertible {
    var description: String { "the groups were calibrated in different ways and cannot be joined" }
  }

  static func join(_ parts: [Calibration?], rows: [[Int]], rowCount: Int) throws(Mismatch) -> Calibration? {
    let calibrations = parts.compactMap { $0 }
    guard !calibrations.isEmpty else { return nil }
    guard calibrations.count == parts.count else {
      throw Mismatch()
    }
    if parts.count == 1, rows[0].count == rowCount, rows[0] == Array(0..<rowCount) { return calibrations[0] }
    switch calibrations[0] {
    case .raking: return try joinRaking(calibrations, rows: rows, rowCount: rowCount)
    case .postStratification: return try joinPostStratification(calibrations, rows: rows, rowCount: rowCount)
    case .greg: return try joinGREG(calibrations, rows: rows, rowCount: rowCount)
    case .linear: throw Mismatch()
    }
  }

  private static func joinRaking(_ parts: [Calibration], rows: [[Int]], rowCount: Int) throws(Mismatch)
    -> Calibration
  {
    var marginLists: [[Calibration.Margin]] = []
    for part in parts {
      guard case .raking(let margins) = part else { throw Mismatch() }
      marginLists.append(margins)
    }
    let count = marginLists[0].count
    guard marginLists.allSatisfy({ $0.count == count }) else { throw Mismatch() }
    let joined = (0..<count).map { index in
      var categories = [Int32](repeating: 0, count: rowCount)
      var weights = [Double](repeating: 0, count: rowCount)
      var offset = 0
      for (group, margins) in marginLists.enumerated() {
        let margin = margins[index]
        for (position, row) in rows[group].enumerated() {
          categories[row] = Int32(offset) + margin.categories[position]
          weights[row] = margin.weights[position]
        }
        offset += margin.categoryCount
      }
      return Calibration.Margin(categories: categories, categoryCount: offset, weights: weights)
    }
    return .raking(margins: joined)
  }

  private static func joinPostStratification(_ parts: [Calibration], rows: [[Int]], rowCount: Int)
    throws(Mismatch) -> Calibration
  {
    var cells = [Int32](repeating: 0, count: rowCount)
    var weights = [Double](repeating: 0, count: rowCount)
    var oldWeights = [Double](repeating: 0, count: rowCount)
    var offset = 0
    for (group, part) in parts.enumerated() {
      guard case .postStratification(let partCells, let cellCount, let partWeights, let partOld) = part else {
        throw Mismatch()
      }
      for (position, row) in rows[group].enumerated() {
        cells[row] = Int32(offset) + partCells[position]
        weights[row] = partWeights[position]
        oldWeights[row] = partOld[position]
      }
      offset += cellCount
    }
    return .postStratification(cells: cells, cellCount: offset, weights: weights, oldWeights: oldWeights)
  }

  private static func joinGREG(_ parts: [Calibration], rows: [[Int]], rowCount: Int) throws(Mismatch)
    -> Calibration
  {
    var models: [(LinearModel, [Double], [Double])] = []
    for part in parts {
      guard case .greg(let model, let base, let weights) = part else { throw Mismatch() }
      models.append((model, base, weights))
    }
    let stride = models.map(\.0.stride).max() ?? 0
    var columns = [Int32](repeating: -1, count: rowCount * stride)
    var values = [Double](repeating: 0, count: rowCount * stride)
    var base = [Double](repeating: 0, count: rowCount)
    var weights = [Double](repeating: 0, count: rowCount)
    var offset = 0
    for (group, (model, partBase, partWeights)) in models.enumerated() {
      for (position, row) in rows[group].enumerated() {
        for slot in 0..<model.stride {
          let column = model.columns[position * model.stride + slot]
          guard column >= 0 else { continue }
          columns[row * stride + slot] = Int32(offset) + column
          values[row * stride + slot] = model.values[position * model.stride + slot]
        }
        base[row] = partBase[position]
        weights[row] = partWeights[position]
      }
      offset += model.columnCount
    }
    let model = LinearModel(rowCount: rowCount, columnCount: offset, stride: stride, columns: columns, values: values)
    return .greg(model: model, baseWeights: base, weights: weights)
  }
}

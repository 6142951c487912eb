extension Calibration {
  private enum Tag: UInt8 { case postStratification, raking, greg, linear }

  /// Writes the calibration for the pipeline cache (read back by ``init(from:)``).
  package func write(to writer: inout SnapshotWriter) {
    switch self {
    case .postStratification(let cells, let cellCount, let weights, let oldWeights):
      writer.write(Tag.postStratification.rawValue)
      writer.write(cells)
      writer.write(Int64(cellCount))
      writer.write(weights)
      writer.write(oldWeights)
    case .raking(let margins):
      writer.write(Tag.raking.rawValue)
      writer.write(UInt64(margins.count))
      for margin in margins {
        writer.write(margin.categories)
        writer.write(Int64(margin.categoryCount))
        writer.write(margin.weights)
      }
    case .greg(let model, let baseWeights, let weights):
      writer.write(Tag.greg.rawValue)
      writer.write(Int64(model.rowCount))
      writer.write(Int64(model.columnCount))
      writer.write(Int64(model.stride))
      writer.write(model.columns)
      writer.write(model.values)
      writer.write(baseWeights)
      writer.write(weights)
    case .linear(let model, let scale):
      writer.write(Tag.linear.rawValue)
      writer.write(UInt64(model.count))
      for column in model { writer.write(column) }
      writer.write(scale)
    }
  }

  /// Reads a calibration that ``write(to:)`` wrote for a design of `rowCount` rows.
  package init(from reader: inout SnapshotReader, rowCount: Int) throws {
    func rows(_ values: [some Any]) throws {
      guard values.count == rowCount else { throw SnapshotError(reason: "a calibration does not fit the design") }
    }
    guard let tag = Tag(rawValue: try reader.read(UInt8.self)) else {
      throw SnapshotError(reason: "unknown calibration")
    }
    switch tag {
    case .postStratification:
      let cells: [Int32] = try reader.read()
      let cellCount = Int(try reader.read(Int64.self))
      let weights: [Double] = try reader.read()
      let oldWeights: [Double] = try reader.read()
      try rows(cells)
      try rows(weights)
      try rows(oldWeights)
      guard cells.allSatisfy({ $0 >= 0 && Int($0) < cellCount }) else {
        throw SnapshotError(reason: "a post-stratum outside its cells")
      }
      self = .postStratification(cells: cells, cellCount: cellCount, weights: weights, oldWeights: oldWeights)
    case .raking:
      var margins: [Margin] = []
      for _ in 0..<Int(try reader.read(UInt64.self)) {
        let categories: [Int32] = try reader.read()
        let count = Int(try reader.read(Int64.self))
        let weights: [Double] = try reader.read()
        try rows(categories)
        try rows(weights)
        guard categories.allSatisfy({ $0 >= 0 && Int($0) < count }) else {
          throw SnapshotError(reason: "a raking category outside its margin")
        }
        margins.append(Margin(categories: categories, categoryCount: count, weights: weights))
      }
      self = .raking(margins: margins)
    case .greg:
      let modelRows = Int(try reader.read(Int64.self))
      let columnCount = Int(try reader.read(Int64.self))
      let stride = Int(try reader.read(Int64.self))
      let columns: [Int32] = try reader.read()
      let values: [Double] = try reader.read()
      let baseWeights: [Double] = try reader.read()
      let weights: [Double] = try reader.read()
      guard modelRows == rowCount, stride >= 0, columns.count == modelRows * stride, values.count == columns.count,
        columns.allSatisfy({ $0 >= -1 && Int($0) < columnCount })
      else { throw SnapshotError(reason: "a damaged calibration model") }
      try rows(baseWeights)
      try rows(weights)
      let model = LinearModel(
        rowCount: modelRows, columnCount: columnCount, stride: stride, columns: columns, values: values)
      self = .greg(model: model, baseWeights: baseWeights, weights: weights)
    case .linear:
      var model: [[Double]] = []
      for _ in 0..<Int(try reader.read(UInt64.self)) {
        let column: [Double] = try reader.read()
        try rows(column)
        model.append(column)
      }
      let scale: [Double] = try reader.read()
      try rows(scale)
      self = .linear(model: model, scale: scale)
    }
  }
}

import SurveyCore

/// The cell sums of the one pass (``OnePassEstimation``): per target, the sums of
/// each (PSU, domain slot) cell, read from the rows as doubles or, for coded
/// targets, from the weight of each (cell, code).
extension OnePassEstimation {
  /// One (PSU, domain) cell's sums, with x centred at `centre`.
  struct Cell {
    var count: Int32 = 0
    var weight = CompensatedSum()
    var x = CompensatedSum()
    var xx = CompensatedSum()
    var denominator = CompensatedSum()
    var xDenominator = CompensatedSum()
    var denominatorSquared = CompensatedSum()
    var low = Double.infinity
    var high = -Double.infinity
  }

  /// The sums of one target per (PSU, domain slot) cell, with the counts of
  /// missing values and non-zero weights per slot. Slots are the domains, then one
  /// for the rows of the subset that have no domain (they count only overall).
  struct CellSums {
    var cells: [Cell]
    var missing: [Int]
    var nonzero: [Int]
    /// The provisional centre c of the values (see ``summarize``).
    var centre: Double
  }

  /// The slot of each row's cell, or nil when the row is in no column: its domain,
  /// else the last slot (the subset without a domain) when there is an overall column.
  @inline(__always)
  static func slot(_ domain: Int32, inSubset: Bool, overall: Bool, noDomain: Int) -> Int? {
    if domain >= 0 { return Int(domain) }
    return overall && inSubset ? noDomain : nil
  }

  /// The (PSU, slot) cell of each row, or -1 for a row in no column: computed
  /// once for all targets.
  static func cells(of domains: Domains, overall: Bool, design: SurveyDesign) -> [Int32] {
    let slots = domains.labels.count + 1
    let units = design.stages[0].units
    // Every target keeps a Cell per (PSU, slot), so their number is far below 2^31.
    precondition(design.stages[0].unitCount * slots <= Int(Int32.max), "too many (PSU, domain) cells")
    return domains.index.withUnsafeBufferPointer { index in
      domains.inSubset.withUnsafeBufferPointer { inSubset in
        units.withUnsafeBufferPointer { units in
          [Int32](unsafeUninitializedCapacity: index.count) { cells, initialized in
            prefault(cells)
            for row in 0..<index.count {
              let slot = slot(index[row], inSubset: inSubset[row], overall: overall, noDomain: slots - 1)
              cells[row] = slot.map { Int32(truncatingIfNeeded: Int(units[row]) * slots + $0) } ?? -1
            }
            initialized = index.count
          }
        }
      }
    }
  }

  /// Per-cell counts summed per slot (a cell is unit * slots + slot).
  static func slotCounts(missing: [Int32], nonzero: [Int32], slots: Int) -> (missing: [Int], nonzero: [Int]) {
    var missingOfSlot = [Int](repeating: 0, count: slots)
    var nonzeroOfSlot = [Int](repeating: 0, count: slots)
    for cell in missing.indices {
      missingOfSlot[cell % slots] += Int(missing[cell])
      nonzeroOfSlot[cell % slots] += Int(nonzero[cell])
    }
    return (missingOfSlot, nonzeroOfSlot)
  }

  /// One pass over the rows for one target: each row adds w, w (x - c), w (x - c)^2
  /// (and the denominator's sums for a ratio) to its (PSU, slot) cell.
  static func rowCells(_ target: Target, cellOfRow: [Int32], slots: Int, design: SurveyDesign) -> CellSums {
    let cellCount = design.stages[0].unitCount * slots
    var cells = [Cell](repeating: Cell(), count: cellCount)
    // Missing values and non-zero weights per cell, summed per slot afterwards.
    var missingOfCell = [Int32](repeating: 0, count: cellCount)
    var nonzeroOfCell = [Int32](repeating: 0, count: cellCount)
    let isRatio: Bool
    if case .ratio = target.kind { isRatio = true } else { isRatio = false }
    let hasDenominator = !target.denominatorMissing.isEmpty
    // The provisional centre: the mean of the first (up to 1,000) present values.
    var centre = 0.0
    var seen = 0
    var row = 0
    while row < target.x.count, seen < 1000 {
      if !target.xMissing[row], !(hasDenominator && target.denominatorMissing[row]) {
        centre += target.x[row]
        seen += 1
      }
      row += 1
    }
    centre = seen > 0 && !isRatio ? centre / Double(seen) : 0
    cells.withUnsafeMutableBufferPointer { cellStorage in
      missingOfCell.withUnsafeMutableBufferPointer { missing in
        nonzeroOfCell.withUnsafeMutableBufferPointer { nonzero in
          target.x.withUnsafeBufferPointer { x in
            target.xMissing.withUnsafeBufferPointer { xMissing in
              target.denominator.withUnsafeBufferPointer { den in
                target.denominatorMissing.withUnsafeBufferPointer { denMissing in
                  design.weights.withUnsafeBufferPointer { w in
                    cellOfRow.withUnsafeBufferPointer { cellOfRow in
                      // Plain pointers in the loop: no bounds or uniqueness checks per row.
                      let cells = cellStorage.baseAddress.unsafelyUnwrapped
                      for row in 0..<x.count {
                        let cell = Int(cellOfRow[row])
                        if cell < 0 { continue }
                        if xMissing[row] || (hasDenominator && denMissing[row]) {
                          missing[cell] += 1
                          continue
                        }
                        let weight = w[row]
                        if weight != 0 { nonzero[cell] += 1 }
                        let value = x[row] - centre
                        cells[cell].count += 1
                        cells[cell].weight.add(weight)
                        cells[cell].x.add(weight * value)
                        cells[cell].xx.add(weight * value * value)
                        cells[cell].low = min(cells[cell].low, value)
                        cells[cell].high = max(cells[cell].high, value)
                        if isRatio {
                          let d = den[row]
                          cells[cell].denominator.add(weight * d)
                          cells[cell].xDenominator.add(weight * value * d)
                          cells[cell].denominatorSquared.add(weight * d * d)
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    let (missing, nonzero) = slotCounts(missing: missingOfCell, nonzero: nonzeroOfCell, slots: slots)
    return CellSums(cells: cells, missing: missing, nonzero: nonzero, centre: centre)
  }

  /// One pass over the rows for coded targets that share their codes (the levels
  /// of one category, or statistics of one variable): each row adds its weight to
  /// its (PSU, slot, code) bin. A target's cell sums then follow from the bins:
  /// with v_k the value of code k and W_k its bin's weight, sum w (x - c) is
  /// sum_k W_k (v_k - c), and likewise for the squares.
  static func codedCells(_ group: [Target], cellOfRow: [Int32], slots: Int, design: SurveyDesign)
    -> [CellSums]
  {
    guard let first = group.first?.coded else { return [] }
    let codeCount = group.map { $0.coded?.values.count ?? 0 }.max() ?? 0
    let cellCount = design.stages[0].unitCount * slots
    var binCounts = [Int32](repeating: 0, count: cellCount * codeCount)
    var binWeights = [CompensatedSum](repeating: CompensatedSum(), count: cellCount * codeCount)
    // Missing values and non-zero weights per cell, summed per slot afterwards.
    var missingOfCell = [Int32](repeating: 0, count: cellCount)
    var nonzeroOfCell = [Int32](repeating: 0, count: cellCount)
    binCounts.withUnsafeMutableBufferPointer { binCounts in
      binWeights.withUnsafeMutableBufferPointer { binWeights in
        missingOfCell.withUnsafeMutableBufferPointer { missing in
          nonzeroOfCell.withUnsafeMutableBufferPointer { nonzero in
            first.codes.withUnsafeBufferPointer { codes in
              first.missing.withUnsafeBufferPointer { reasons in
                design.weights.withUnsafeBufferPointer { w in
                  cellOfRow.withUnsafeBufferPointer { cellOfRow in
                    let hasMissing = !reasons.isEmpty
                    // Wrapping arithmetic: a count is at most the number of rows and a
                    // bin index below the number of bins (an array's count), so the
                    // overflow checks would only cost branches.
                    for row in 0..<codes.count {
                      let cell = Int(cellOfRow[row])
                      if cell < 0 { continue }
                      if hasMissing, reasons[row] != 0 {
                        missing[cell] &+= 1
                        continue
                      }
                      let weight = w[row]
                      nonzero[cell] &+= Int32(unsafeBitCast(weight != 0, to: UInt8.self))
                      let bin = cell &* codeCount &+ Int(codes[row])
                      binCounts[bin] &+= 1
                      binWeights[bin].add(weight)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    let (missing, nonzero) = slotCounts(missing: missingOfCell, nonzero: nonzeroOfCell, slots: slots)
    return group.map { target in
      let values = target.coded?.values ?? []
      // The provisional centre, as for rows: the mean of the first (up to 1,000) present values.
      var centre = 0.0
      var seen = 0
      var row = 0
      while row < first.codes.count, seen < 1000 {
        if !first.isMissing(row) {
          centre += values[Int(first.codes[row])]
          seen += 1
        }
        row += 1
      }
      centre = seen > 0 ? centre / Double(seen) : 0
      var cells = [Cell](repeating: Cell(), count: cellCount)
      for cell in 0..<cellCount {
        for code in values.indices where binCounts[cell * codeCount + code] > 0 {
          let weight = binWeights[cell * codeCount + code].value
          let value = values[code] - centre
          cells[cell].count += binCounts[cell * codeCount + code]
          cells[cell].weight.add(weight)
          cells[cell].x.add(weight * value)
          cells[cell].xx.add(weight * value * value)
          cells[cell].low = min(cells[cell].low, value)
          cells[cell].high = max(cells[cell].high, value)
        }
      }
      return CellSums(cells: cells, missing: missing, nonzero: nonzero, centre: centre)
    }
  }
}

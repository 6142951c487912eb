import Synchronization
import Testing

@testable import Pipeline

@Suite("Task pool")
struct TaskPoolTests {
  @Test("never runs more than jobs tasks at once, and keeps the items' order", arguments: [1, 2, 3])
  func boundedAndOrdered(jobs: Int) throws {
    let pool = TaskPool(jobs: jobs)
    let running = Atomic<Int>(0)
    let peak = Atomic<Int>(0)
    let results = try pool.map(Array(0..<12)) { item in
      let now = running.add(1, ordering: .relaxed).newValue
      var seen = peak.load(ordering: .relaxed)
      while now > seen {
        let exchanged = peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
        if exchanged.exchanged { break }
        seen = exchanged.original
      }
      // Long enough for the other workers to start, if they could.
      var spin = 0
      for index in 0..<200_000 { spin &+= index }
      running.subtract(1, ordering: .relaxed)
      return item * 2 + (spin == -1 ? 1 : 0)
    }
    #expect(results == (0..<12).map { $0 * 2 })
    #expect(peak.load(ordering: .relaxed) <= jobs)
    #expect(peak.load(ordering: .relaxed) >= 1)
  }

  struct Failure: Error, Equatable { var item: Int }

  @Test("a failure cancels the tasks not yet started and is thrown after the others stop")
  func failurePropagation() {
    let pool = TaskPool(jobs: 1)
    let started = Atomic<Int>(0)
    // With one permit the tasks run one at a time, in whatever order they get it: the
    // first to start fails, so none of the nine others may start after it.
    #expect(throws: Failure.self) {
      _ = try pool.map(Array(0..<10)) { item in
        if started.add(1, ordering: .relaxed).newValue == 1 { throw Failure(item: item) }
        return item
      }
    }
    #expect(pool.isCancelled)
    #expect(started.load(ordering: .relaxed) == 1)
    #expect(throws: TaskPool.Cancelled.self) { try pool.run { 1 } }
  }

  @Test("work that fans out from inside a stage's run does not deadlock with one job")
  func nestedFanOut() throws {
    let pool = TaskPool(jobs: 1)
    let prepared = try pool.run { [1, 2, 3] }
    let mapped = try pool.map(prepared) { $0 * 10 }
    let joined = try pool.run { mapped.reduce(0, +) }
    #expect(joined == 60)
  }
}

import Dispatch
import Synchronization

/// The runner's bound on concurrency: at most `jobs` pieces of stage work at once,
/// whichever stage they belong to.
///
/// Work and the stages' coordinators each run on a serial queue of their own: Dispatch
/// gives every such (overcommitting) queue a thread even while others block, waiting
/// for a permit or for another stage, where the global and concurrent queues keep one
/// thread per core and would stall until Dispatch noticed the blocked threads.
///
/// A stage's own work (`run`) and each of its per-country tasks (`map`) hold one
/// permit while they run; the code that waits for them holds none, so fan-out never
/// deadlocks, even with `jobs` = 1. After a failure (`cancel()`), tasks not yet started
/// are skipped; running ones finish.
final class TaskPool: Sendable {
  let jobs: Int
  private let permits: DispatchSemaphore
  private let cancelled = Atomic<Bool>(false)
  /// Runs `body` on a thread of its own (see above).
  func spawn(_ name: String, group: DispatchGroup? = nil, _ body: @escaping @Sendable () -> Void) {
    let queue = DispatchQueue(label: "mighealth.\(name)")
    if let group { queue.async(group: group, execute: body) } else { queue.async(execute: body) }
  }

  init(jobs: Int) {
    precondition(jobs > 0, "at least one job")
    self.jobs = jobs
    self.permits = DispatchSemaphore(value: jobs)
  }

  /// Whether a failure has stopped the run.
  var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

  /// Stops scheduling: work not yet started throws ``Cancelled``.
  func cancel() { cancelled.store(true, ordering: .releasing) }

  /// Work skipped because the run had already failed.
  struct Cancelled: Error {}

  /// Runs `body` holding one permit (also after a cancellation when `whenCancelled`:
  /// work that must finish, like committing a finished stage). A failure cancels the pool
  /// before the permit is given back, so no waiting task starts after it.
  func run<T>(whenCancelled: Bool = false, _ body: () throws -> T) throws -> T {
    permits.wait()
    defer { permits.signal() }
    if isCancelled, !whenCancelled { throw Cancelled() }
    do {
      return try body()
    } catch {
      cancel()
      throw error
    }
  }

  /// `body` applied to every item concurrently, each holding a permit; the results keep
  /// the items' order. The first failure in item order is thrown after all have stopped.
  func map<Item: Sendable, Output: Sendable>(
    _ items: [Item], _ body: @escaping @Sendable (Item) throws -> Output
  ) throws -> [Output] {
    let results = Mutex<[Result<Output, any Error>?]>(Array(repeating: nil, count: items.count))
    let group = DispatchGroup()
    for (index, item) in items.enumerated() {
      spawn("task-\(index)", group: group) {
        let result = Result { try self.run { try body(item) } }
        results.withLock { $0[index] = result }
      }
    }
    group.wait()
    let outcomes = results.withLock { $0 }
    var outputs: [Output] = []
    var cancelledError: (any Error)?
    for outcome in outcomes {
      switch outcome {
      case .success(let output): outputs.append(output)
      case .failure(let error as Cancelled): cancelledError = error
      case .failure(let error): throw error
      case nil: preconditionFailure("every task reports")
      }
    }
    if let cancelledError { throw cancelledError }
    return outputs
  }
}

/// An action that runs at most once, whichever thread asks first.
final class Once: Sendable {
  private let done = Atomic<Bool>(false)
  private let action: @Sendable () -> Void

  init(_ action: @escaping @Sendable () -> Void) { self.action = action }

  func run() {
    if !done.exchange(true, ordering: .acquiringAndReleasing) { action() }
  }
}

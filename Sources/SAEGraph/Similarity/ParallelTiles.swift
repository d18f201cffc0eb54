import Foundation

/// Runs `body(tile, worker, scratch)` for every tile in `0..<count` on `workers` threads and
/// returns the results in tile order, so the output never depends on timing.
///
/// Each worker takes the lowest tile not yet taken until none is left, and owns one scratch
/// buffer of `scratchCount` floats for all its tiles (no tile shares it). Which worker runs
/// which tile depends on timing, so whatever `body` keeps per worker must not change the
/// results (``PairScan``'s column lists are exact whatever rows a worker saw). Taking tiles
/// in turn, rather than every `workers`-th tile, keeps both cores busy to the end of a pass
/// when one worker is slowed (its tiles' work differs, or other work shares its core). On the
/// default build of 4 × 24,576 × 768 rows (2-core AMD EPYC Zen 4, `perf` samples at 999 Hz),
/// taking every `workers`-th tile left one core idle for about 0.05 s at the end of each
/// layer pair's scan; taken in turn, the idle samples of the whole build fell from 1,173 to
/// 1,000 (of about 16,500).
///
/// `aside`, when given and `count > 0`, runs once, on the first worker to start, before it takes a tile: work
/// that would otherwise run alone on one core after the pass shares the pass's cores instead.
func parallelTiles<T>(
    count: Int, workers: Int, scratchCount: Int, aside: (() -> Void)? = nil,
    _ body: (_ tile: Int, _ worker: Int, _ scratch: UnsafeMutablePointer<Float>) -> T
) -> [T] {
    guard count > 0 else { return [] }
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    let workers = max(1, min(workers, count))
    let noAside: () -> Void = {}
    withoutActuallyEscaping(body) { body in
        withoutActuallyEscaping(aside ?? noAside) { asideWork in
            // Each worker writes only its own tiles' slots and its own scratch; `body` keeps
            // per-worker state apart by the worker number. Nothing escapes this call.
            let shared = UncheckedShare((slots, body, asideWork))
            let next = TileCounter(count: count, aside: aside != nil)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let (slots, body, asideWork) = shared.value
                if next.takeAside() { asideWork() }
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(scratchCount, 1))
                defer { scratch.deallocate() }
                while let t = next.take() {
                    slots[t] = body(t, w, scratch)
                }
            }
        }
    }
    return slots.map { $0! }
}

/// The next tile to run, shared by the workers of one ``parallelTiles(count:workers:scratchCount:_:)``.
private final class TileCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0
    private let count: Int
    private var asidePending: Bool

    init(count: Int, aside: Bool) {
        self.count = count
        asidePending = aside
    }

    /// True for the first caller when there is an aside job.
    func takeAside() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        defer { asidePending = false }
        return asidePending
    }

    /// The lowest tile not yet taken, or nil when all are.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard taken < count else { return nil }
        taken += 1
        return taken - 1
    }
}

/// Hands values to worker threads that the caller keeps apart by construction.
private struct UncheckedShare<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Counts finished units across threads and reports each step to a ``ProgressHandler``.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var completed = 0
    private let stage: String
    private let total: Int
    private let handler: ProgressHandler?
    private let unit: String

    init(stage: String, total: Int, handler: ProgressHandler?, unit: String = "rows") {
        self.stage = stage
        self.total = total
        self.handler = handler
        self.unit = unit
    }

    /// Adds `n` finished rows and reports the new count. - Complexity: O(1) plus the handler.
    func add(_ n: Int) {
        guard let handler else { return }
        lock.lock()
        defer { lock.unlock() }
        completed += n
        handler(ProgressEvent(stage: stage, completed: completed, total: total, unit: unit))
    }
}

/// Runs per thread when work of uneven cost is cut into runs handed out in turn: cut into one
/// run a thread, one core waited for the other's last run after each layer pair.
let runsPerThread = 16

/// `body` over `0..<count` cut into ``runsPerThread`` runs a thread, on `threads` threads,
/// the runs taken in turn; the results in run order, whatever the timing (one run, on the
/// caller's thread, with one thread).
func parallelRuns<T>(count: Int, threads: Int, _ body: (Range<Int>) -> T) -> [T] {
    let runs = max(1, min(runsPerThread * max(threads, 1), count))
    guard runs > 1, threads > 1 else { return [body(0..<count)] }
    return parallelTiles(count: runs, workers: threads, scratchCount: 0) { r, _, _ in
        body((count * r / runs)..<(count * (r + 1) / runs))
    }
}

/// `values.map(transform)` on `threads` threads (``parallelRuns(count:threads:_:)``); the
/// result is in the values' order, whatever the timing.
func parallelMap<T, U>(_ values: [T], threads: Int, _ transform: (T) -> U) -> [U] {
    values.withUnsafeBufferPointer { v in
        parallelRuns(count: v.count, threads: threads) { v[$0].map(transform) }
    }.flatMap { $0 }
}

/// Runs `first` and `second` at the same time on two threads and returns both results; an
/// error of `first` is thrown before one of `second`. For two independent parts of one
/// command, such as a search and the label calibration its listing needs.
public func bothAtOnce<A, B>(_ first: () throws -> A, _ second: () throws -> B) throws -> (A, B) {
    let results = parallelTiles(count: 2, workers: 2, scratchCount: 0) { part, _, _ in
        part == 0
            ? (Result { try first() }, nil) : (nil, Result { try second() }) as (Result<A, Error>?, Result<B, Error>?)
    }
    return (try results[0].0!.get(), try results[1].1!.get())
}

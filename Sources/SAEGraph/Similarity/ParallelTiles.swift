import Foundation

/// Runs `body(tile, worker, scratch)` for every tile in `0..<count` on `workers` threads and
/// returns the results in tile order, so the output never depends on timing.
///
/// Worker `w` takes tiles `w, w + workers, …` and owns one scratch buffer of `scratchCount`
/// floats for all of them (no tile shares it).
func parallelTiles<T>(
    count: Int, workers: Int, scratchCount: Int,
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
    withoutActuallyEscaping(body) { body in
        // Each worker writes only its own tiles' slots and its own scratch; `body` keeps
        // per-worker state apart by the worker number. Nothing escapes this call.
        let shared = UncheckedShare((slots, body))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let (slots, body) = shared.value
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(scratchCount, 1))
            defer { scratch.deallocate() }
            for t in stride(from: w, to: count, by: workers) {
                slots[t] = body(t, w, scratch)
            }
        }
    }
    return slots.map { $0! }
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

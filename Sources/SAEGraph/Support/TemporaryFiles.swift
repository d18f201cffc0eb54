import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Temporary files being written, removed by a SIGINT or SIGTERM handler before the process
/// ends with the default action of that signal (so the exit status still says "killed").
///
/// The handler only calls `unlink`, `signal` and `raise` (async-signal-safe) on paths copied
/// into a fixed table of C strings; a slot is published with a single pointer store. Threads
/// that write files at the same time take turns on the table through a lock.
/// At most ``capacity`` files are tracked at once; more concurrent writes go untracked.
enum TemporaryFiles {
    static let capacity = 16
    nonisolated(unsafe) fileprivate static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        p.initialize(repeating: nil, count: capacity)
        return p
    }()
    nonisolated(unsafe) private static var installed = false
    private static let lock = NSLock()

    /// Tracks `path` until ``unregister(_:)``; installs the handlers on first use.
    static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        installHandlers()
        for i in 0..<capacity where slots[i] == nil {
            slots[i] = strdup(path)
            return
        }
    }

    static func unregister(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<capacity {
            if let p = slots[i], String(cString: p) == path {
                slots[i] = nil
                free(p)
            }
        }
    }

    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        _ = slots  // initialised here, never lazily inside the handler
        for sig in [SIGINT, SIGTERM] {
            // Leave a signal alone when the process was started ignoring it.
            let previous = signal(sig, removeAndRaise)
            if unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { signal(sig, SIG_IGN) }
        }
    }
}

private func removeAndRaise(_ sig: Int32) {
    let slots = TemporaryFiles.slots
    for i in 0..<TemporaryFiles.capacity {
        if let p = slots[i] { unlink(p) }
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

import Foundation

/// Seconds on `id`'s clock (`CLOCK_MONOTONIC` for wall time, `CLOCK_PROCESS_CPUTIME_ID` for
/// this process's CPU time, which a busy machine inflates less).
public func clock(_ id: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(id, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Median wall and CPU seconds of `runs` calls of `body`, as "0.123 s (cpu 0.120 s)".
public func median(_ runs: Int, _ body: () throws -> Void) rethrows -> String {
    var wall: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<runs {
        let (w, c) = (clock(CLOCK_MONOTONIC), clock(CLOCK_PROCESS_CPUTIME_ID))
        try body()
        wall.append(clock(CLOCK_MONOTONIC) - w)
        cpu.append(clock(CLOCK_PROCESS_CPUTIME_ID) - c)
    }
    return String(format: "%.3f s (cpu %.3f s)", wall.sorted()[runs / 2], cpu.sorted()[runs / 2])
}

/// The median times as above, followed by the item count the last call returned.
public func median(_ runs: Int, _ body: () throws -> Int) rethrows -> String {
    var count = 0
    let time = try median(runs) { () throws -> Void in count = try body() }
    return "\(time), \(count) items"
}

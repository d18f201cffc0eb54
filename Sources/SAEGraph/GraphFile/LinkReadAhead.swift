import Foundation

/// Reads the second half of a large edge array on a second thread while the reading thread
/// reads the first half, so that a graph file loads on two cores.
///
/// The split is a guess, made before the document is read: the first line that starts with
/// `{` past a point of the first `"edges": [` array found by a byte search (saegraph writes
/// one link per line; a raw line break cannot lie inside a JSON string).
/// The second thread reads links from there with ``LinkRecord/readCanonical(_:)`` alone, and
/// stops at the end of the array, at the first link that is not in saegraph's exact form, or
/// when cancelled. Its links are used only when the reading thread, reading in order, arrives
/// exactly at the split at the start of a link: the links read ahead are then the very links
/// the reading thread would read next, by the same code, so the result is the same as a
/// reading on one thread, byte for byte, whatever the timing. The reading thread then goes on
/// after the last of them (a link the second thread stopped at is read, with its checks and
/// messages, as usual). Otherwise (the guess fell inside another value, the array read is
/// another one, or it ends first) the links read ahead are dropped.
///
/// The second thread reads only the bytes the scanner views and writes only this object,
/// which the reading thread reads after ``wait()``; it is always waited for before the bytes
/// go (``NodeLinkDocument`` waits in a `defer`).
final class LinkReadAhead: @unchecked Sendable {
    /// Arrays smaller than this are read on one thread.
    static let minimumBytes = 1 << 22
    /// The offset of the `{` of the link where the second thread starts.
    let split: Int
    /// Where the array probably ends (for reserving room).
    let expectedEnd: Int
    /// The links read ahead, in file order (only the link columns are used).
    private(set) var links = NodeLinkDocument()
    /// The offset just past the last link read ahead (`split` when none).
    private(set) var resume: Int
    private let lock = NSLock()
    private var cancelled = false
    private var joined = false
    private let finished = DispatchSemaphore(value: 0)

    private init(split: Int, expectedEnd: Int) {
        self.split = split
        self.expectedEnd = expectedEnd
        resume = split
    }

    /// Starts the second thread when the document at the scanner (not read yet) holds a large
    /// edge array (the first `"edges": [`, else `"links": [`, found by a byte search); nil
    /// when none is found or it looks small. The split is placed so that both threads have
    /// about as many bytes to read: the reading thread reads everything before the array
    /// (the nodes) and the array up to the split.
    static func start(_ s: JSONScanner) -> LinkReadAhead? {
        guard let arrayStart = find("\"edges\": [", s) ?? find("\"links\": [", s) else { return nil }
        let extent = expectedExtent(s, arrayStart: arrayStart)
        guard extent >= minimumBytes else { return nil }
        var split = arrayStart + max(extent - (arrayStart - s.position), 0) / 2
        let limit = min(split + (1 << 20), s.bytes.count - 1)
        while split < limit, s.bytes[split] != 0x0A { split += 1 }
        guard split < limit, s.bytes[split + 1] == UInt8(ascii: "{") else { return nil }
        let reader = LinkReadAhead(split: split + 1, expectedEnd: arrayStart + extent)
        let scanner = UncheckedScanner(s)
        Thread { reader.run(scanner.value) }.start()
        return reader
    }

    /// The offset of the `[` that ends the first occurrence of `key` after the position
    /// (`memchr` for the `[`, rare outside arrays, then `memcmp` of what precedes it).
    private static func find(_ key: StaticString, _ s: JSONScanner) -> Int? {
        guard let base = s.bytes.baseAddress else { return nil }
        let n = key.utf8CodeUnitCount
        var i = s.position + n - 1
        while i < s.bytes.count {
            guard let hit = memchr(base + i, Int32(UInt8(ascii: "[")), s.bytes.count - i) else { return nil }
            i = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if memcmp(base + i + 1 - n, key.utf8Start, n) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// How far the array probably reaches: half of what follows when the file ends with a
    /// `links` array that repeats it (`[...], "links": [...]}`, as saegraph writes), else all
    /// of what follows.
    private static func expectedExtent(_ s: JSONScanner, arrayStart: Int) -> Int {
        let rest = s.bytes.count - arrayStart
        let between = Array(", \"links\": ".utf8)
        let half = (rest - between.count - 2) / 2
        guard half > 0 else { return rest }
        for extent in [half, half + 1] where arrayStart + extent + between.count < s.bytes.count {
            let end = arrayStart + extent
            if s.bytes[end - 1] == UInt8(ascii: "]"), between.indices.allSatisfy({ s.bytes[end + $0] == between[$0] }) {
                return extent
            }
        }
        return rest
    }

    private func run(_ scanner: JSONScanner) {
        defer { finished.signal() }
        var s = scanner
        s.position = split
        var read = NodeLinkDocument()
        read.reserveLinks(bytes: expectedEnd - split)
        var resume = split
        var count = 0
        while let link = LinkRecord.readCanonical(&s) {
            read.append(link)
            resume = s.position
            count += 1
            if count & 4095 == 0 && isCancelled { break }
            s.skipWhitespace()
            guard s.literal(",") else { break }
            s.skipWhitespace()
        }
        links = read
        self.resume = resume
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Asks the second thread to stop early (its links will not be used).
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    /// Waits for the second thread to finish (at once when it has been waited for already).
    /// Called from the reading thread only.
    func wait() {
        guard !joined else { return }
        finished.wait()
        joined = true
    }
}

/// The scanner handed to the second thread, which only reads the bytes it views.
private struct UncheckedScanner: @unchecked Sendable {
    let value: JSONScanner
    init(_ value: JSONScanner) { self.value = value }
}

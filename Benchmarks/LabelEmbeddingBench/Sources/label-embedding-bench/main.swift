import Foundation
import SAEGraph

// Embeds every label of a label file with a sentence model (cold: no cache), then reads all
// of them back from a fresh embedding cache (warm), and prints wall time, time per label,
// the load average before and after, and the BLAS kernel. Optional third argument: how many
// labels (the first N in feature order).
let args = CommandLine.arguments
guard args.count >= 3 else {
    print("usage: label-embedding-bench MODEL_DIR LABEL_FILE [COUNT]")
    exit(2)
}
func load() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
        .joined(separator: " ") ?? "n/a"
}
let store = try LabelLoader.load(path: args[2]).store
var texts = store.labels.keys.sorted().map { store.labels[$0]! }
if args.count > 3, let n = Int(args[3]) { texts = Array(texts.prefix(n)) }
let distinct = Set(texts).count
let cacheDir = FileManager.default.temporaryDirectory.appendingPathComponent("label-bench-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: cacheDir) }
print(
    "labels: \(texts.count) (\(distinct) distinct); cores: \(ProcessInfo.processInfo.activeProcessorCount); BLAS \(BLASInfo.coreName)"
)
print("load average before: \(load())")

var t0 = Date()
let plain = try SentenceEncoder(folder: args[1])
let loadSeconds = Date().timeIntervalSince(t0)
t0 = Date()
let cold = plain.embeddings(texts)
let coldSeconds = Date().timeIntervalSince(t0)
print(String(format: "model checked and tokenizer read: %.2f s", loadSeconds))
print(
    String(
        format: "cold: %.1f s for %d labels, %.2f ms per label (%.2f ms per distinct label)", coldSeconds, texts.count,
        1000 * coldSeconds / Double(texts.count), 1000 * coldSeconds / Double(distinct)))
print("load average after: \(load())")

let cached = try SentenceEncoder(folder: args[1], cacheDirectory: cacheDir)
try cached.cache!.add(zip(texts, cold).map { ($0, $1) })
t0 = Date()
let warmEncoder = try SentenceEncoder(folder: args[1], cacheDirectory: cacheDir)
let openSeconds = Date().timeIntervalSince(t0)
let t1 = Date()
let warm = warmEncoder.embeddings(texts)
let lookupSeconds = Date().timeIntervalSince(t1)
let warmSeconds = Date().timeIntervalSince(t0)
print(
    String(
        format: "warm (cache): %.3f s for %d labels (model folder checked and cache opened: %.3f s, look-ups: %.3f s)",
        warmSeconds, texts.count, openSeconds, lookupSeconds))
print("warm equals cold: \(warm == cold)")
// A query touching a few hundred labels (a chain listing, a trace) pays this.
let few = Array(Set(texts).sorted().prefix(500))
t0 = Date()
let small = try SentenceEncoder(folder: args[1], cacheDirectory: cacheDir).embeddings(few)
print(
    String(
        format: "warm (cache), %d labels: %.3f s (model folder checked, cache opened, look-ups)", small.count,
        Date().timeIntervalSince(t0)))

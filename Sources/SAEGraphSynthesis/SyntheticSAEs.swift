import Foundation
import SAEGraph

/// What `saegraph synth` makes: SAEs whose decoder rows are random unit vectors, plus planted
/// chains — one direction carried through consecutive layers, rotated by a fixed angle and
/// perturbed by noise at every step — whose positions are recorded as ground truth.
public struct SynthesisPlan: Sendable, Equatable {
    public var layers: [Int]
    public var dSAE: Int
    public var dModel: Int
    /// Number of planted chains.
    public var chainCount: Int
    /// Layers each chain spans (at most `layers.count`); its first layer is drawn uniformly.
    public var chainLength: Int
    /// Angle in radians between consecutive directions of a chain before noise; the expected
    /// cosine of a hop is about `cos(rotation)`.
    public var rotation: Double
    /// Standard deviation of the isotropic noise added at each hop, relative to the unit
    /// direction (the noise vector has expected norm `noise`).
    public var noise: Double
    public var seed: UInt64
    /// Storage type of the written decoders.
    public var dtype: TensorDType
    /// With a value, every SAE also gets an encoder (`W_enc [d_model, d_sae]`): each feature's
    /// unit decoder row plus isotropic Gaussian noise of this expected norm, so planted chains
    /// stay recoverable from encoders too (``SyntheticSAEs/encoder(of:layer:plan:)``).
    public var encoderNoise: Double?

    public init(
        layers: [Int], dSAE: Int, dModel: Int, chainCount: Int = 100, chainLength: Int? = nil,
        rotation: Double = 0.45, noise: Double = 0.1, seed: UInt64 = 0, dtype: TensorDType = .f32,
        encoderNoise: Double? = nil
    ) {
        self.encoderNoise = encoderNoise
        self.layers = layers.sorted()
        self.dSAE = dSAE
        self.dModel = dModel
        self.chainCount = chainCount
        self.chainLength = chainLength ?? layers.count
        self.rotation = rotation
        self.noise = noise
        self.seed = seed
        self.dtype = dtype
    }

    /// Checks the plan can be carried out.
    public func validate() throws {
        guard !layers.isEmpty, Set(layers).count == layers.count, layers.allSatisfy({ $0 >= 0 }) else {
            throw SAEGraphError(.invalidArgument, "synthesis needs distinct non-negative layers, got \(layers)")
        }
        guard dSAE > 0, dModel >= 2 else {
            throw SAEGraphError(
                .invalidArgument, "synthesis needs d_sae ≥ 1 and d_model ≥ 2, got \(dSAE) and \(dModel)")
        }
        guard chainCount >= 0, chainCount <= dSAE else {
            throw SAEGraphError(.invalidArgument, "cannot plant \(chainCount) chains in \(dSAE) features per layer")
        }
        guard chainLength >= 1, chainLength <= layers.count else {
            throw SAEGraphError(
                .invalidArgument, "chain length \(chainLength) must be between 1 and the \(layers.count) layers")
        }
        guard rotation.isFinite, noise.isFinite, noise >= 0 else {
            throw SAEGraphError(.invalidArgument, "rotation and noise must be finite, noise non-negative")
        }
        if let encoderNoise, !(encoderNoise.isFinite && encoderNoise >= 0) {
            throw SAEGraphError(.invalidArgument, "encoder noise \(encoderNoise) must be finite and non-negative")
        }
    }
}

/// One planted chain: the features carrying it, and the exact (Double) cosine of each hop.
public struct PlantedChain: Sendable, Equatable {
    public var features: [FeatureID]
    public var similarities: [Double]
}

/// Generates synthetic SAEs deterministically from a ``SynthesisPlan``.
public enum SyntheticSAEs {
    /// Generates every layer in memory. Use for tests and small plans.
    /// - Complexity: O(layers × d_sae × d_model).
    public static func generate(_ plan: SynthesisPlan) throws -> (decoders: [DecoderMatrix], chains: [PlantedChain]) {
        var decoders: [DecoderMatrix] = []
        let chains = try generate(plan) { _, matrix in decoders.append(matrix) }
        return (decoders, chains)
    }

    /// The encoder of one layer under `plan` (nil without ``SynthesisPlan/encoderNoise``), one
    /// feature per row: decoder row `i` plus noise drawn from a generator of its own (seeded by
    /// the plan's seed and the layer), so decoders are the same with or without encoders.
    /// - Complexity: O(d_sae × d_model).
    public static func encoder(of decoder: DecoderMatrix, layer: Int, plan: SynthesisPlan) -> DecoderMatrix? {
        guard let noise = plan.encoderNoise else { return nil }
        var rng = SeededRandom(seed: plan.seed &+ 0xE4C0_0000 &+ UInt64(layer) &* 0x1_0003)
        let d = decoder.columns
        let scale = noise / Double(d).squareRoot()
        var values = decoder.withUnsafeValues(Array.init)
        for k in values.indices { values[k] = Float(Double(values[k]) + scale * rng.nextNormal()) }
        return DecoderMatrix(rows: decoder.rows, columns: d, values: values)
    }

    /// Writes one SAELens folder per layer (`blocks.L.hook_resid_pre/cfg.json` and
    /// `sae_weights.safetensors` holding `W_dec` and `b_dec`, with encoder noise also `W_enc`
    /// `[d_model, d_sae]` and `b_enc`) and `planted-chains.json` under `folder`, which is
    /// created if missing.
    @discardableResult
    public static func write(_ plan: SynthesisPlan, to folder: String, progress: ProgressHandler? = nil) throws
        -> [PlantedChain]
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var done = 0
        let chains = try generate(plan) { layer, matrix in
            let dir = "\(folder)/blocks.\(layer).hook_resid_pre"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            var writer = SafetensorsWriter()
            writer.add(
                .init(
                    name: "W_dec", shape: [plan.dSAE, plan.dModel], values: matrix.withUnsafeValues(Array.init),
                    dtype: plan.dtype))
            writer.add(
                .init(
                    name: "b_dec", shape: [plan.dModel], values: [Float](repeating: 0, count: plan.dModel),
                    dtype: plan.dtype))
            if let encoder = encoder(of: matrix, layer: layer, plan: plan) {
                // SAELens stores W_enc as [d_in, d_sae]: feature i is column i.
                let (n, d) = (plan.dSAE, plan.dModel)
                var transposed = [Float](repeating: 0, count: n * d)
                encoder.withUnsafeValues { v in
                    for i in 0..<n { for j in 0..<d { transposed[j * n + i] = v[i * d + j] } }
                }
                writer.add(.init(name: "W_enc", shape: [d, n], values: transposed, dtype: plan.dtype))
                writer.add(
                    .init(name: "b_enc", shape: [n], values: [Float](repeating: 0, count: n), dtype: plan.dtype))
            }
            try writer.write(to: "\(dir)/sae_weights.safetensors")
            try AtomicFile.write(config(plan, layer: layer), to: "\(dir)/cfg.json")
            done += 1
            progress?(ProgressEvent(stage: "synthesising", completed: done, total: plan.layers.count, unit: "layers"))
        }
        try AtomicFile.write(groundTruthJSON(plan, chains), to: "\(folder)/planted-chains.json")
        return chains
    }

    /// The ground-truth file's text.
    public static func groundTruthJSON(_ plan: SynthesisPlan, _ chains: [PlantedChain]) -> String {
        var s =
            "{\"seed\": \(plan.seed), \"layers\": \(plan.layers), \"d_sae\": \(plan.dSAE), \"d_model\": \(plan.dModel), "
        s += "\"rotation\": \(plan.rotation), \"noise\": \(plan.noise), \"chains\": [\n"
        s += chains.map { c in
            let f = c.features.map { "\"\($0)\"" }.joined(separator: ", ")
            let sims = c.similarities.map { String(format: "%.6f", $0) }.joined(separator: ", ")
            return "  {\"features\": [\(f)], \"similarities\": [\(sims)]}"
        }.joined(separator: ",\n")
        return s + "\n]}\n"
    }

    private static func config(_ plan: SynthesisPlan, layer: Int) -> String {
        let dtypeName: String =
            switch plan.dtype {
            case .f32: "float32"
            case .f16: "float16"
            case .bf16: "bfloat16"
            case .f64: "float64"
            }
        return """
            {
              "architecture": "standard",
              "d_in": \(plan.dModel),
              "d_sae": \(plan.dSAE),
              "dtype": "\(dtypeName)",
              "hook_name": "blocks.\(layer).hook_resid_pre",
              "hook_layer": \(layer),
              "model_name": "synthetic",
              "saegraph_synth": {"seed": \(plan.seed), "chains": \(plan.chainCount), "rotation": \(plan.rotation), "noise": \(plan.noise)}
            }

            """
    }

    /// Core generator: calls `emit` once per layer, in layer order, with that layer's decoder.
    private static func generate(_ plan: SynthesisPlan, emit: (Int, DecoderMatrix) throws -> Void) throws
        -> [PlantedChain]
    {
        try plan.validate()
        let d = plan.dModel
        var rng = SeededRandom(seed: plan.seed)
        // Where each chain starts, and its current direction.
        let starts = (0..<plan.chainCount).map { _ in Int(rng.next() % UInt64(plan.layers.count - plan.chainLength + 1))
        }
        var directions = [[Double]](repeating: [], count: plan.chainCount)
        var chains = (0..<plan.chainCount).map { _ in PlantedChain(features: [], similarities: []) }
        for (k, layer) in plan.layers.enumerated() {
            var layerRNG = SeededRandom(seed: plan.seed &+ 0x5A5A_0000 &+ UInt64(layer) &* 0x1_0001)
            let values = UnsafeMutablePointer<Float>.allocate(capacity: plan.dSAE * d)
            let buffer = UnsafeMutableBufferPointer(start: values, count: plan.dSAE * d)
            layerRNG.fillNormal(buffer)
            for r in 0..<plan.dSAE { normalize(buffer, row: r, d: d) }
            // Distinct feature slots for the chains active in this layer.
            var slots = Array(0..<plan.dSAE)
            for c in 0..<plan.chainCount {
                guard k >= starts[c], k < starts[c] + plan.chainLength else { continue }
                let j = c + Int(rng.next() % UInt64(plan.dSAE - c))
                slots.swapAt(c, j)
                let slot = slots[c]
                let next: [Double]
                if directions[c].isEmpty {
                    next = unit((0..<d).map { _ in rng.nextNormal() })
                } else {
                    next = step(directions[c], plan: plan, rng: &rng)
                    chains[c].similarities.append(dot(directions[c], next))
                }
                directions[c] = next
                chains[c].features.append(FeatureID(layer: layer, index: slot))
                for i in 0..<d { buffer[slot * d + i] = Float(next[i]) }
            }
            try emit(
                layer,
                DecoderMatrix(
                    rows: plan.dSAE, columns: d, storage: FloatStorage(adopting: values, count: plan.dSAE * d)))
        }
        return chains
    }

    /// Rotates `v` by the plan's angle towards a random orthogonal direction, adds noise, renormalises.
    private static func step(_ v: [Double], plan: SynthesisPlan, rng: inout SeededRandom) -> [Double] {
        let d = v.count
        var u = (0..<d).map { _ in rng.nextNormal() }
        let proj = dot(u, v)
        for i in 0..<d { u[i] -= proj * v[i] }
        u = unit(u)
        let c = _cosine(plan.rotation)
        let s = _sine(plan.rotation)
        let scale = plan.noise / Double(d).squareRoot()
        return unit((0..<d).map { i in c * v[i] + s * u[i] + scale * rng.nextNormal() })
    }

    private static func normalize(_ b: UnsafeMutableBufferPointer<Float>, row r: Int, d: Int) {
        var ss = 0.0
        for i in 0..<d { ss += Double(b[r * d + i]) * Double(b[r * d + i]) }
        let inv = ss > 0 ? 1 / ss.squareRoot() : 0
        for i in 0..<d { b[r * d + i] = Float(Double(b[r * d + i]) * inv) }
    }

    private static func unit(_ v: [Double]) -> [Double] {
        let n = dot(v, v).squareRoot()
        return v.map { $0 / n }
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}

private func _cosine(_ x: Double) -> Double { cos(x) }
private func _sine(_ x: Double) -> Double { sin(x) }

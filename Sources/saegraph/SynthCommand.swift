import ArgumentParser
import Foundation
import SAEGraph
import SAEGraphDiagrams
import SAEGraphSynthesis

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write synthetic SAEs with planted chains (for benchmarks and checks).",
        discussion: """
            Decoder rows are random unit vectors; each planted chain carries one direction \
            through consecutive layers, rotated by --rotation radians and perturbed by --noise \
            at every hop. Writes SAELens folders blocks.L.hook_resid_pre/ and the ground truth \
            planted-chains.json. Seeded and deterministic.

            Example (GPT-2-small scale):
              saegraph synth -o synth --layers 6-9 --d-sae 24576 --d-model 768 --chains 200
            """)

    @Option(name: .shortAndLong, help: "Folder to write (created if missing).")
    var output: String

    @Option(help: "Layers, e.g. 6-9 or 6,7,8,9.")
    var layers: String = "6-9"

    @Option(name: .customLong("d-sae"), help: "Features per layer.")
    var dSAE: Int = 4096

    @Option(name: .customLong("d-model"), help: "Dimension of each decoder row.")
    var dModel: Int = 768

    @Option(help: "Number of planted chains.")
    var chains: Int = 100

    @Option(name: .customLong("chain-length"), help: "Layers each planted chain spans (default: all).")
    var chainLength: Int?

    @Option(help: "Rotation per hop in radians (hop cosine ≈ cos(rotation)).")
    var rotation: Double = 0.45

    @Option(help: "Noise added per hop (expected norm, relative to the unit direction).")
    var noise: Double = 0.1

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Storage dtype: F32, F16, BF16 or F64.")
    var dtype: String = "F32"

    @Flag(help: "Also write encoders (W_enc [d_model, d_sae]): each feature's decoder row plus --encoder-noise.")
    var encoders = false

    @Option(
        name: .customLong("encoder-noise"),
        help: "With --encoders: expected norm of the Gaussian noise added to each decoder row.")
    var encoderNoise = 0.5

    @Flag(help: "No progress output.")
    var quiet = false

    func run() throws {
        guard let dt = TensorDType(rawValue: dtype.uppercased()) else {
            throw ValidationError("--dtype must be F32, F16, BF16 or F64, got '\(dtype)'")
        }
        let plan = SynthesisPlan(
            layers: try LayerSelection(parsing: layers).layers, dSAE: dSAE, dModel: dModel,
            chainCount: chains, chainLength: chainLength, rotation: rotation, noise: noise, seed: seed, dtype: dt,
            encoderNoise: encoders ? encoderNoise : nil)
        let planted = try SyntheticSAEs.write(plan, to: output, progress: ProgressBar.handler(quiet: quiet))
        CLIOutput.out(
            "wrote \(plan.layers.count) SAEs (\(dSAE) × \(dModel), \(dt.rawValue)\(encoders ? ", with encoders" : "")) and \(planted.count) planted chains to \(output)\n"
        )
    }
}

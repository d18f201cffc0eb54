import Foundation
import Testing

@testable import SAEGraph
@testable import SAEGraphSynthesis

@Suite struct SyntheticSAEsTests {
    let plan = SynthesisPlan(
        layers: [2, 3, 4], dSAE: 300, dModel: 64, chainCount: 12, rotation: 0.45, noise: 0.1, seed: 42)

    @Test func isDeterministic() throws {
        let a = try SyntheticSAEs.generate(plan)
        let b = try SyntheticSAEs.generate(plan)
        #expect(a.chains == b.chains)
        for (x, y) in zip(a.decoders, b.decoders) {
            #expect(x.withUnsafeValues(Array.init) == y.withUnsafeValues(Array.init))
        }
        var other = plan
        other.seed = 43
        #expect(try SyntheticSAEs.generate(other).chains != a.chains)
    }

    @Test func rowsAreUnitAndChainsHaveTheirCosines() throws {
        let (decoders, chains) = try SyntheticSAEs.generate(plan)
        #expect(decoders.count == 3)
        for m in decoders {
            for r in 0..<m.rows {
                let norm = m.row(r).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                #expect(abs(norm - 1) < 1e-5)
            }
        }
        #expect(chains.count == 12)
        for c in chains {
            #expect(c.features.map(\.layer) == [2, 3, 4])
            #expect(c.similarities.count == 2)
            for (k, s) in c.similarities.enumerated() {
                // The recorded cosine is the one between the stored rows.
                let a = decoders[k].row(c.features[k].index)
                let b = decoders[k + 1].row(c.features[k + 1].index)
                let stored = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                #expect(abs(stored - s) < 1e-5)
                // cos(0.45) ≈ 0.90; noise 0.1 lowers it only a little.
                #expect(s > 0.8 && s < 0.95)
            }
        }
        // Chains occupy distinct slots within a layer.
        for k in 0..<3 {
            let slots = chains.map { $0.features[k].index }
            #expect(Set(slots).count == slots.count)
        }
    }

    @Test func rejectsImpossiblePlans() {
        #expect(throws: SAEGraphError.self) {
            try SynthesisPlan(layers: [1], dSAE: 5, dModel: 8, chainCount: 6).validate()
        }
        #expect(throws: SAEGraphError.self) { try SynthesisPlan(layers: [1, 1], dSAE: 5, dModel: 8).validate() }
        #expect(throws: SAEGraphError.self) {
            try SynthesisPlan(layers: [1, 2], dSAE: 5, dModel: 8, chainCount: 1, chainLength: 3).validate()
        }
    }

    @Test func halfPrecisionRoundsToNearestEven() {
        #expect(HalfPrecision.halfBits(1.0) == 0x3c00)
        #expect(HalfPrecision.halfBits(-2.0) == 0xc000)
        #expect(HalfPrecision.halfBits(65504) == 0x7bff)
        #expect(HalfPrecision.halfBits(65520) == 0x7c00)  // rounds up to infinity
        #expect(HalfPrecision.halfBits(Float(bitPattern: 0x3380_0000)) == 0x0001)  // 2^-24, smallest subnormal
        #expect(HalfPrecision.halfBits(Float(bitPattern: 0x3300_0000)) == 0x0000)  // 2^-25 ties to even (0)
        #expect(HalfPrecision.halfBits(1 + 0x1p-11) == 0x3c00)  // tie, even stays
        #expect(HalfPrecision.halfBits(1 + 3 * 0x1p-11) == 0x3c02)  // tie, odd rounds up
        #expect(HalfPrecision.halfBits(.nan) & 0x7c00 == 0x7c00)
        #expect(HalfPrecision.bfloat16Bits(1.0) == 0x3f80)
        #expect(HalfPrecision.bfloat16Bits(Float(bitPattern: 0x3f80_8000)) == 0x3f80)  // tie to even
        #expect(HalfPrecision.bfloat16Bits(Float(bitPattern: 0x3f81_8000)) == 0x3f82)
    }
}

@Suite struct SafetensorsWriterTests {
    @Test(arguments: TensorDType.allCases)
    func writtenFoldersLoadBackExactly(_ dtype: TensorDType) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sg-synth-\(dtype.rawValue)-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = SynthesisPlan(layers: [6, 7], dSAE: 40, dModel: 16, chainCount: 3, seed: 9, dtype: dtype)
        let chains = try SyntheticSAEs.write(plan, to: dir)
        let (reference, _) = try SyntheticSAEs.generate(plan)
        let loaded = try SAELoader.loadAll([SAESource(path: dir)], layers: nil)
        #expect(loaded.map(\.layer) == [6, 7])
        for (sae, ref) in zip(loaded, reference) {
            #expect(sae.info.dtype == dtype)
            #expect(sae.info.hookName == "blocks.\(sae.layer).hook_resid_pre")
            let expected: [Float] = ref.withUnsafeValues { v in
                v.map { x in
                    switch dtype {
                    case .f32, .f64: x
                    case .f16: Float(Float16(bitPattern: HalfPrecision.halfBits(x)))
                    case .bf16: Float(bitPattern: UInt32(HalfPrecision.bfloat16Bits(x)) << 16)
                    }
                }
            }
            #expect(sae.decoder.withUnsafeValues(Array.init) == expected)
        }
        let truth = try String(contentsOfFile: dir + "/planted-chains.json", encoding: .utf8)
        #expect(truth.contains("\"\(chains[0].features[0])\""))
    }
}

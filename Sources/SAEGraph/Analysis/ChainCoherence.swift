/// The label-coherence notes of one chain: its mean label similarity and each hop's, computed
/// once; the chain listing formats them.
struct ChainCoherence {
    /// Mean label similarity over the chain's hops (``LabelCoherence/chainCoherence(_:)``).
    var coherence: Double?
    /// One per hop, parallel to `chain.similarities`; empty without a ``LabelCoherence``.
    var hops: [HopCoherence]
    let shown: Bool
    let hopCount: Int
    /// The measure's name (``LabelCoherence/measureName``); nil without coherence.
    let measure: String?

    init(_ chain: Chain, _ c: LabelCoherence?) {
        shown = c != nil
        measure = c?.measureName
        hopCount = chain.similarities.count
        coherence = c?.chainCoherence(chain.features)
        hops =
            c.map { c in
                chain.similarities.indices.map {
                    c.hop(chain.features[$0], chain.features[$0 + 1], similarity: chain.similarities[$0])
                }
            } ?? []
    }
}

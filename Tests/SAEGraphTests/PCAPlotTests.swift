import Foundation
import Testing

@testable import SAEGraph
@testable import SAEGraphDiagrams

/// The PCA plot as PNG and PDF through Graphviz's cairo renderer (Graphviz: serialized).
@Suite(.serialized) struct PCAPlotTests {
    static func pca() throws -> DecoderPCA {
        try DecoderPCA.compute(DecoderPCATests.saes(), highlight: [FeatureID(layer: 4, index: 3)])
    }

    @Test func pngIsTheCanvasAt144Dpi() throws {
        let png = try PCAPlot.data(Self.pca(), format: "png")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // IHDR: width and height, big-endian, at bytes 16..<24: the 840 × 640 pt canvas at 2×.
        let be = { (o: Int) in png[o..<(o + 4)].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be(16) == 1680 && be(20) == 1280)
    }

    @Test func pdfIsOnePageOfTheCanvasSize() throws {
        let pdf = try PCAPlot.data(Self.pca(), format: "PDF")
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.contains("/MediaBox [ 0 0 840 640 ]"))
    }

    @Test func writeTakesTheFormatFromTheExtension() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pca = try Self.pca()
        for ext in ["svg", "png", "pdf"] {
            let path = dir.appendingPathComponent("pca.\(ext)").path
            try PCAPlot.write(pca, to: path)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == PCAPlot.data(pca, format: ext))
        }
        let e = #expect(throws: SAEGraphError.self) {
            try PCAPlot.write(pca, to: dir.appendingPathComponent("p.jpg").path)
        }
        #expect(e?.message.hasSuffix("the PCA plot is written as .svg, .png or .pdf (named by the extension)") == true)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["pca.pdf", "pca.png", "pca.svg"])
    }

    @Test func graphvizLabelsDrawTextVerbatim() {
        #expect(PlotCanvas.plainLabel(#"a\nb & c"#) == #"a\\nb &amp; c"#)
    }
}

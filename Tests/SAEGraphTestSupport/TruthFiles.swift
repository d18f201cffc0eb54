import Foundation

/// Writes tiny truth files into a fresh folder.
package func writeTruthFiles(_ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("truth-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
    return dir.path
}

package let truthHeader = "source_layer,source_feature,target_layer,target_feature,correlation,rank\n"

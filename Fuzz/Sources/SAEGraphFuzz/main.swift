import Foundation

@testable import SAEGraph

// Built with -parse-as-library: no top-level code here. SwiftPM links an executable target's
// entry point as `SAEGraphFuzz_main` (`--defsym main=SAEGraphFuzz_main`), so this function
// is the program's main and hands over to libFuzzer's driver.

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("SAEGraphFuzz_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    _ = selected  // an unknown FUZZ_TARGET stops here, before fuzzing starts
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
}

/// Runs the target named by `FUZZ_TARGET` on one input. Errors the library throws are the
/// expected answer to bad input; only crashes count.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    do {
        try selected(data)
    } catch is SAEGraphError {
    } catch {
        // Foundation errors (e.g. writing the scratch file) are not findings either.
    }
    return 0
}

private let selected: @Sendable (Data) throws -> Void = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.all[name] else {
        let names = FuzzTargets.all.keys.sorted().joined(separator: ", ")
        FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

/// Every error the library throws: a kind a caller can switch on and a one-line message a
/// user can act on (it names the file, tensor, shape, line or feature at fault and says what
/// was expected).
public struct SAEGraphError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// A file or folder does not exist or cannot be read.
        case fileNotFound
        /// A file's bytes do not follow its format (truncated, bad header, bad offsets).
        case malformedFile
        /// A well-formed input the tool does not handle (a dtype, a compression method).
        case unsupported
        /// Shapes disagree: config vs tensor, d_model across layers, orientation.
        case shapeMismatch
        /// Two inputs claim the same thing (two SAEs for one layer).
        case conflict
        /// A layer that was asked for is not in the inputs or the graph.
        case unknownLayer
        /// A feature id that is not in the graph.
        case unknownFeature
        /// A command-line value or option combination that cannot work.
        case invalidArgument
        /// Writing an output failed.
        case writeFailed
        /// A C library (BLAS, Graphviz, zlib) reported a failure.
        case library
        /// A selection is too large to do what was asked (e.g. to draw).
        case tooLarge
    }

    public var kind: Kind
    public var message: String

    /// - Parameter message: made one printable line of at most 300 characters
    ///   (``ErrorText/oneLine(_:)``): control bytes from a file are shown as escapes.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = ErrorText.oneLine(message)
    }

    public var description: String { message }
}

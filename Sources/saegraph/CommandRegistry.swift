import ArgumentParser

/// The subcommands, in the order `saegraph --help` lists them.
enum CommandRegistry {
    static let all: [ParsableCommand.Type] = [
        EdgesCommand.self,
    ]
}

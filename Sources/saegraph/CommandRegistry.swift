import ArgumentParser

/// The subcommands, in the order `saegraph --help` lists them.
enum CommandRegistry {
    static let all: [ParsableCommand.Type] = [
        InspectCommand.self,
        BuildCommand.self,
        MergeCommand.self,
        EdgesCommand.self,
        PairsCommand.self,
        ExportCommand.self,
        ChainsCommand.self,
        ComponentsCommand.self,
        HubsCommand.self,
        TraceCommand.self,
        StatsCommand.self,
        EvaluateCommand.self,
        RenderCommand.self,
        ReportCommand.self,
        PCACommand.self,
        SynthCommand.self,
    ]
}

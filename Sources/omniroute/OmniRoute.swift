import ArgumentParser

struct OmniRoute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omniroute",
        abstract: "An AI gateway and workbench: one endpoint for the OpenAI, Anthropic, Gemini and Responses formats.",
        subcommands: [ServeCommand.self, MockUpstreamCommand.self, SimulateCommand.self, TranslateCommand.self, BenchCommand.self, CheckConfigCommand.self]
    )

    /// What `@main` does for an AsyncParsableCommand, as a function main.swift can call after
    /// its own set-up.
    static func start() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

extension WireFormatArgument: ExpressibleByArgument {}

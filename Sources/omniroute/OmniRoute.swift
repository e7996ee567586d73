import ArgumentParser

@main
struct OmniRoute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omniroute",
        abstract: "An AI gateway and workbench: one endpoint for the OpenAI, Anthropic, Gemini and Responses formats.",
        subcommands: [ServeCommand.self, MockUpstreamCommand.self, TranslateCommand.self, BenchCommand.self, CheckConfigCommand.self]
    )
}

extension WireFormatArgument: ExpressibleByArgument {}

import ArgumentParser

@main
struct OmniRoute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "omniroute",
        abstract: "An AI gateway and workbench: one endpoint for the OpenAI, Anthropic, Gemini and Responses formats.",
        subcommands: [TranslateCommand.self, BenchCommand.self, CheckConfigCommand.self]
    )
}

extension WireFormatArgument: ExpressibleByArgument {}

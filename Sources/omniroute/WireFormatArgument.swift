import ArgumentParser
import OmniCore

/// `--from`/`--to` values: openai, anthropic, gemini, responses.
struct WireFormatArgument: Sendable {
    let format: WireFormat

    init?(argument: String) {
        guard let format = WireFormat(rawValue: argument.lowercased()) else { return nil }
        self.format = format
    }

    static var allValueStrings: [String] { WireFormat.allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

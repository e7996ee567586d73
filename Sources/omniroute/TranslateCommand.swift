import ArgumentParser
import Foundation
import OmniCore

struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate a request (or with --response a whole response) from one wire format to another.",
        discussion: """
            Reads JSON on standard input and writes the translated JSON on standard output.
            Formats: openai (Chat Completions), anthropic (Messages), gemini (generateContent),
            responses (OpenAI Responses). Bad input exits 1 with one line on standard error
            naming the JSON path, what was expected and what was found.
            """
    )

    @Option(help: "The format of the input: openai, anthropic, gemini or responses.")
    var from: WireFormatArgument

    @Option(help: "The format to write: openai, anthropic, gemini or responses.")
    var to: WireFormatArgument

    @Flag(help: "The input is a whole (non-streaming) response, not a request.")
    var response = false

    @Option(help: "Set the model name of the output (gemini bodies carry none).")
    var model: String?

    @Flag(help: "Indent the output for people.")
    var pretty = false

    @Flag(help: "With --response: the input is an upstream SSE stream; write the client's stream as it goes.")
    var stream = false

    func validate() throws {
        if stream && !response { throw ValidationError("--stream translates a streamed response: add --response") }
        if stream && pretty { throw ValidationError("--pretty does not apply to --stream") }
    }

    /// Reads stdin as it arrives and writes each translated event at once; exits 1 after
    /// the error event when the upstream stream was cut or broken.
    func runStream() throws {
        var translator = StreamTranslator(from: from.format, to: to.format, model: model)
        let input = FileHandle.standardInput
        while true {
            let data = input.availableData
            if data.isEmpty { break }
            let out = translator.feed([UInt8](data))
            if !out.isEmpty { FileHandle.standardOutput.write(Data(out)) }
        }
        let tail = translator.finish()
        if !tail.isEmpty { FileHandle.standardOutput.write(Data(tail)) }
        if case .failed(let error)? = translator.outcome {
            FileHandle.standardError.write(Data("omniroute translate: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    func run() throws {
        if stream { return try runStream() }
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let kind: PayloadKind = response ? .response : .request
        do {
            // The gateway's own path: bytes in, bytes out (tool schemas pass through as they came).
            var bytes = try Translator.translate(input, kind: kind, from: from.format, to: to.format, model: model)
            if pretty, let out = try? JSONParser.parse(bytes) { bytes = Array(JSONWriter.pretty(out).utf8) }
            bytes.append(0x0A)
            FileHandle.standardOutput.write(Data(bytes))
        } catch let error as TranslationError {
            FileHandle.standardError.write(Data("omniroute translate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

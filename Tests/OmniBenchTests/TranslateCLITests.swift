import Foundation
import Testing

/// `omniroute translate` and `--help` end to end: the built binary, real stdin/stdout/stderr.
@Suite("omniroute CLI")
struct TranslateCLITests {
    /// The `omniroute` built beside this test bundle (SwiftPM puts every product in one folder).
    static let binary: URL? = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("omniroute")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }()

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func run(_ arguments: [String], stdin: String = "") throws -> Run {
        let binary = try #require(Self.binary, "build the omniroute product first (swift build --build-tests builds it)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func aRequestIsTranslatedOnStdout() throws {
        let result = try run(["translate", "--from", "openai", "--to", "anthropic"],
                             stdin: #"{"model":"gpt-4.1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}"#)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["system"] as? String == "Be brief.")
        #expect(json?["max_tokens"] as? Int == 4096)
    }

    @Test func aWholeResponseIsTranslatedWithTheResponseFlag() throws {
        let result = try run(["translate", "--from", "anthropic", "--to", "openai", "--response"],
                             stdin: #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hallo"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}"#)
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let choice = (json?["choices"] as? [[String: Any]])?.first
        #expect(choice?["finish_reason"] as? String == "stop")
        #expect((choice?["message"] as? [String: Any])?["content"] as? String == "Hallo")
    }

    @Test func badInputExitsNonZeroWithOneLineNamingThePath() throws {
        let result = try run(["translate", "--from", "openai", "--to", "gemini"],
                             stdin: #"{"model":"m","messages":[{"role":"user","content":5}]}"#)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "omniroute translate: messages[0].content: expected string, array or null, found number 5\n")
    }

    @Test func malformedJSONExitsNonZeroWithLineAndColumn() throws {
        let result = try run(["translate", "--from", "anthropic", "--to", "openai"], stdin: "{\"model\": \"m\",\n  \"messages\": [}")
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("omniroute translate: invalid JSON at line 2, column 16:"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["--help"], ["translate", "--help"], ["bench", "--help"]])
    func everySubcommandHasHelp(arguments: [String]) throws {
        let result = try run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE:"))
    }

    @Test func anUnknownFormatIsRejected() throws {
        let result = try run(["translate", "--from", "cohere", "--to", "openai"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("cohere"))
    }
}

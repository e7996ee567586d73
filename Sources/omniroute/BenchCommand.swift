import ArgumentParser
import Foundation
import OmniBench
import OmniCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run every translation fixture and corpus body in all 16 directions; write JUnit XML.",
        discussion: """
            Fixtures: one folder a case, the same exchange in each format (docs/fixtures.md);
            each file is translated into every format and compared with that format's file.
            Corpus: real captures; same-format decode/encode must lose nothing, and every
            other direction must be stable after one round trip. Exits 1 on any failure.
            """
    )

    @Option(help: "The fixtures folder.")
    var fixtures = "Fixtures"

    @Option(help: "The corpus folder (default: ../shared/corpus when it exists).")
    var corpus: String?

    @Flag(help: "Skip the corpus.")
    var noCorpus = false

    @Option(help: "Write JUnit XML here.")
    var junit: String?

    @Option(help: "Print at most this many failures.")
    var showFailures = 40

    func run() throws {
        let cases = try FixtureCase.loadAll(root: fixtures)
        var corpusCases: [CorpusCase] = []
        var corpusStreams: [StreamInput] = []
        var skipped = 0
        let corpusRoot = corpus ?? (FileManager.default.fileExists(atPath: "../shared/corpus") ? "../shared/corpus" : nil)
        if !noCorpus, let corpusRoot {
            let loaded = try CorpusLoader.load(root: corpusRoot)
            corpusCases = loaded.cases
            let streams = try CorpusLoader.loadStreams(root: corpusRoot)
            corpusStreams = streams.streams.map {
                StreamInput(name: $0.id, format: $0.format, bytes: $0.bytes, expectsError: $0.expectsError)
            }
            skipped = loaded.skipped.count - corpusStreams.count
        }
        let streams = try StreamFixtures.load(root: fixtures)
        let requestCases = cases.count(where: { $0.kind == .request })
        print("bench: \(requestCases) request and \(cases.count - requestCases) response fixtures, "
              + "\(corpusCases.count) corpus bodies (\(skipped) skipped: errors, other APIs), 16 directions each; "
              + "\(streams.count) fixture and \(corpusStreams.count) corpus streams, 4 targets each, whole and split")
        let runner = BenchRunner(fixtures: cases, corpus: corpusCases, streams: streams, corpusStreams: corpusStreams)
        let isTTY = isatty(STDERR_FILENO) == 1
        var lastPrinted = 0
        let report = runner.run { done, total in
            if isTTY {
                FileHandle.standardError.write(Data("\r\(done)/\(total) checks".utf8))
            } else if done - lastPrinted >= total / 10 || done == total {
                lastPrinted = done
                FileHandle.standardError.write(Data("\(done)/\(total) checks\n".utf8))
            }
        }
        if isTTY { FileHandle.standardError.write(Data("\n".utf8)) }
        for (suite, results) in report.suites {
            let failed = results.filter { !$0.passed }
            let padded = suite.padding(toLength: max(44, suite.count), withPad: " ", startingAt: 0)
            print("\(padded) \(results.count - failed.count)/\(results.count)")
        }
        let failures = report.results.filter { !$0.passed }
        for failure in failures.prefix(showFailures) {
            print("FAIL \(failure.suite) \(failure.name): \(failure.failure ?? "")")
        }
        if failures.count > showFailures { print("… and \(failures.count - showFailures) more failures") }
        if let junit {
            let url = URL(fileURLWithPath: junit)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JUnitXML.render(report).write(to: url, atomically: true, encoding: .utf8)
            print("bench: JUnit XML written to \(junit)")
        }
        print("bench: " + report.summaryLine)
        if report.failed > 0 { throw ExitCode(1) }
    }
}

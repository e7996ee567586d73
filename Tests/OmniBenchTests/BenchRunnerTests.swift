import Foundation
import OmniCore
import Testing

@testable import OmniBench

private let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A copy of one real fixture case in a temporary folder, so a test can damage it.
private func copyOfFixture(_ name: String) throws -> (root: URL, folder: URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("omni-bench-\(UUID().uuidString)")
    let folder = root.appendingPathComponent("requests").appendingPathComponent(name)
    try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: repoRoot.appendingPathComponent("Fixtures/requests/\(name)"), to: folder)
    return (root, folder)
}

@Test func aRealFixtureCasePassesInAllSixteenDirections() throws {
    let (root, _) = try copyOfFixture("tool-loop-weather")
    defer { try? FileManager.default.removeItem(at: root) }
    let report = BenchRunner(fixtures: try FixtureCase.loadAll(root: root.path), corpus: []).run()
    #expect(report.results.count == 16)
    #expect(report.failed == 0, "\(report.results.compactMap(\.failure))")
}

@Test func aWrongExpectedFileFailsWithThePathOfTheFirstDifference() throws {
    let (root, folder) = try copyOfFixture("tool-loop-weather")
    defer { try? FileManager.default.removeItem(at: root) }
    let file = folder.appendingPathComponent("anthropic.json")
    var json = try JSONParser.parse([UInt8](Data(contentsOf: file)))
    guard case .object(var top) = json else { Issue.record("not an object"); return }
    top["temperature"] = .number(JSONNumber(literal: "0.123"))
    json = .object(top)
    try Data(JSONWriter.encode(json)).write(to: file)

    let report = BenchRunner(fixtures: try FixtureCase.loadAll(root: root.path), corpus: []).run()
    let failures = report.results.filter { !$0.passed }
    // Every direction into and out of anthropic now differs (the file is both an input and an
    // expectation), and only those; anthropic -> anthropic still round-trips.
    let others = WireFormat.allCases.filter { $0 != .anthropic }.map(\.rawValue)
    let expected = Set(others.map { "requests/\($0)-to-anthropic" } + others.map { "requests/anthropic-to-\($0)" })
    #expect(Set(failures.map(\.suite)) == expected)
    let into = failures.filter { $0.suite.hasSuffix("-to-anthropic") }
    #expect(into.allSatisfy { $0.failure?.hasPrefix("temperature: expected 0.123") == true }, "\(into.map(\.failure))")
    #expect(failures.allSatisfy { $0.failure?.contains("emperature") == true }, "\(failures.map(\.failure))")
}

@Test func lossyPathsAreSetAsideOnlyForTheirDirection() throws {
    let rules = try LossyRules(lossyFile: JSONParser.parse(#"{"ignore": {"openai->*": ["messages[*].name"], "*->gemini": ["generationConfig.seed"]}}"#))
    #expect(rules.paths(from: .openai, to: .anthropic).map(\.description) == ["messages[*].name"])
    #expect(rules.paths(from: .anthropic, to: .gemini).map(\.description) == ["generationConfig.seed"])
    #expect(rules.paths(from: .anthropic, to: .openai).isEmpty)
    let pattern = try JSONPathPattern("messages[*].name")
    let value = try JSONParser.parse(#"{"messages":[{"name":"a","role":"user"},{"role":"assistant"}]}"#)
    #expect(pattern.removing(from: value) == (try JSONParser.parse(#"{"messages":[{"role":"user"},{"role":"assistant"}]}"#)))
}

@Test func aFilterStepRemovesOnlyTheMatchingElements() throws {
    let pattern = try JSONPathPattern("messages[*].content[?type=thinking]")
    let value = try JSONParser.parse(#"{"messages":[{"content":[{"type":"thinking","thinking":"t"},{"type":"text","text":"a"}]}]}"#)
    #expect(pattern.removing(from: value) == (try JSONParser.parse(#"{"messages":[{"content":[{"type":"text","text":"a"}]}]}"#)))
}

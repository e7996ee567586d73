import Foundation
import OmniCore

/// Loads the shared wire-format corpus (`../shared/corpus`, see its README) into
/// request and whole-response cases. Everything the corpus holds is accounted
/// for: a data file either yields cases or appears in `skipped` with a reason.
public enum CorpusLoader {
    public struct RootNotFound: Error, CustomStringConvertible {
        public var root: String
        public var description: String { "corpus root not found: \(root)" }
    }

    /// Every request and whole-response JSON body found under `root` (../shared/corpus), classified by wire format.
    public static func load(root: String) throws -> (cases: [CorpusCase], skipped: [CorpusSkip]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RootNotFound(root: root)
        }
        var collector = CorpusCollector()
        for path in try dataFiles(under: root) {
            try add(CorpusFile(root: root, path: path), to: &collector)
        }
        // Sorted so runs (and reports built from them) are deterministic.
        return (collector.cases.sorted { $0.id < $1.id }, collector.skipped.sorted { $0.id < $1.id })
    }

    /// Relative paths of regular files, minus the README and LICENSE files, which are documentation.
    private static func dataFiles(under root: String) throws -> [String] {
        let fm = FileManager.default
        return try fm.subpathsOfDirectory(atPath: root).filter { path in
            var isDirectory: ObjCBool = false
            let name = path.split(separator: "/").last ?? ""
            return fm.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
                && !isDirectory.boolValue && name != "LICENSE" && name != "README.md"
        }.sorted()
    }

    private static func add(_ file: CorpusFile, to collector: inout CorpusCollector) throws {
        let path = file.path
        switch path.split(separator: "/").first ?? "" {
        case "kong":
            try KongSource.add(file, to: &collector)
        case "envoy-ai-gateway" where path.hasSuffix(".yaml"):
            try CassetteSources.addEnvoy(file, to: &collector)
        case "pydantic-ai" where path.hasSuffix(".yaml"):
            try CassetteSources.addPydantic(file, to: &collector)
        case "anthropic-sdk-python" where path.contains("/__inline_snapshot__/") && path.hasSuffix(".json"):
            try AnthropicSnapshotSource.add(file, to: &collector)
        case "anthropic-sdk-python" where path.hasSuffix(".txt") || path.hasSuffix(".sse"):
            collector.skip(path, SkipReason.stream)  // raw SSE fixtures
        case "firebase-vertexai-sdk-test-data" where file.name.hasPrefix("unary-") && path.hasSuffix(".json"):
            // generateContent bodies or Google error bodies; the collector sorts them out.
            collector.add(id: path, file: path, format: .gemini, kind: .response, body: try file.bytes())
        case "firebase-vertexai-sdk-test-data" where file.name.hasPrefix("streaming-"):
            collector.skip(path, SkipReason.stream)
        case "openai-python" where path.hasSuffix(".bin"):
            collector.skip(path, SkipReason.stream)  // raw Chat Completions SSE captures
        default:
            collector.skip(path, SkipReason.unrecognized)
        }
    }
}

/// A file in the corpus: its path relative to the root (the case id) and its contents.
struct CorpusFile {
    var root: String
    var path: String

    var name: Substring { path.split(separator: "/").last ?? "" }

    func bytes() throws -> [UInt8] {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        return [UInt8](try Data(contentsOf: url))
    }

    func text() throws -> String {
        String(decoding: try bytes(), as: UTF8.self)
    }
}

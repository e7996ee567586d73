import Foundation
import OmniCore

/// Loads the shared wire-format corpus (`../shared/corpus`, see its README) into
/// request and whole-response cases (`load`) and SSE response bodies (`loadStreams`).
/// Everything the corpus holds is accounted for by `load`: a data file either yields
/// cases or appears in `skipped` with a reason (stream bodies included).
public enum CorpusLoader {
    public struct RootNotFound: Error, CustomStringConvertible {
        public var root: String
        public var description: String { "corpus root not found: \(root)" }
    }

    /// Every request and whole-response JSON body found under `root` (../shared/corpus), classified by wire format.
    public static func load(root: String) throws -> (cases: [CorpusCase], skipped: [CorpusSkip]) {
        let collector = try collect(root: root)
        // Sorted so runs (and reports built from them) are deterministic.
        return (collector.cases.sorted { $0.id < $1.id }, collector.skipped.sorted { $0.id < $1.id })
    }

    /// Every SSE response body found under `root`, classified by wire format, with
    /// whether it is a complete, successful stream. `skipped` lists only stream-like
    /// files and bodies that are not returned (Kong's framing fixtures and single
    /// frames, SSE bodies of non-2xx responses); JSON files are `load`'s business.
    public static func loadStreams(root: String) throws -> (streams: [CorpusStream], skipped: [CorpusSkip]) {
        let collector = try collect(root: root)
        return (collector.streams.sorted { $0.id < $1.id }, collector.skippedStreams.sorted { $0.id < $1.id })
    }

    /// One walk over the corpus feeds both `load` and `loadStreams`, so a file is
    /// classified in one place whichever list it ends up in.
    private static func collect(root: String) throws -> CorpusCollector {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RootNotFound(root: root)
        }
        var collector = CorpusCollector()
        for path in try dataFiles(under: root) {
            try add(CorpusFile(root: root, path: path), to: &collector)
        }
        return collector
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
            // Raw Messages SSE: lib/streaming/fixtures/*.txt and fixtures/fable-fallback/*.sse.
            collector.addStream(id: path, format: .anthropic, bytes: try file.bytes())
        case "firebase-vertexai-sdk-test-data" where file.name.hasPrefix("unary-") && path.hasSuffix(".json"):
            // generateContent bodies or Google error bodies; the collector sorts them out.
            collector.add(id: path, file: path, format: .gemini, kind: .response, body: try file.bytes())
        case "firebase-vertexai-sdk-test-data" where file.name.hasPrefix("streaming-"):
            // `streamGenerateContent?alt=sse` bodies; a few failure mocks are a bare Google error JSON.
            collector.addStream(id: path, format: .gemini, bytes: try file.bytes())
        case "openai-python" where path.hasSuffix(".bin"):
            collector.addStream(id: path, format: .openai, bytes: try file.bytes())  // raw Chat Completions SSE captures
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

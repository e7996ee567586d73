import Foundation
import OmniConfig
import OmniCore
import Yams

/// A scenario file (`Scenarios/*.yaml`, docs/scenarios.md) read into what the runner and the
/// report need: the scenario, its description and its expectations.
public struct ScenarioFile: Sendable {
    public var scenario: SimScenario
    public var description: String
    public var expectations: [Expectation]
    /// The file, as named on the command line.
    public var source: String
    /// The gateway as the file configures it (the live mode starts a real one from it).
    public var setup: GatewaySetup
    /// The gateway keys clients present, as written (the scenario's traffic holds their
    /// hashes, in the same order; nil: no key).
    public var presentedKeys: [String?]

    /// Reads `path`. `overrides` (`traffic.rate` → `200`, from `--sweep` or `--seed`) replace
    /// values in the file before it is read, so they are checked exactly as if written there.
    public static func load(path: String, overrides: [(path: String, value: String)] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ScenarioFile {
        let text = try YAMLDocument.readFile(path: path)
        let directory = (path as NSString).deletingLastPathComponent
        return try load(yaml: text, source: path, directory: directory.isEmpty ? "." : directory, overrides: overrides, environment: environment)
    }

    /// Reads `yaml`; `source` names it in errors, `directory` is where relative paths in it
    /// (`gateway: gateway.yaml`, `replay: traffic.jsonl`) start.
    public static func load(yaml: String, source: String, directory: String = ".", overrides: [(path: String, value: String)] = [],
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ScenarioFile {
        guard var root = try YAMLDocument.compose(yaml: yaml, source: source) else {
            throw ConfigError(source: source, path: "", message: "the scenario is empty: it needs at least name, duration, gateway and traffic")
        }
        for override in overrides { root = try ScenarioOverride.apply(override.value, at: override.path, to: root, source: source) }
        return try ScenarioReader(reader: NodeReader(source: source, environment: environment), directory: directory)
            .read(Located(node: root, path: ""))
    }
}

/// The top level of a scenario file.
struct ScenarioReader {
    let reader: NodeReader
    let directory: String

    static let keys = ["name", "description", "seed", "duration", "gateway", "mocks", "traffic", "expect"]

    func read(_ root: Located) throws -> ScenarioFile {
        let top = try reader.fields(root, allowed: Self.keys, what: "a scenario (a mapping with \(Self.keys.joined(separator: ", ")))")
        func required(_ key: String, _ why: String) throws -> Located {
            guard let value = top[key] else { throw reader.error(at: root, "a scenario needs \"\(key)\" (\(why))") }
            return value
        }
        let name = try reader.nonEmptyString(required("name", "what reports call it"))
        let duration = try reader.duration(required("duration", "how much simulated time to play, e.g. 10m or 24h"))
        let setup = try gateway(required("gateway", "the gateway's config, inline or a file's path"))
        let mocks = try top["mocks"].map { try MockReader(reader: reader, table: setup.table).read($0) } ?? [:]
        let (traffic, presentedKeys) = try TrafficReader(reader: reader, setup: setup, directory: directory)
            .read(required("traffic", "when requests arrive and what they ask for"))
        var scenario = SimScenario(name: name, seed: 1, duration: duration, table: setup.table, mocks: mocks, traffic: traffic)
        if let seed = top["seed"] { scenario.seed = UInt64(try reader.nonNegativeInt(seed)) }
        let expectations = try top["expect"].map { try ExpectationReader(reader: reader).read($0) } ?? []
        return ScenarioFile(scenario: scenario, description: try top["description"].map(reader.string) ?? "",
                            expectations: expectations, source: reader.source, setup: setup, presentedKeys: presentedKeys)
    }

    /// `gateway:` inline (the config file's format) or the path of a config file.
    private func gateway(_ located: Located) throws -> GatewaySetup {
        if case .mapping = located.node { return try GatewaySetup.read(located, reader: reader) }
        let path = try reader.nonEmptyString(located)
        let resolved = path.hasPrefix("/") ? path : directory + "/" + path
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw reader.error(at: located, "no gateway config at \(Node.quoted(resolved)) (a path is relative to the scenario file)")
        }
        return try GatewaySetup.load(path: resolved, environment: reader.environment)
    }
}

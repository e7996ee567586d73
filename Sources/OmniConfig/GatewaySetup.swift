import Foundation
import OmniCore
import Yams

/// The catalog, the config and the routing table compiled from them: what `serve` and the
/// simulator start from. Errors of either step come out as `ConfigError` with the file, the
/// path and — for a cross-reference the core rejects (a combo naming an unknown model, a
/// provider without accounts) — the line of the YAML node the path names.
public struct GatewaySetup: Sendable {
    public var catalog: Catalog
    public var config: GatewayConfig
    public var table: RoutingTable
    /// What the config's gateway keys were hashed with: the server hashes the keys clients
    /// present, and the keys it creates, with this same one.
    public var keyHasher: GatewayKeyHasher

    public init(catalog: Catalog, config: GatewayConfig, table: RoutingTable, keyHasher: GatewayKeyHasher) {
        (self.catalog, self.config, self.table, self.keyHasher) = (catalog, config, table, keyHasher)
    }

    /// The demo config built into the binary (`Resources/demo-gateway.yaml`): every format
    /// served by `omniroute mock-upstream --port 9101`. Of `environment` only `API_KEY_SECRET`
    /// is read (the demo's keys are in the file).
    public static func demo(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewaySetup {
        try load(yaml: EmbeddedResources.demoGateway, source: "demo-gateway.yaml",
                 environment: environment.filter { $0.key == GatewayKeyHasher.environmentVariable })
    }

    public static func load(path: String, catalog: Catalog? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewaySetup {
        try load(yaml: YAMLDocument.readFile(path: path), source: path, catalog: catalog, environment: environment)
    }

    public static func load(yaml: String, source: String, catalog: Catalog? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GatewaySetup {
        let catalog = try catalog ?? CatalogLoader.bundled()
        let config = try ConfigLoader.load(yaml: yaml, source: source, catalog: catalog, environment: environment)
        do {
            return GatewaySetup(catalog: catalog, config: config, table: try RoutingTable(catalog: catalog, config: config),
                                keyHasher: GatewayKeyHasher(environment: environment))
        } catch {
            let mark = (try? Yams.compose(yaml: yaml)).flatMap { $0 }.flatMap { NodePath.mark(of: error.path, in: $0) }
            throw ConfigError(source: source, path: error.path, line: mark.map { $0.line }, column: mark.map { $0.column }, message: error.message)
        }
    }

    /// A config inside another document (a simulator scenario's `gateway:` mapping): errors
    /// name the path from that document's root and the line in it.
    package static func read(_ located: Located, reader: NodeReader, catalog: Catalog? = nil) throws -> GatewaySetup {
        let catalog = try catalog ?? CatalogLoader.bundled()
        let config = try ConfigLoader.read(located, reader: reader, catalog: catalog)
        do {
            return GatewaySetup(catalog: catalog, config: config, table: try RoutingTable(catalog: catalog, config: config),
                                keyHasher: GatewayKeyHasher(environment: reader.environment))
        } catch {
            let mark = NodePath.mark(of: error.path, in: located.node)
            throw ConfigError(source: reader.source, path: located.childPath(error.path), line: mark.map { $0.line },
                              column: mark.map { $0.column }, message: error.message)
        }
    }
}

/// Finds the node a config path (`combos[0].models[2]`, `routing.fallback[1]`) names; when
/// part of it is not in the file (an account numbered from `apiKeys`), the deepest node
/// that is.
package enum NodePath {
    package static func mark(of path: String, in root: Node) -> Mark? {
        var node = root
        var best = root.mark
        for component in components(path) {
            switch component {
            case .key(let key):
                guard let mapping = node.mapping, let child = mapping[Node(key)] else { return best }
                node = child
            case .index(let i):
                guard let sequence = node.sequence, i < sequence.count else { return best }
                node = sequence[i]
            }
            best = node.mark ?? best
        }
        return best
    }

    package enum Component { case key(String), index(Int) }

    package static func components(_ path: String) -> [Component] {
        var out: [Component] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { out.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    if let i = Int(rest[rest.index(after: rest.startIndex)..<close]) { out.append(.index(i)) }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                out.append(.key(String(rest)))
            }
        }
        return out
    }
}

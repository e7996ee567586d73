import Foundation
import OmniCore

/// Reads the provider catalog: which providers the gateway knows, what each speaks, where it
/// lives, how it authenticates, its models and their prices. The catalog ships with the
/// binary (`Resources/catalog.yaml`, embedded at build time); a deployment may point at its own file.
public enum CatalogLoader {
    /// The catalog built into the binary (`Resources/catalog.yaml`, embedded at build time).
    public static func bundled() throws -> Catalog {
        try load(yaml: EmbeddedResources.catalog, source: "catalog.yaml")
    }

    public static func load(path: String) throws -> Catalog {
        try load(yaml: YAMLDocument.readFile(path: path), source: path)
    }

    public static func load(yaml: String, source: String = "catalog.yaml") throws -> Catalog {
        let reader = NodeReader(source: source, environment: [:])
        guard let root = try YAMLDocument.compose(yaml: yaml, source: source) else { return Catalog() }
        let top = try reader.fields(Located(node: root, path: ""), allowed: ["providers"])
        guard let providersNode = top["providers"] else { return Catalog() }
        var providers: [CatalogProvider] = []
        var seen: [String: Int] = [:]
        for item in try reader.list(providersNode) {
            let (provider, idAt) = try readProvider(item, reader: reader)
            if let first = seen[provider.id] {
                throw reader.error(at: idAt, "duplicate provider id \"\(provider.id)\" (first defined at providers[\(first)])")
            }
            seen[provider.id] = providers.count
            providers.append(provider)
        }
        return Catalog(providers: providers)
    }

    static let providerKeys = ["id", "name", "format", "baseURL", "auth", "profile", "models"]

    private static func readProvider(_ item: Located, reader: NodeReader) throws -> (CatalogProvider, idAt: Located) {
        let fields = try reader.fields(item, allowed: providerKeys, what: "a provider (a mapping with id, name, format, baseURL, auth, profile, models)")
        func required(_ key: String) throws -> Located {
            guard let value = fields[key] else { throw reader.error(at: item, "a catalog provider needs \"\(key)\"") }
            return value
        }
        // Read in the order the keys are documented, so the first missing one is named first.
        let idAt = try required("id")
        let id = try ProviderID.read(idAt, reader: reader)
        let name = try reader.nonEmptyString(required("name"))
        let format = try reader.choice(required("format"), WireFormat.self)
        let baseURL = try BaseURL.read(required("baseURL"), reader: reader)
        let auth = try reader.choice(required("auth"), AuthStyle.self)
        let profile = try reader.choice(required("profile"), ProviderProfile.self)
        var provider = CatalogProvider(id: id, name: name, format: format, baseURL: baseURL, auth: auth, profile: profile)
        if let models = fields["models"] { provider.models = try ModelListReader.read(models, reader: reader) }
        return (provider, idAt)
    }
}

import OmniConfig
import Yams

/// A value from the command line (`--sweep traffic.rate=50,100`, `--seed 7`) put into a
/// scenario's YAML tree before it is read. The value is parsed as YAML (so `200` is a number
/// and `30s` a duration) and keeps the replaced node's line, so a bad value is reported as if
/// it were written in the file.
enum ScenarioOverride {
    static func apply(_ value: String, at path: String, to root: Node, source: String) throws -> Node {
        let components = NodePath.components(path)
        guard !components.isEmpty else { throw ConfigError(source: source, path: path, message: "an override needs a key path such as traffic.rate") }
        // An unreadable value, an empty one and a list or mapping all fail here.
        guard let parsed = try? Yams.compose(yaml: value), case .scalar = parsed else {
            throw ConfigError(source: source, path: path, message: "an override's value must be a single value, found \(Node.quoted(value))")
        }
        return try replace(in: root, components[...], with: parsed, path: path, source: source)
    }

    private static func replace(in node: Node, _ rest: ArraySlice<NodePath.Component>, with value: Node, path: String, source: String) throws -> Node {
        guard let first = rest.first else {
            guard case .scalar(let scalar) = value else { return value }
            // The replaced node's place, so errors about the value point into the file.
            var moved = scalar
            moved.mark = node.mark
            return .scalar(moved)
        }
        switch (first, node) {
        case (.key(let key), .mapping(var mapping)):
            if let index = mapping.firstIndex(where: { $0.key.scalar?.string == key }) {
                let pair = mapping[index]
                mapping[pair.key] = try replace(in: pair.value, rest.dropFirst(), with: value, path: path, source: source)
            } else if rest.count == 1 {
                mapping[Node(key)] = try replace(in: .scalar(Node.Scalar("", Tag(.null), .plain, node.mark)), rest.dropFirst(), with: value, path: path, source: source)
            } else {
                throw ConfigError(source: source, path: path, line: node.mark?.line, message: "the scenario has no \"\(key)\" here, so \(path) cannot be set")
            }
            return .mapping(mapping)
        case (.index(let index), .sequence(var sequence)):
            guard index < sequence.count else {
                throw ConfigError(source: source, path: path, line: node.mark?.line, message: "the list has \(sequence.count) entries, so \(path) does not exist")
            }
            sequence[index] = try replace(in: sequence[index], rest.dropFirst(), with: value, path: path, source: source)
            return .sequence(sequence)
        default:
            throw ConfigError(source: source, path: path, line: node.mark?.line, message: "\(path) does not lead to a value in the scenario")
        }
    }
}

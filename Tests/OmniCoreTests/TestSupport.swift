import Foundation
import OmniCore
import Testing

/// Fixture files on disk, found from this source file so the tests run from any worktree or cwd.
enum FixtureFiles {
    /// The repository root: the nearest folder above this file holding `Package.swift`.
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let fixtures = root.appendingPathComponent("Fixtures")

    static func url(_ kind: PayloadKind, _ name: String, _ format: WireFormat) -> URL {
        fixtures.appendingPathComponent(kind == .request ? "requests" : "responses")
            .appendingPathComponent(name).appendingPathComponent("\(format.rawValue).json")
    }

    static func bytes(_ kind: PayloadKind, _ name: String, _ format: WireFormat) throws -> [UInt8] {
        let url = url(kind, name, format)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FixtureMissing(path: url.path)
        }
        return [UInt8](data)
    }

    static func json(_ kind: PayloadKind, _ name: String, _ format: WireFormat) throws -> JSON {
        try JSONParser.parse(try bytes(kind, name, format))
    }

    /// Every fixture body (lossy.json excluded), sorted by path, with its kind and format.
    static func all() throws -> [(path: String, kind: PayloadKind, format: WireFormat, bytes: [UInt8])] {
        var out: [(String, PayloadKind, WireFormat, [UInt8])] = []
        for kind in PayloadKind.allCases {
            let dir = fixtures.appendingPathComponent(kind == .request ? "requests" : "responses")
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            for name in names {
                for format in WireFormat.allCases {
                    let url = dir.appendingPathComponent(name).appendingPathComponent("\(format.rawValue).json")
                    guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                    out.append(("\(kind.rawValue)s/\(name)/\(format.rawValue).json", kind, format, [UInt8](data)))
                }
            }
        }
        return out
    }
}

struct FixtureMissing: Error, CustomStringConvertible {
    var path: String
    var description: String { "fixture not found: \(path)" }
}

/// Translates a fixture file into `target` and returns it with the target's own fixture.
func translateFixture(
    _ kind: PayloadKind, _ name: String, from source: WireFormat, to target: WireFormat
) throws -> (actual: JSON, expected: JSON) {
    let input = try FixtureFiles.json(kind, name, source)
    let actual = try Translator.translate(input, kind: kind, from: source, to: target)
    return (actual, try FixtureFiles.json(kind, name, target))
}

/// Parses JSON text written in a test; a syntax error fails the test at the caller.
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
    do { return try JSONParser.parse(text) } catch {
        Issue.record("test input is not JSON: \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

extension JSON {
    /// The value at a path of keys and indexes, e.g. `["messages", 2, "content", 0, "type"]`.
    subscript(path path: [any JSONPathComponent]) -> JSON? {
        var current: JSON? = self
        for component in path { current = current.flatMap(component.step) }
        return current
    }

    /// A copy without the value at `path` (keys and indexes; `"*"` for every element of an array).
    func removing(_ path: ArraySlice<String>) -> JSON {
        guard let head = path.first else { return self }
        let rest = path.dropFirst()
        switch self {
        case .object(var o):
            if rest.isEmpty {
                o.fields.removeAll { $0.key == head }
            } else if let child = o[head] {
                o[head] = child.removing(rest)
            }
            return .object(o)
        case .array(let items) where head == "*":
            return .array(items.map { $0.removing(rest) })
        case .array(var items):
            guard let i = Int(head), items.indices.contains(i) else { return self }
            if rest.isEmpty { items.remove(at: i) } else { items[i] = items[i].removing(rest) }
            return .array(items)
        default:
            return self
        }
    }

    /// A copy without every dotted path in `paths` (`messages.*.tool_calls.*.id`).
    func removing(_ paths: [String]) -> JSON {
        paths.reduce(self) { json, path in json.removing(path.split(separator: ".").map(String.init)[...]) }
    }
}

protocol JSONPathComponent { func step(_ json: JSON) -> JSON? }
extension String: JSONPathComponent { func step(_ json: JSON) -> JSON? { json[self] } }
extension Int: JSONPathComponent {
    func step(_ json: JSON) -> JSON? {
        guard let a = json.arrayValue, a.indices.contains(self) else { return nil }
        return a[self]
    }
}

/// Fails the test with the first semantic difference (key order ignored, array order kept).
func expectSameJSON(
    _ actual: JSON, _ expected: JSON, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    if let d = JSONDiff.firstDifference(expected: expected, actual: actual) {
        Issue.record("\(comment.map { "\($0): " } ?? "")\(d)", sourceLocation: sourceLocation)
    }
}

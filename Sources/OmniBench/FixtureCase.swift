import Foundation
import OmniCore

/// One fixture folder: the same exchange in each format, and what is lossy where.
public struct FixtureCase: Sendable {
    public var name: String
    public var kind: PayloadKind
    public var bodies: [WireFormat: JSON]
    public var lossy: LossyRules

    /// Reads `<root>/requests/*/` and `<root>/responses/*/`, sorted by name.
    public static func loadAll(root: String) throws -> [FixtureCase] {
        var cases: [FixtureCase] = []
        for kind in PayloadKind.allCases {
            let dir = (root as NSString).appendingPathComponent(kind == .request ? "requests" : "responses")
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() {
                let folder = (dir as NSString).appendingPathComponent(name)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else { continue }
                cases.append(try load(folder: folder, name: name, kind: kind))
            }
        }
        return cases
    }

    static func load(folder: String, name: String, kind: PayloadKind) throws -> FixtureCase {
        var bodies: [WireFormat: JSON] = [:]
        for format in WireFormat.allCases {
            let path = (folder as NSString).appendingPathComponent("\(format.rawValue).json")
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do { bodies[format] = try JSONParser.parse([UInt8](data)) } catch {
                throw BenchError.missing("\(path): \(error)")
            }
        }
        var lossy = LossyRules()
        let lossyPath = (folder as NSString).appendingPathComponent("lossy.json")
        if let data = FileManager.default.contents(atPath: lossyPath) {
            do { lossy = try LossyRules(lossyFile: try JSONParser.parse([UInt8](data))) } catch {
                throw BenchError.missing("\(lossyPath): \(error)")
            }
        }
        return FixtureCase(name: name, kind: kind, bodies: bodies, lossy: lossy)
    }
}

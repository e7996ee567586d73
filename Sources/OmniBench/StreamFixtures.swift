import Foundation
import OmniCore

/// `Fixtures/streams/<case>/<format>.sse` with `case.json` (`{"expect": "complete" | "error"}`):
/// the same streamed answer as each vendor sends it.
public enum StreamFixtures {
    public static func load(root: String) throws -> [StreamInput] {
        let dir = (root as NSString).appendingPathComponent("streams")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var inputs: [StreamInput] = []
        for name in names.sorted() {
            let folder = (dir as NSString).appendingPathComponent(name)
            var expectsError = false
            if let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("case.json")) {
                let json = try JSONParser.parse([UInt8](data))
                expectsError = json["expect"]?.stringValue == "error"
            }
            for format in WireFormat.allCases {
                let path = (folder as NSString).appendingPathComponent("\(format.rawValue).sse")
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                inputs.append(StreamInput(name: "\(name)/\(format.rawValue)", format: format, bytes: [UInt8](data), expectsError: expectsError))
            }
        }
        return inputs
    }
}

import Foundation
import OmniCore

/// The `--json` results file, written and read with OmniCore's own JSON.
enum ResultsFile {
    static func encode(options: Options, inputs: Inputs, rows: [Row], goals: [Goal], checksum: Int) -> [UInt8] {
        var bytes = JSONObject()
        for format in WireFormat.allCases { bytes.append(format.rawValue, .int(inputs.bodies[format]!.count)) }
        var root = JSONObject()
        root.append("tool", "translate-speed")
        root.append("date", .string(ISO8601DateFormatter().string(from: Date())))
        root.append("input", .object(["path": .string(inputs.path), "bytes": .object(bytes)]))
        root.append("runs", .int(options.runs))
        root.append("minSeconds", number(options.minSeconds))
        root.append("checksum", .int(checksum))
        root.append("results", .array(rows.map { row in
            let m = row.measurement
            return .object([
                "id": .string(row.id),
                "label": .string(row.label),
                "group": .string(row.group.rawValue),
                "medianNs": number(m.median),
                "requestsPerSecond": number(m.requestsPerSecond),
                "spread": number(m.spread),
                "iterations": .int(m.iterations),
                "outputSize": .int(m.outputSize),
                "samplesNs": .array(m.samples.map(number)),
            ])
        }))
        root.append("goals", .array(goals.map { .object(["goal": .string($0.description), "met": .bool($0.met)]) }))
        return Array(JSONWriter.pretty(.object(root)).utf8) + [0x0A]
    }

    /// Median ns/op by row id from an earlier results file.
    static func medians(path: String) throws -> [String: Double] {
        let json = try JSONParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        var medians: [String: Double] = [:]
        for result in json["results"]?.arrayValue ?? [] {
            if let id = result["id"]?.stringValue, let ns = result["medianNs"]?.numberValue?.doubleValue { medians[id] = ns }
        }
        return medians
    }

    private static func number(_ value: Double) -> JSON {
        .number(JSONNumber(literal: String(format: "%.1f", value)))
    }
}

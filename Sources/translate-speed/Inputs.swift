import Foundation
import OmniCore

/// The benchmark inputs: one realistic ~4 KB openai request, and the same exchange in
/// the other three formats, made once by our translator at start-up.
struct Inputs {
    struct InputError: Error, CustomStringConvertible {
        var description: String
    }

    static let expectedSize = 3_800...4_400

    let path: String
    let bodies: [WireFormat: [UInt8]]

    var openai: [UInt8] { bodies[.openai]! }
    var sizeIsExpected: Bool { Self.expectedSize.contains(openai.count) }

    static func load(path: String) throws -> Inputs {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(description: "cannot read \(path) (run from the repository root, or pass --input FILE)")
        }
        let openai = [UInt8](data)
        var bodies: [WireFormat: [UInt8]] = [.openai: openai]
        for format in WireFormat.allCases where format != .openai {
            bodies[format] = try Translator.translate(openai, kind: .request, from: .openai, to: format, model: nil)
        }
        return Inputs(path: path, bodies: bodies)
    }

    /// The model name the gateway would pass for a target (gemini bodies carry none).
    static func model(for target: WireFormat) -> String? {
        switch target {
        case .openai, .responses: return "gpt-4.1"
        case .anthropic: return "claude-sonnet-4-5"
        case .gemini: return nil
        }
    }

    /// Checks that baseline (a) produces the same anthropic request as our translate
    /// (semantically: key order ignored), so that both sides do the same work.
    /// Returns nil when they agree, else the first difference.
    static func compareBaseline(_ inputs: Inputs, baseline: FoundationBaseline) throws -> String? {
        let model = Inputs.model(for: .anthropic)
        let ours = try JSONParser.parse(
            Translator.translate(inputs.openai, kind: .request, from: .openai, to: .anthropic, model: model))
        let theirs = try JSONParser.parse(baseline.translate(inputs.openai, model: model))
        return JSONDiff.firstDifference(expected: ours, actual: theirs)?.description
    }
}

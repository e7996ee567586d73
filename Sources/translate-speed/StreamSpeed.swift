import Foundation
import OmniCore

/// `translate-speed --streams`: relay a 2,000-event text stream openai → anthropic and
/// anthropic → openai through `StreamTranslator`, side by side with a baseline that only
/// splits the lines and `JSONSerialization`-parses each data line (the least any relay that
/// looks into events does). Goal: ≥ 1,000,000 events/s on one core and faster than the baseline.
enum StreamSpeed {
    static let events = 2_000

    /// A realistic OpenAI text stream: role chunk, 2,000 content deltas, finish, usage, [DONE].
    static func openaiStream() -> [UInt8] {
        let words = ["Die ", "Brücke ", "über ", "den ", "Fluss ", "ist ", "alt, ", "aber ", "stabil. ", "日本 ", "🚀 ", "and ", "the "]
        var out = ""
        func chunk(_ delta: String, finish: String = "null") {
            out += #"data: {"id":"chatcmpl-speed","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4.1","system_fingerprint":"fp_1","choices":[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(finish)}]}"# + "\n\n"
        }
        chunk(#"{"role":"assistant","content":""}"#)
        for i in 0..<events { chunk(#"{"content":"\#(words[i % words.count])"}"#) }
        chunk("{}", finish: #""stop""#)
        out += #"data: {"id":"chatcmpl-speed","object":"chat.completion.chunk","created":1764000000,"model":"gpt-4.1","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":2000,"total_tokens":2020}}"# + "\n\n"
        out += "data: [DONE]\n\n"
        return Array(out.utf8)
    }

    static func relay(_ input: [UInt8], from source: WireFormat, to target: WireFormat) -> Int {
        var translator = StreamTranslator(from: source, to: target)
        var size = 0
        var offset = 0
        while offset < input.count {  // 16 KB reads, as a socket delivers them
            let end = min(offset + 16_384, input.count)
            size += translator.feed(Array(input[offset..<end])).count
            offset = end
        }
        size += translator.finish().count
        return size
    }

    /// The baseline: split lines, parse each `data:` payload with JSONSerialization.
    static func baseline(_ input: [UInt8]) -> Int {
        var parsed = 0
        let data = Data(input)
        var lineStart = data.startIndex
        for i in data.indices where data[i] == 0x0A {
            let line = data[lineStart..<i]
            lineStart = i + 1
            guard line.starts(with: Array("data: ".utf8)) else { continue }
            let payload = line.dropFirst(6)
            if payload.elementsEqual(Array("[DONE]".utf8)) { continue }
            if (try? JSONSerialization.jsonObject(with: Data(payload))) != nil { parsed += 1 }
        }
        return parsed
    }

    static func run(runs: Int, minSeconds: Double) throws -> Int32 {
        var harness = Harness(runs: runs, minSeconds: minSeconds)
        let openai = openaiStream()
        let anthropic = {
            var t = StreamTranslator(from: .openai, to: .anthropic)
            return t.feed(openai) + t.finish()
        }()
        let eventCount = Double(events + 3)
        print("stream relay, \(events) text deltas; openai stream \(openai.count) B, anthropic stream \(anthropic.count) B")
        print("release build, \(runs) runs × ≥ \(minSeconds) s, median")
        var met = true
        for (name, input, source, target) in [("openai → anthropic", openai, WireFormat.openai, WireFormat.anthropic),
                                              ("anthropic → openai", anthropic, .anthropic, .openai)] {
            let ours = try harness.measure(name) { relay(input, from: source, to: target) }
            let base = try harness.measure("baseline") { baseline(input) }
            let oursEvents = eventCount / (ours.median / 1e9)
            let baseEvents = eventCount / (base.median / 1e9)
            let mbps = Double(input.count) / (ours.median / 1e9) / 1e6
            print(String(format: "%@  ours %10.0f events/s %7.1f MB/s | baseline (split + JSONSerialization) %10.0f events/s | %.2f× faster",
                         name as NSString, oursEvents, mbps, baseEvents, base.median / ours.median))
            if oursEvents < 1_000_000 || ours.median >= base.median { met = false }
        }
        print("checksum \(harness.checksum)")
        print(met ? "goal met: ≥ 1,000,000 events/s and faster than the baseline, both directions"
                  : "goal NOT met: ≥ 1,000,000 events/s and faster than the baseline, both directions")
        return met ? 0 : 1
    }
}

import OmniCore

/// mock-upstream's `POST /v1/embeddings`: OpenAI's list shape, one vector per input, each
/// derived from its text (the same text gives the same vector), usage = words.
enum MockEmbeddings {
    static let dimensions = 8

    static func answer(_ body: [UInt8]) -> ClientResponse {
        guard let request = try? JSONParser.parse(body), let model = request["model"]?.stringValue else {
            return GatewayError(status: 400, code: "invalid_request", message: "mock-upstream: an embeddings request needs a model").response(for: .openai)
        }
        let inputs: [String]
        switch request["input"] {
        case .string(let text)?: inputs = [text]
        case .array(let items)?: inputs = items.map { $0.stringValue ?? "\($0)" }
        default:
            return GatewayError(status: 400, code: "invalid_request", message: "mock-upstream: input must be a string or a list").response(for: .openai)
        }
        let data: [JSON] = inputs.enumerated().map { index, text in
            .object(JSONObject(["object": "embedding", "index": .number(JSONNumber(index)),
                                "embedding": .array(vector(text).map { .number(JSONNumber(literal: "\($0)")) })]))
        }
        let tokens = inputs.reduce(0) { $0 + max(1, $1.split(separator: " ").count) }
        let answer = JSON.object(JSONObject([
            "object": "list", "data": .array(data), "model": .string(model),
            "usage": .object(JSONObject(["prompt_tokens": .number(JSONNumber(tokens)), "total_tokens": .number(JSONNumber(tokens))])),
        ]))
        return ClientResponse(status: 200, headers: ["content-type": "application/json"], body: JSONWriter.encode(answer))
    }

    /// A unit-length vector from the text's bytes (FNV-1a, then spread over the dimensions).
    static func vector(_ text: String) -> [Double] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var values: [Double] = []
        for i in 0..<dimensions {
            hash = hash &* 6_364_136_223_846_793_005 &+ UInt64(2 * i + 1)
            values.append(Double(Int64(bitPattern: hash >> 11) % 2000 - 1000) / 1000)
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? values.map { ($0 / norm * 1e6).rounded() / 1e6 } : values
    }
}

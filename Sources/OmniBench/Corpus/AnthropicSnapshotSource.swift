/// anthropic-sdk-python `__inline_snapshot__` files: a JSON list of
/// `{request: {method, url, headers, body}, response: {status_code, headers, body}}`.
/// Bodies that are JSON objects are cut out of the file byte for byte (their
/// indentation is the file's, which is still valid JSON); string bodies are SSE.
enum AnthropicSnapshotSource {
    static func add(_ file: CorpusFile, to collector: inout CorpusCollector) throws {
        let bytes = try file.bytes()
        guard let root = try? CorpusJSONScanner.scan(bytes), case .array(let items) = root.value else {
            return collector.skip(file.path, SkipReason.malformedJSON)
        }
        let exchanges = items.map { item in
            RecordedExchange(
                url: item["request"]?["url"]?.string ?? "",
                request: body(item["request"]?["body"], in: bytes),
                status: item["response"]?["status_code"].flatMap { Int(slice($0, bytes)) },
                response: body(item["response"]?["body"], in: bytes)
            )
        }
        RecordedExchange.add(exchanges, file: file.path, to: &collector)
    }

    private static func body(_ value: ScannedJSON?, in bytes: [UInt8]) -> RecordedExchange.Body {
        guard let value, !value.isNull else { return .none }
        if let text = value.string { return text.isEmpty ? .none : .text(text) }
        return .json(Array(bytes[value.range]))
    }

    private static func slice(_ value: ScannedJSON, _ bytes: [UInt8]) -> String {
        String(decoding: bytes[value.range], as: UTF8.self)
    }
}

import OmniCore

/// anthropic-sdk-python `__inline_snapshot__` files: a JSON list of
/// `{request: {method, url, headers, body}, response: {status_code, headers, body}}`.
/// Bodies that are JSON objects are written out compactly by OmniCore's writer (which
/// keeps key order and number literals, so only white space differs from the file);
/// string bodies are SSE.
enum AnthropicSnapshotSource {
    static func add(_ file: CorpusFile, to collector: inout CorpusCollector) throws {
        let bytes = try file.bytes()
        guard let root = try? JSONParser.parse(bytes), case .array(let items) = root else {
            return collector.skip(file.path, SkipReason.malformedJSON)
        }
        let exchanges = items.map { item in
            RecordedExchange(
                url: item["request"]?["url"]?.stringValue ?? "",
                request: body(item["request"]?["body"]),
                status: item["response"]?["status_code"]?.numberValue?.intValue,
                response: body(item["response"]?["body"])
            )
        }
        RecordedExchange.add(exchanges, file: file.path, to: &collector)
    }

    private static func body(_ value: JSON?) -> RecordedExchange.Body {
        guard let value, !value.isNull else { return .none }
        if let text = value.stringValue { return text.isEmpty ? .none : .text(text) }
        return .json(JSONWriter.encode(value))
    }
}

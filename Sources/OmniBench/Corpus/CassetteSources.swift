import Yams

/// VCR cassettes (YAML): envoy-ai-gateway's go-vcr v2 files and pydantic-ai's
/// vcrpy files. Only the container differs; `RecordedExchange` decides what
/// becomes a case.
enum CassetteSources {
    /// go-vcr v2: `request.body` / `response.body` are the raw body text (JSON
    /// stored pretty-printed, SSE verbatim), so the text is used byte for byte.
    static func addEnvoy(_ file: CorpusFile, to collector: inout CorpusCollector) throws {
        guard let root = try compose(file, into: &collector) else { return }
        let exchanges = interactions(root).map { interaction in
            let request = member(interaction, "request")
            let response = member(interaction, "response")
            return RecordedExchange(
                url: member(request, "url")?.string ?? "",
                request: textBody(member(request, "body")),
                status: member(response, "code").flatMap { Int($0.string ?? "") },
                response: textBody(member(response, "body"))
            )
        }
        RecordedExchange.add(exchanges, file: file.path, to: &collector)
    }

    /// vcrpy as customised by pydantic-ai: JSON bodies live re-serialized as a YAML
    /// mapping under `parsed_body`; anything else stays text under `body` or `body.string`.
    static func addPydantic(_ file: CorpusFile, to collector: inout CorpusCollector) throws {
        guard let root = try compose(file, into: &collector) else { return }
        let exchanges = interactions(root).map { interaction in
            let request = member(interaction, "request")
            let response = member(interaction, "response")
            return RecordedExchange(
                url: member(request, "uri")?.string ?? "",
                request: vcrpyBody(request),
                status: member(member(response, "status"), "code").flatMap { Int($0.string ?? "") },
                response: vcrpyBody(response)
            )
        }
        RecordedExchange.add(exchanges, file: file.path, to: &collector)
    }

    private static func compose(_ file: CorpusFile, into collector: inout CorpusCollector) throws -> Node? {
        let text = try file.text()
        do {
            if let root = try Yams.compose(yaml: text) { return root }
        } catch {
            // A broken cassette is a corpus problem to report, not a reason to stop loading.
        }
        collector.skip(file.path, "malformed YAML")
        return nil
    }

    private static func interactions(_ root: Node) -> [Node] {
        member(root, "interactions")?.array() ?? []
    }

    /// Looks a key up by its text, keeping clear of Yams' `Node` subscript,
    /// which matches keys by resolved tag as well as text.
    static func member(_ node: Node?, _ key: String) -> Node? {
        guard case .mapping(let mapping)? = node else { return nil }
        return mapping.first { $0.key.string == key }?.value
    }

    private static func textBody(_ node: Node?) -> RecordedExchange.Body {
        guard let text = node?.string, !text.isEmpty else { return .none }
        return .text(text)
    }

    private static func vcrpyBody(_ message: Node?) -> RecordedExchange.Body {
        if let parsed = member(message, "parsed_body") {
            do {
                return .json(try YAMLJSONWriter.bytes(parsed))
            } catch {
                return .invalid("YAML body has no JSON form (\(error))")
            }
        }
        guard let body = member(message, "body") else { return .none }
        if case .mapping = body { return textBody(member(body, "string")) }
        return textBody(body)
    }
}

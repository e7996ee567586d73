/// Shared by the stream decoders: block bookkeeping and JSON payloads.
struct BlockTracker: Sendable {
    enum Kind: Sendable, Equatable { case text, thinking, refusal, tool }
    private(set) var next = 0
    /// The block currently open, and its kind.
    private(set) var open: (block: Int, kind: Kind)?

    /// The block to use for content of `kind`: the open one if it is of that kind, else a new
    /// one (the open block is stopped first).
    mutating func block(for kind: Kind, into out: inout [IRStreamEvent]) -> Int {
        if let open, open.kind == kind, kind != .tool { return open.block }
        return begin(kind, into: &out)
    }

    /// Opens a new block of `kind`, stopping the open one.
    mutating func begin(_ kind: Kind, into out: inout [IRStreamEvent]) -> Int {
        stop(into: &out)
        let block = next
        next += 1
        open = (block, kind)
        return block
    }

    mutating func stop(into out: inout [IRStreamEvent]) {
        if let open { out.append(.blockStop(block: open.block)) }
        open = nil
    }
}

extension IRStreamError {
    static func truncated(_ format: WireFormat, _ what: String) -> IRStreamError {
        IRStreamError(kind: .truncated, message: "the \(format.rawValue) upstream stream ended \(what)", status: 502)
    }

    static func malformed(_ format: WireFormat, _ detail: String) -> IRStreamError {
        IRStreamError(kind: .malformed, message: "the \(format.rawValue) upstream sent an invalid event: \(detail)", status: 502)
    }
}

/// Parses one SSE data payload as a JSON object; `skipping` top-level keys are checked, not kept.
func parseEventJSON(_ data: [UInt8], _ format: WireFormat, skipping: [String] = []) -> Result<JSONObject, IRStreamError> {
    do {
        guard case .object(let o) = try JSONParser.parse(data, skippingTopLevel: skipping) else {
            return .failure(.malformed(format, "data is not a JSON object"))
        }
        return .success(o)
    } catch {
        return .failure(.malformed(format, "\(error)"))
    }
}

/// Frames events for a `text/event-stream` body.
///
/// - `data: <json>\n\n`: OpenAI Chat Completions and Gemini `streamGenerateContent?alt=sse`.
/// - `event: <name>\ndata: <json>\n\n`: Anthropic Messages and OpenAI Responses.
/// - `data: [DONE]\n\n`: the OpenAI end marker.
///
/// Lines always end in LF. Data holding line ends (LF, CR or CRLF) is written as one
/// `data:` line per piece, which `SSEParser` joins back with LF: LF round-trips exactly,
/// a CR or CRLF comes back as LF. (Compact JSON never holds a raw line end anyway.)
public enum SSEWriter {
    private static let dataPrefix: StaticString = "data: "
    private static let eventPrefix: StaticString = "event: "
    private static let done: StaticString = "data: [DONE]\n\n"

    /// Appends one event. `event`: nil or "" for none (the same to a reader: the default
    /// type). It should not hold CR or LF, which would end the line early; they are left out.
    public static func append(event: String?, data: [UInt8], to out: inout [UInt8]) {
        data.withUnsafeBufferPointer { append(event: event, data: $0, to: &out) }
    }

    /// `append(event:data:to:)` for data the caller holds as a buffer (e.g. a writer's bytes).
    public static func append(event: String?, data: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var name = event ?? ""
        let nameCount = name.utf8.count
        // One reservation for the common case of data without line ends; geometric, since an
        // exact `reserveCapacity` per event would reallocate the whole buffer every time.
        let needed = out.count + nameCount + data.count + 16
        if out.capacity < needed { out.reserveCapacity(max(needed, out.capacity * 2)) }
        if nameCount > 0 {
            append(eventPrefix, to: &out)
            name.withUTF8 { utf8 in
                guard let base = utf8.baseAddress else { return }
                var i = 0
                while i < utf8.count {
                    let end = SSELineEnds.first(in: base, from: i, to: utf8.count)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<end]))
                    i = end + 1
                }
            }
            out.append(SSELineEnds.lf)
        }
        var start = 0
        while true {
            let end = data.baseAddress.map { SSELineEnds.first(in: $0, from: start, to: data.count) } ?? 0
            append(dataPrefix, to: &out)
            if end > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: data[start..<end])) }
            out.append(SSELineEnds.lf)
            if end == data.count { break }
            // A CRLF pair is one line end.
            start = end + 1
            if data[end] == SSELineEnds.cr, start < data.count, data[start] == SSELineEnds.lf { start += 1 }
        }
        out.append(SSELineEnds.lf)
    }

    /// Appends `data: [DONE]\n\n`.
    public static func appendDone(to out: inout [UInt8]) {
        append(done, to: &out)
    }

    @inline(__always) private static func append(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

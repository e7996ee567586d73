/// One event of a Server-Sent Events stream, as dispatched by a blank line.
///
/// Field semantics follow the WHATWG HTML "interpreting an event stream" rules:
/// - `event` is the type set by this event's own `event:` line; nil when there was none
///   or its value was empty (the spec treats both as the default type, `message`).
/// - `data` is the event's `data:` values joined with LF. It stays bytes: the payload is
///   JSON that callers parse from bytes, and bytes split anywhere by the network need no
///   UTF-8 repair. (Invalid UTF-8 is passed on as it came.)
/// - `id` is the stream's *last event ID* at dispatch: it persists from event to event
///   until another `id:` line changes it. nil when no `id:` line came yet; "" after an
///   empty `id:` line (the spec's way of clearing it).
/// - `retry` is the stream's reconnection time in milliseconds, likewise persisting: a
///   `retry:` line in a block without data dispatches nothing but still counts for the
///   events after it. nil when no valid `retry:` line came yet.
public struct SSEEvent: Sendable, Equatable {
    public var event: String?
    public var data: [UInt8]
    public var id: String?
    public var retry: Int?

    public init(event: String? = nil, data: [UInt8], id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// How an event stream ended, from `SSEParser.finish()`.
public enum SSEEnd: Sendable, Equatable {
    /// Nothing was pending: the last event was dispatched (a comment-only tail is fine).
    case clean
    /// Field lines were read, or a line was cut short, but the blank line that dispatches
    /// the event never came: a truncated stream. The pending event is dropped, as the spec says.
    case cutInsideEvent
}

/// An incremental, byte-level parser for `text/event-stream` bodies.
///
/// Chunks may split the stream anywhere: inside a line, a field name, a CRLF pair, the
/// leading byte order mark or a UTF-8 sequence. A line that lies whole inside a chunk is
/// read in place; only a line cut by a chunk boundary is copied, into a reused buffer.
/// Each event costs one allocation: its data array, sized to fit (a one-line event's data
/// is a single bulk copy). Event type names that repeat are not rebuilt (`SSEEventNames`).
public struct SSEParser: Sendable {
    /// The start of a line whose end has not arrived yet. Capacity is kept between lines.
    private var partialLine: [UInt8] = []
    private var builder = SSEEventBuilder()
    /// The last line ended in CR at the very end of a chunk: an LF starting the next chunk
    /// completes that CRLF pair rather than ending a (blank) line of its own.
    private var afterCR = false
    /// How many bytes of the UTF-8 byte order mark EF BB BF the stream began with, while
    /// that is still undecided; `bomDecided` once a whole mark was skipped or a byte differed.
    private var bomMatched = 0
    private static let bomDecided = 3
    private static let maxKeptCapacity = 1 << 16

    public init() {}

    /// `feed(_:emit:)` for a chunk held in an array.
    public mutating func feed(_ chunk: [UInt8], emit: (SSEEvent) -> Void) {
        chunk.withUnsafeBytes { feed($0, emit: emit) }
    }

    /// Feeds the next chunk; calls `emit` for every event completed by it, in order.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (SSEEvent) -> Void) {
        guard let raw = chunk.baseAddress, chunk.count > 0 else { return }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let end = chunk.count
        var i = 0
        if bomMatched != Self.bomDecided {
            i = skipByteOrderMark(base, end)
            if i == end { return }
        }
        if afterCR {
            afterCR = false
            if base[i] == SSELineEnds.lf { i += 1 }
        }
        while i < end {
            let lineEnd = SSELineEnds.first(in: base, from: i, to: end)
            if lineEnd == end {
                partialLine.append(contentsOf: UnsafeBufferPointer(start: base + i, count: end - i))
                return
            }
            if partialLine.isEmpty {
                builder.line(UnsafeBufferPointer(start: base + i, count: lineEnd - i), emit: emit)
            } else {
                partialLine.append(contentsOf: UnsafeBufferPointer(start: base + i, count: lineEnd - i))
                partialLine.withUnsafeBufferPointer { builder.line($0, emit: emit) }
                // Keep the buffer for the next cut line, unless one huge line grew it.
                if partialLine.capacity > Self.maxKeptCapacity {
                    partialLine = []
                } else {
                    partialLine.removeAll(keepingCapacity: true)
                }
            }
            i = lineEnd + 1
            if base[lineEnd] == SSELineEnds.cr {
                if i == end {
                    afterCR = true
                } else if base[i] == SSELineEnds.lf {
                    i += 1
                }
            }
        }
    }

    /// Skips the byte order mark (or as much of it as this chunk holds) at the start of the
    /// stream; returns where the stream proper starts in this chunk.
    private mutating func skipByteOrderMark(_ base: UnsafePointer<UInt8>, _ end: Int) -> Int {
        let mark: (UInt8, UInt8, UInt8) = (0xEF, 0xBB, 0xBF)
        var i = 0
        while i < end, bomMatched < Self.bomDecided {
            let expected = bomMatched == 0 ? mark.0 : bomMatched == 1 ? mark.1 : mark.2
            guard base[i] == expected else {
                // Not a mark after all: the bytes taken for one are the start of the first line
                // (neither is CR or LF, so they cannot end it).
                if bomMatched >= 1 { partialLine.append(mark.0) }
                if bomMatched >= 2 { partialLine.append(mark.1) }
                bomMatched = Self.bomDecided
                return i
            }
            bomMatched += 1
            i += 1
        }
        return i
    }

    /// The input ended. Returns `.cutInsideEvent` when an event was under way (field lines
    /// read, or a line without its end) but never dispatched; that event is dropped. The
    /// parser is then as new (last event ID and retry included), ready for another stream.
    /// The input ended, and an event whose last line end or blank line never came is
    /// dispatched as it stands: stored captures often lack the final blank line, and a cut-off
    /// event still shows, as a payload its decoder rejects. Then as `finish()`.
    /// How many lines so far were no SSE field at all (not data, event, id, retry or a comment).
    public var unknownFieldLines: Int { builder.unknownLines }

    public mutating func finish(flushing emit: (SSEEvent) -> Void) -> SSEEnd {
        if !partialLine.isEmpty {
            partialLine.withUnsafeBufferPointer { builder.line($0, emit: emit) }
            partialLine = []
        }
        let blank: [UInt8] = []
        blank.withUnsafeBufferPointer { builder.line($0, emit: emit) }
        return finish()
    }

    public mutating func finish() -> SSEEnd {
        let pendingMark = bomMatched > 0 && bomMatched < Self.bomDecided
        let cut = builder.pendingFields || !partialLine.isEmpty || pendingMark
        partialLine = []
        builder.reset()
        afterCR = false
        bomMatched = 0
        return cut ? .cutInsideEvent : .clean
    }
}

/// The event under construction, fed one complete line at a time (without its line end).
struct SSEEventBuilder {
    /// The data lines so far, joined with LF. The spec appends value + LF per line and drops
    /// the last LF at dispatch; putting the LF *before* every line but the first is the same
    /// and spares that append (and the array growth it can cause) on one-line events.
    private var data: [UInt8] = []
    /// Whether a `data` line came (the spec's "data buffer is not empty": `data:` with an
    /// empty value still dispatches an event with empty data).
    private var hasData = false
    private var eventType: String?
    private var lastEventID: String?
    private var retry: Int?
    private var names = SSEEventNames()
    /// A field line came since the last blank line (comments do not count).
    private(set) var pendingFields = false

    mutating func reset() { self = SSEEventBuilder() }

    @inline(__always) mutating func line(_ line: UnsafeBufferPointer<UInt8>, emit: (SSEEvent) -> Void) {
        let count = line.count
        guard count > 0 else { return dispatch(emit) }
        let colon = UInt8(ascii: ":")
        if line[0] == colon { return }  // a comment
        pendingFields = true
        // The name runs to the first colon; without one the whole line is the name and the
        // value is empty. One space after the colon is not part of the value.
        var nameEnd = 0
        while nameEnd < count, line[nameEnd] != colon { nameEnd += 1 }
        var valueStart = min(nameEnd + 1, count)
        if valueStart < count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = UnsafeBufferPointer(rebasing: line[valueStart...])
        let p = line.baseAddress!
        switch nameEnd {
        case 4 where Self.matches(p, "data"):
            if hasData { data.append(SSELineEnds.lf) }
            data.append(contentsOf: value)
            hasData = true
        case 5 where Self.matches(p, "event"):
            eventType = value.isEmpty ? nil : names.name(value)
        case 2 where Self.matches(p, "id"):
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case 5 where Self.matches(p, "retry"):
            if let milliseconds = Self.decimal(value) { retry = milliseconds }
        default:
            unknownLines += 1  // ignored, as the spec says; counted for the decoders (see SSEParser)
        }
    }

    /// Lines that were no SSE field: a reader ignores them, but Gemini writes a mid-stream
    /// error as a bare JSON body between its events, and only these lines show it.
    private(set) var unknownLines = 0

    /// A blank line: emit the event if it has data; the event type is reset either way.
    private mutating func dispatch(_ emit: (SSEEvent) -> Void) {
        pendingFields = false
        defer { eventType = nil }
        guard hasData else { return }
        hasData = false
        // The array moves into the event: the next event's first append allocates its own.
        let payload = data
        data = []
        emit(SSEEvent(event: eventType, data: payload, id: lastEventID, retry: retry))
    }

    @inline(__always) private static func matches(_ p: UnsafePointer<UInt8>, _ name: StaticString) -> Bool {
        let expected = name.utf8Start
        for i in 0..<name.utf8CodeUnitCount where p[i] != expected[i] { return false }
        return true
    }

    /// Base-10 value of a non-empty run of ASCII digits; nil for anything else, or when it
    /// does not fit an `Int` (the spec ignores such a field).
    private static func decimal(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !value.isEmpty else { return nil }
        var result = 0
        for byte in value {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, o1) = result.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(digit))
            if o1 || o2 { return nil }
            result = sum
        }
        return result
    }
}

/// Event type names seen recently, so a stream repeating `content_block_delta` builds that
/// `String` (too long for the inline small-string form: an allocation) once, not per event.
struct SSEEventNames {
    private var bytes: [[UInt8]] = []
    private var strings: [String] = []
    private var next = 0
    private static let slots = 8
    private static let maxLength = 64

    mutating func name(_ value: UnsafeBufferPointer<UInt8>) -> String {
        for slot in bytes.indices where Self.equal(bytes[slot], value) { return strings[slot] }
        // Invalid UTF-8 becomes U+FFFD, as the spec decodes the whole stream.
        let string = String(decoding: value, as: UTF8.self)
        guard value.count <= Self.maxLength else { return string }
        if bytes.count < Self.slots {
            bytes.append(Array(value))
            strings.append(string)
        } else {
            bytes[next] = Array(value)
            strings[next] = string
            next = (next + 1) % Self.slots
        }
        return string
    }

    @inline(__always) private static func equal(_ known: [UInt8], _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard known.count == value.count else { return false }
        return known.withUnsafeBufferPointer { k in
            for i in 0..<k.count where k[i] != value[i] { return false }
            return true
        }
    }
}

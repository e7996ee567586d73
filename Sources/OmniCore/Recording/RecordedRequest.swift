/// One request of a traffic recording (`serve --record FILE`, replayed by the simulator's
/// `traffic: {replay: FILE}`): what the traffic looked like, anonymised. No prompt text, no
/// keys, no account names: when it arrived, what it asked for, how big it was, how it ended.
///
/// A recording is JSON Lines: a header line `{"omnirouteRecording":1}`, then one object a
/// request as requests finish (a replay sorts them by `t`), e.g.
/// `{"t":12.345,"model":"claude-sonnet","format":"anthropic","stream":true,"inputTokens":812,`
/// `"outputTokens":240,"status":200,"latencyMs":1840.2,"ttfbMs":412.5}` (and `"error":"stream_cut"`
/// for a request that failed, even after a 200).
public struct RecordedRequest: Sendable, Equatable {
    /// Seconds since the recording began (millisecond precision).
    public var offset: Span
    /// The model as the client wrote it (a combo, an alias, `prefix/model`).
    public var model: String
    public var format: WireFormat
    public var stream: Bool
    public var inputTokens: Int
    public var outputTokens: Int
    /// The status the client got.
    public var status: Int
    public var latency: Span
    public var firstByte: Span?
    /// Why it failed, when it did: also set for a stream that broke after its 200 went out.
    public var error: String?

    public init(offset: Span, model: String, format: WireFormat, stream: Bool, inputTokens: Int, outputTokens: Int,
                status: Int, latency: Span, firstByte: Span? = nil) {
        (self.offset, self.model, self.format, self.stream) = (offset, model, format, stream)
        (self.inputTokens, self.outputTokens, self.status, self.latency, self.firstByte) = (inputTokens, outputTokens, status, latency, firstByte)
    }

    /// A finished request's usage row, as a recording keeps it.
    public init(_ row: UsageRecord, recordingStart: Instant) {
        self.init(offset: row.arrivedAt - recordingStart, model: row.requestedModel, format: row.clientFormat, stream: row.stream,
                  inputTokens: row.usage?.input ?? 0, outputTokens: row.usage?.output ?? 0, status: row.status,
                  latency: row.latency, firstByte: row.firstByteAt.map { $0 - row.arrivedAt })
        error = row.errorReason
    }

    /// The first line of every recording.
    public static let headerLine = "{\"omnirouteRecording\":1}"

    /// The request as one line of JSON, without the newline.
    public var jsonLine: [UInt8] {
        var object: JSONObject = [
            "t": .number(JSONNumber(literal: Self.decimal(offset, unit: 1_000_000_000, places: 3))),
            "model": .string(model), "format": .string(format.rawValue), "stream": .bool(stream),
            "inputTokens": .int(inputTokens), "outputTokens": .int(outputTokens), "status": .int(status),
            "latencyMs": .number(JSONNumber(literal: Self.decimal(latency, unit: 1_000_000, places: 1))),
        ]
        if let firstByte { object.fields.append(.init("ttfbMs", .number(JSONNumber(literal: Self.decimal(firstByte, unit: 1_000_000, places: 1))))) }
        if let error { object.fields.append(.init("error", .string(error))) }
        return JSONWriter.encode(.object(object), capacity: 256)
    }

    /// Reads one line; the error says which field was wrong.
    public static func parse(line: [UInt8]) throws(RecordingError) -> RecordedRequest {
        let value: JSON
        do { value = try JSONParser.parse(line) } catch { throw RecordingError(message: "not JSON: \(error)") }
        guard let object = value.objectValue else { throw RecordingError(message: "expected an object, found \(value.typeName)") }
        func number(_ key: String) throws(RecordingError) -> Double {
            guard let field = object[key] else { throw RecordingError(message: "missing \"\(key)\"") }
            guard let number = field.numberValue?.doubleValue, number.isFinite, number >= 0 else {
                throw RecordingError(message: "\"\(key)\": expected a number, 0 or more, found \(field.typeName)")
            }
            return number
        }
        guard let model = object["model"]?.stringValue, !model.isEmpty else { throw RecordingError(message: "\"model\": expected a non-empty string") }
        guard let formatName = object["format"]?.stringValue, let format = WireFormat(rawValue: formatName) else {
            throw RecordingError(message: "\"format\": expected one of \(WireFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let stream = object["stream"]?.boolValue else { throw RecordingError(message: "\"stream\": expected true or false") }
        let status = Int(try number("status"))
        guard (100...599).contains(status) else { throw RecordingError(message: "\"status\": expected an HTTP status, found \(status)") }
        var request = RecordedRequest(offset: Self.span(try number("t"), unit: 1e9), model: model, format: format, stream: stream,
                                      inputTokens: Int(try number("inputTokens")), outputTokens: Int(try number("outputTokens")),
                                      status: status, latency: Self.span(try number("latencyMs"), unit: 1e6))
        if object["ttfbMs"] != nil { request.firstByte = Self.span(try number("ttfbMs"), unit: 1e6) }
        if let error = object["error"] {
            guard let text = error.stringValue else { throw RecordingError(message: "\"error\": expected a string, found \(error.typeName)") }
            request.error = text
        }
        return request
    }

    /// `span` in `unit` nanoseconds (1e9: seconds) with `places` decimals, written from the
    /// integer nanoseconds (no floating point, so a recording reads back to the same values).
    static func decimal(_ span: Span, unit: Int64, places: Int) -> String {
        var step: Int64 = 1
        for _ in 0..<places { step *= 10 }
        let ticks = max(0, span.nanoseconds) / (unit / step)
        let whole = ticks / step, fraction = String(ticks % step)
        return places == 0 ? String(whole) : "\(whole).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }

    /// A written number of `unit` nanoseconds back to a span, rounded to the nanosecond.
    static func span(_ value: Double, unit: Double) -> Span {
        Span(nanoseconds: Int64(min(value * unit, 9.2e18).rounded()))
    }
}

public struct RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

import OmniCore

/// What `omniroute mock-upstream` does with a request, chosen by the requested model's name
/// (the first of these words it contains; `echo` otherwise), so a demo or a test picks a
/// behaviour just by naming a model: `mock-429`, `claude-slow`, `gpt-cut`…
enum MockBehaviour: String, CaseIterable {
    /// Answers "Echo: <the last user text>".
    case echo
    /// A slow first byte, then a few events spaced out, each carrying the mock's wall-clock
    /// time when it was written, `t=<ns since the epoch>`, in its text (`MockStamp`). Checked
    /// first, so a delay in the name (`stamp-503ms`) does not read as another behaviour.
    case stamp
    /// A call of the `get_weather` tool.
    case tool
    /// Reasoning, then the answer.
    case think
    /// 503 with the format's error body.
    case unavailable = "503"
    /// 429 with `Retry-After: 1`.
    case rateLimited = "429"
    /// 401: the key is refused.
    case unauthorized = "401"
    /// Waits 1 s before the status line.
    case slow
    /// Sends half the answer, then closes the connection (a stream loses its end event).
    case cut
    /// 200 with a body that is not JSON.
    case malformed
    /// 502 with an HTML page, as a proxy in front of a dead upstream sends.
    case html
    /// Never answers.
    case hang

    static func of(model: String) -> MockBehaviour {
        let name = model.lowercased()
        for behaviour in allCases where behaviour != .echo && name.contains(behaviour.rawValue) { return behaviour }
        return .echo
    }
}

/// The pace of a `stamp` model, read from its name: `stamp` (200 ms, then 5 events 100 ms
/// apart), `stamp-50ms` (another first-byte delay), `stamp-200ms-10x20ms` (10 events 20 ms apart).
struct MockStamp: Equatable {
    /// From the request to the headers and the first event.
    var firstByte: Duration = .milliseconds(200)
    /// Text events in the stream, each stamped (then the finish, the usage and `[DONE]`).
    var events = 5
    /// Between two events.
    var gap: Duration = .milliseconds(100)

    init(model: String) {
        let name = model.lowercased()
        guard let start = name.range(of: "stamp")?.upperBound else { return }
        for part in name[start...].split(separator: "-") where part.hasSuffix("ms") {
            let value = part.dropLast(2)
            if let x = value.firstIndex(of: "x") {
                if let count = Int(value[..<x]), let ms = Int(value[value.index(after: x)...]), count > 0, ms >= 0 {
                    (events, gap) = (count, .milliseconds(ms))
                }
            } else if let ms = Int(value), ms >= 0 {
                firstByte = .milliseconds(ms)
            }
        }
    }

    /// The text an event carries: the wall clock in nanoseconds since the epoch.
    static func text(_ now: Instant) -> String { "t=\(now.nanoseconds)" }
}

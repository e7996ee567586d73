/// What `omniroute mock-upstream` does with a request, chosen by the requested model's name
/// (the first of these words it contains; `echo` otherwise), so a demo or a test picks a
/// behaviour just by naming a model: `mock-429`, `claude-slow`, `gpt-cut`…
enum MockBehaviour: String, CaseIterable {
    /// Answers "Echo: <the last user text>".
    case echo
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

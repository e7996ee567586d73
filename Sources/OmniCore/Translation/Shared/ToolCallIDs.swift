/// Stable tool-call ids for formats that have none (gemini): the same position in the
/// same conversation always gets the same id, so a client's next request links up.
enum ToolCallIDs {
    static func make(turn: Int, index: Int) -> String { "call_\(turn)_\(index)" }
}

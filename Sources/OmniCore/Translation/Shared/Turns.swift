/// Turn-level rules every encoder shares (docs/translation.md, "Roles and turn order").
enum Turns {
    /// Merges consecutive turns of the same role (among `roles`) unless both came from
    /// `target` itself: anthropic and gemini want one user turn holding all results of a
    /// parallel call; a turn sequence the target wrote itself is kept as it was.
    static func merged(_ messages: [IRMessage], for target: WireFormat, roles: [IRRole]) -> [IRMessage] {
        // Most conversations alternate: then nothing merges and the list is returned as it
        // is. (A turn merges into the one before it exactly when the first merge of the loop
        // below could happen, so checking neighbours in the input is enough.)
        func merges(_ last: IRMessage, _ message: IRMessage) -> Bool {
            last.role == message.role && roles.contains(message.role) && !(last.origin == target && message.origin == target)
        }
        guard messages.indices.dropFirst().contains(where: { merges(messages[$0 - 1], messages[$0]) }) else { return messages }
        var out: [IRMessage] = []
        out.reserveCapacity(messages.count)
        for message in messages {
            if var last = out.last, merges(last, message) {
                last.parts.append(contentsOf: message.parts)
                last.shape = .parts
                if last.origin != message.origin { last.origin = nil }
                out[out.count - 1] = last
            } else {
                out.append(message)
            }
        }
        return out
    }

    /// Whether to write a turn's content as a plain string in `target`: the source's own
    /// shape for the same format, else whenever it is a single text part.
    static func writesString(_ message: IRMessage, in target: WireFormat) -> Bool {
        if message.origin == target { return message.shape == .string && message.parts.count == 1 }
        return message.isSingleText
    }

    /// The same rule for a tool result's content.
    static func writesString(_ result: IRToolResult, sameFormat: Bool) -> Bool {
        let textOnly = result.content.allSatisfy { if case .text = $0 { return true } else { return false } }
        if sameFormat { return result.contentWasString && textOnly }
        return textOnly && result.content.count <= 1
    }

    /// The system prompt entries followed by hoisted mid-conversation system turns, for
    /// formats whose system prompt sits outside the conversation (anthropic, gemini).
    ///
    /// A conversation of system messages alone (OpenAI accepts one) would leave anthropic
    /// and gemini without a turn, which both reject: the system text becomes the user turn.
    static func hoistingSystem(_ request: IRRequest) -> (system: [IRMessage], messages: [IRMessage]) {
        var system = request.system
        var messages: [IRMessage] = []
        messages.reserveCapacity(request.messages.count)
        for message in request.messages {
            if message.role == .system || message.role == .developer { system.append(message) } else { messages.append(message) }
        }
        if messages.isEmpty, !system.isEmpty, request.origin?.format != .anthropic, request.origin?.format != .gemini {
            let parts = system.flatMap(\.parts)
            return ([], [IRMessage(role: .user, parts: parts, shape: parts.count == 1 ? .string : .parts)])
        }
        return (system, messages)
    }
}

extension IRPart {
    var isToolResult: Bool { if case .toolResult = self { return true } else { return false } }
}

import OmniCore

/// What a round trip through one format may change, per docs/translation.md: each
/// function maps an IR value to the form it has after encode → decode in `format`,
/// applied to both the original and the round-tripped value before comparing.
/// Everything not listed here must survive unchanged.
enum Normalise {
    // MARK: Requests

    static func request(_ r: IRRequest, for format: WireFormat) -> IRRequest {
        var r = r
        r.origin = nil  // the decoder records its source; the generator has none
        r.system = r.system.map { plain($0) }
        r.messages = mergingTurns(r.messages.map { plain($0) })
        r.tools = r.tools.map { tool in
            guard case .function(var f) = tool else { return tool }
            f.extras = JSONObject()
            f.geminiGroup = nil
            return .function(f)
        }
        let sourceReasoning = r.reasoning
        r.reasoning = r.reasoning.flatMap { reasoning($0, maxTokens: r.maxTokens, for: format) }
        r.responseFormat = r.responseFormat.flatMap { responseFormat($0, for: format) }
        switch format {
        case .openai:
            r.topK = nil
            r.messages = r.messages.map { m in
                guard m.role == .assistant else { return m }
                // Assistant `content` is one string: text parts are joined without separator,
                // before the tool calls.
                var m = m
                let texts = m.parts.compactMap { if case .text(let t) = $0 { return t.text } else { return nil } }
                let rest = m.parts.filter { if case .text = $0 { return false } else { return true } }
                m.parts = (texts.isEmpty ? [] : [.text(IRText(texts.joined()))]) + rest
                return m
            }
            r.messages = r.messages.map { m in
                var m = m
                m.parts = m.parts.filter { if case .file(let f) = $0, case .url = f.source { return false } else { return true } }  // no file URLs
                return m
            }
            r.messages = mapResults(r.messages) { $0.isError = false }  // no error flag
        case .anthropic:
            // Temperature runs 0…1 at Anthropic: above 1 is written as 1.
            if let t = r.temperature, (t.doubleValue ?? 0) > 1 { r.temperature = JSONNumber(literal: "1") }
            // Without a limit: 4096, plus the thinking budget when the source asked for reasoning.
            if r.maxTokens == nil {
                var extra = 0
                if let c = sourceReasoning, !c.isOff, var b = c.budgetTokens ?? c.effort.flatMap({ budgetForEffort[$0] }) {
                    if b < 0 { b = 8192 }
                    extra = b
                }
                r.maxTokens = AnthropicRequestCodec.defaultMaxTokens + extra
            }
            r.seed = nil
            r.presencePenalty = nil
            r.frequencyPenalty = nil
            r.candidateCount = nil
            r.metadata = nil  // only user_id
            (r.system, r.messages) = hoistingSystem(r.system, r.messages)
            r.tools = mapFunctions(r.tools) { f in
                f.strict = nil
                f.parameters = f.parameters ?? ["type": "object", "properties": [:]]
            }
            r.messages = r.messages.map { m in
                var m = m
                m.parts = m.parts.map { dropFilename(dropImageDetail($0)) }
                // Tool results first in a user turn.
                if m.role == .user { m.parts = m.parts.filter(\.isResult) + m.parts.filter { !$0.isResult } }
                return m
            }
            // Anthropic rejects empty text blocks: they are dropped, and a turn left empty with them.
            // (Turns that become neighbours are merged, as decoding merges them on the other side.)
            r.messages = mergingTurns(r.messages.compactMap { m in
                var m = m
                m.parts.removeAll { if case .text(let t) = $0 { return t.text.isEmpty } else { return false } }
                return m.parts.isEmpty ? nil : m
            })
            // Thinking on, but the last tool turn does not start with a signed thinking block:
            // Anthropic would reject it, so the encoder leaves thinking off.
            if let reasoning = r.reasoning, !reasoning.isOff, !lastToolTurnStartsWithAnthropicThinking(r.messages) {
                r.reasoning = nil
            }
            // disable_parallel_tool_use lives inside tool_choice: {"type":"auto"} when no choice was given.
            if r.parallelToolCalls == false {
                r.toolChoice = r.toolChoice ?? .auto
            } else {
                r.parallelToolCalls = nil
            }
        case .gemini:
            r.model = nil  // in the URL
            r.user = nil
            r.metadata = nil
            r.stream = nil  // in the URL
            r.parallelToolCalls = nil
            (r.system, r.messages) = hoistingSystem(r.system, r.messages)
            r.tools = mapFunctions(r.tools) { f in
                f.strict = nil
                if let p = f.parameters, isEmptyObjectSchema(p) { f.parameters = nil }
            }
            r.messages = r.messages.map { m in
                var m = m
                m.parts = m.parts.map { part in
                    switch dropFilename(dropImageDetail(part)) {
                    case .image(var media):
                        if case .url(let url, _) = media.source { media.source = .url(url, mediaType: nil) }
                        return .image(media)
                    case .file(var media):
                        if case .url(let url, _) = media.source { media.source = .url(url, mediaType: nil) }  // fileData.mimeType
                        return .file(media)
                    case .toolResult(var result):
                        // {"output": text}: one text.
                        result.content = [.text(IRText(result.text))]
                        return .toolResult(result)
                    case let other:
                        return other
                    }
                }
                return m
            }
            // Gemini rejects empty text parts: dropped, and a turn or system prompt left empty with them.
            let isEmptyText: (IRPart) -> Bool = { if case .text(let t) = $0 { return t.text.isEmpty && t.signature == nil } else { return false } }
            r.messages = mergingTurns(r.messages.compactMap { m in
                var m = m
                m.parts.removeAll(where: isEmptyText)
                return m.parts.isEmpty ? nil : m
            })
            r.system = r.system.compactMap { m in
                var m = m
                m.parts.removeAll(where: isEmptyText)
                return m.parts.isEmpty ? nil : m
            }
            r.messages = canonicalCallIDs(linkingResultsByName(r.messages))
        case .responses:
            r.topK = nil
            r.stop = nil
            r.seed = nil
            r.presencePenalty = nil
            r.frequencyPenalty = nil
            r.candidateCount = nil
            if !r.system.isEmpty {
                // `instructions`: one string, entries joined by a blank line.
                r.system = [IRMessage(role: .system, parts: [.text(IRText(r.system.map(\.text).joined(separator: "\n\n")))])]
            }
            r.tools = mapFunctions(r.tools) { f in
                if f.strict == false { f.strict = nil }  // written as false, the Chat Completions default
            }
            r.messages = mapResults(r.messages) { $0.isError = false }
        }
        return r
    }

    /// Reasoning settings after a round trip (docs/translation.md, "Reasoning settings").
    static func lastToolTurnStartsWithAnthropicThinking(_ messages: [IRMessage]) -> Bool {
        let merged = mergingTurns(messages)
        guard let last = merged.last(where: { $0.role == .assistant }),
            last.parts.contains(where: { if case .toolCall = $0 { return true } else { return false } })
        else { return true }
        // What the anthropic encoder keeps at the front: signed or redacted thinking.
        let kept = last.parts.first { part in
            if case .thinking(let t) = part { return t.redactedData != nil || t.signature?.format == .anthropic }
            if case .opaque(let format, _) = part { return format == .anthropic }
            return true
        }
        if case .thinking? = kept { return true }
        return false
    }

    static func reasoning(_ c: IRReasoningConfig, maxTokens: Int?, for format: WireFormat) -> IRReasoningConfig? {
        let off = c.isOff
        let effort = c.effort ?? c.budgetTokens.map(effortForBudget)
        let budget = c.budgetTokens ?? c.effort.flatMap { budgetForEffort[$0] }
        switch format {
        case .openai:
            return effort.map { IRReasoningConfig(effort: $0) }
        case .anthropic:
            if off { return IRReasoningConfig(effort: "none") }
            guard var b = budget else { return nil }
            if b < 0 { b = 8192 }
            let max = maxTokens ?? AnthropicRequestCodec.defaultMaxTokens + b  // the default leaves room for the budget
            if b >= max { b = max - 1 }
            return b < 1024 ? nil : IRReasoningConfig(budgetTokens: b, includeThoughts: true)  // enabled implies show thoughts
        case .gemini:
            let b = off ? 0 : budget
            let show: Bool? = c.includeThoughts == true && !off ? true : nil
            return b == nil && show == nil ? nil : IRReasoningConfig(budgetTokens: b, includeThoughts: show)
        case .responses:
            let summary = c.summary ?? (c.includeThoughts == true && !off ? "auto" : nil)
            if effort == nil && summary == nil { return nil }
            return IRReasoningConfig(effort: effort, includeThoughts: summary.map { _ in true }, summary: summary)
        }
    }

    static let budgetForEffort = ["none": 0, "minimal": 1024, "low": 2048, "medium": 8192, "high": 24576, "xhigh": 32768]

    static func effortForBudget(_ budget: Int) -> String {
        switch budget {
        case 0: return "none"
        case ..<0: return "medium"
        case 1...1024: return "minimal"
        case 1025...2048: return "low"
        case 2049...8192: return "medium"
        default: return "high"
        }
    }

    /// Structured output after a round trip (docs/translation.md, "Structured output").
    static func responseFormat(_ f: IRResponseFormat, for format: WireFormat) -> IRResponseFormat? {
        switch (f, format) {
        case (.jsonSchema(var s), .openai), (.jsonSchema(var s), .responses):
            s.name = s.name ?? "response"
            return .jsonSchema(s)
        case (.jsonSchema(let s), .anthropic):
            return s.schema.map { .jsonSchema(IRJSONSchema(schema: $0)) }  // output_config.format: the schema only
        case (.jsonSchema(let s), .gemini):
            return s.schema.map { .jsonSchema(IRJSONSchema(schema: $0)) } ?? .jsonObject  // responseMimeType alone is JSON mode
        case (.jsonObject, .anthropic), (.text, .anthropic), (.text, .gemini):
            return nil
        default:
            return f
        }
    }

    /// Gemini links each result to the first unused call of the same name in the nearest
    /// preceding model turn; results out of call order swap ids between same-name calls.
    static func linkingResultsByName(_ messages: [IRMessage]) -> [IRMessage] {
        var nameOfCall: [String: String] = [:]
        for case .toolCall(let c) in messages.flatMap(\.parts) { nameOfCall[c.id] = c.name }
        var open: [(name: String, id: String, used: Bool)] = []
        return messages.map { m in
            var m = m
            if m.role == .assistant {
                open = m.parts.compactMap { if case .toolCall(let c) = $0 { return (c.name, c.id, false) } else { return nil } }
                return m
            }
            m.parts = m.parts.map { part in
                guard case .toolResult(var r) = part, let name = nameOfCall[r.callID],
                    let i = open.firstIndex(where: { !$0.used && $0.name == name })
                else { return part }
                open[i].used = true
                r.callID = open[i].id
                return .toolResult(r)
            }
            return m
        }
    }

    /// Turn-level hints and extras every decoder records.
    static func plain(_ m: IRMessage) -> IRMessage {
        var m = m
        m.origin = nil
        m.shape = .parts
        m.extras = JSONObject()
        m.fromInstructions = false
        m.parts = m.parts.map(plain)
        return m
    }

    static func plain(_ part: IRPart) -> IRPart {
        switch part {
        case .text(var t): t.extras = JSONObject(); return .text(t)
        case .image(var m): m.extras = JSONObject(); return .image(m)
        case .file(var m): m.extras = JSONObject(); return .file(m)
        case .toolCall(var c): c.extras = JSONObject(); c.itemID = nil; c.parsedArguments = nil; return .toolCall(c)
        case .toolResult(var r):
            r.extras = JSONObject()
            r.contentWasString = true
            r.name = nil  // gemini records the linked call's name
            r.content = r.content.map(plain)
            return .toolResult(r)
        case .thinking(var t): t.extras = JSONObject(); t.itemID = nil; return .thinking(t)
        case .refusal, .opaque: return part
        }
    }

    /// Where turns split and merge differs per format (openai: one `tool` message per result;
    /// responses: one item per call; anthropic/gemini: consecutive turns merged): compare
    /// the conversation with consecutive same-role turns merged, part order kept.
    static func mergingTurns(_ messages: [IRMessage]) -> [IRMessage] {
        var out: [IRMessage] = []
        for m in messages {
            if let last = out.last, last.role == m.role { out[out.count - 1].parts += m.parts } else { out.append(m) }
        }
        return out
    }

    /// Anthropic and gemini have one system prompt outside the conversation: mid-conversation
    /// system/developer turns join it (position lost) and all entries become one.
    static func hoistingSystem(_ system: [IRMessage], _ messages: [IRMessage]) -> ([IRMessage], [IRMessage]) {
        let isSystem = { (m: IRMessage) in m.role == .system || m.role == .developer }
        let turns = mergingTurns(messages.filter { !isSystem($0) })
        let entries = oneSystemEntry(system + messages.filter(isSystem))
        // System messages alone: the system text becomes the user turn (neither API takes zero turns).
        if turns.isEmpty, let entry = entries.first { return ([], [IRMessage(role: .user, parts: entry.parts)]) }
        return (entries, turns)
    }

    static func oneSystemEntry(_ system: [IRMessage]) -> [IRMessage] {
        system.isEmpty ? [] : [IRMessage(role: .system, parts: system.flatMap(\.parts))]
    }

    static func dropImageDetail(_ part: IRPart) -> IRPart {
        guard case .image(var media) = part else { return part }
        media.detail = nil
        return .image(media)
    }

    static func dropFilename(_ part: IRPart) -> IRPart {
        guard case .file(var media) = part else { return part }
        media.filename = nil
        return .file(media)
    }

    static func mapFunctions(_ tools: [IRTool], _ change: (inout IRFunctionTool) -> Void) -> [IRTool] {
        tools.map { tool in
            guard case .function(var f) = tool else { return tool }
            change(&f)
            return .function(f)
        }
    }

    static func mapResults(_ messages: [IRMessage], _ change: (inout IRToolResult) -> Void) -> [IRMessage] {
        messages.map { m in
            var m = m
            m.parts = m.parts.map { part in
                guard case .toolResult(var r) = part else { return part }
                change(&r)
                return .toolResult(r)
            }
            return m
        }
    }

    /// `{"type":"object"}` without properties: Gemini gets no parameters at all.
    static func isEmptyObjectSchema(_ schema: JSON) -> Bool {
        schema["type"] == "object" && (schema["properties"]?.objectValue?.isEmpty ?? true)
    }

    /// Gemini has no call ids and makes its own: name every call id (and the results that
    /// refer to it) by order of first appearance, on both sides.
    static func canonicalCallIDs(_ messages: [IRMessage]) -> [IRMessage] {
        var names: [String: String] = [:]
        func canonical(_ id: String) -> String {
            if let n = names[id] { return n }
            let n = "id#\(names.count)"
            names[id] = n
            return n
        }
        return messages.map { m in
            var m = m
            m.parts = m.parts.map { canonicalIDs($0, canonical) }
            return m
        }
    }

    static func canonicalIDs(_ part: IRPart, _ canonical: (String) -> String) -> IRPart {
        switch part {
        case .toolCall(var c): c.id = canonical(c.id); return .toolCall(c)
        case .toolResult(var r): r.callID = canonical(r.callID); return .toolResult(r)
        default: return part
        }
    }
}

extension IRPart {
    var isResult: Bool { if case .toolResult = self { return true } else { return false } }
}

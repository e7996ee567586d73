/// Gemini generateContent request ↔ IR (API reference: "models.generateContent").
/// The model lives in the URL, not the body. Both spellings of each field are read:
/// the REST docs use camelCase, proto-style clients send snake_case.
public enum GeminiRequestCodec {
    public static func decode(_ json: JSON) throws -> IRRequest {
        let top = try json.asObject()
        var request = IRRequest()
        request.origin = IROrigin(format: .gemini, object: top)
        if let (key, system) = try top.either("systemInstruction", "system_instruction", as: \.objectValue, "object") {
            request.system = [try at(key) {
                let (items, single) = try partList(system)
                let parts = try at("parts") { try decodeParts(items, turn: -1, linker: nil) }
                return IRMessage(role: .system, parts: parts, shape: single ? .string : .parts, origin: .gemini,
                                 extras: system.removing(["parts"]))
            }]
        }
        // proto JSON also accepts a single object for a repeated field (Kong's fixtures send one).
        let contents: [JSON]
        switch top.value("contents") {
        case .array(let items)?: contents = items
        case .object?: contents = [top["contents"]!]
        case let other: throw TranslationError(path: [.key("contents")], expected: "array of contents", found: describe(other))
        }
        var linker = CallLinker()
        request.messages = try at("contents") {
            try contents.enumerated().map { i, item in
                try at(i) {
                    let c = try item.asObject()
                    let role: IRRole = try c.string("role") == "model" ? .assistant : .user
                    let (items, single) = try partList(c)
                    let parts = try at("parts") { try decodeParts(items, turn: i, linker: &linker) }
                    if role == .assistant { linker.modelTurn(parts) }
                    // The role stays in the extras: the same format writes it back only if it was there.
                    return IRMessage(role: role, parts: parts, shape: single ? .string : .parts, origin: .gemini,
                                     extras: c.removing(["parts"]))
                }
            }
        }
        switch top.value("tools") {
        case .array(let tools)?: request.tools = try at("tools") { try decodeTools(tools) }
        case .object?: request.tools = try at("tools") { try decodeTools([top["tools"]!]) }  // one tool, as proto JSON allows
        case nil: break
        case let other?: throw TranslationError(path: [.key("tools")], expected: "array", found: describe(other))
        }
        if let (key, config) = try top.either("toolConfig", "tool_config", as: \.objectValue, "object"),
            let (fkey, f) = try config.either("functionCallingConfig", "function_calling_config", as: \.objectValue, "object")
        {
            try at(key) {
                try at(fkey) {
                    let names = try f.either("allowedFunctionNames", "allowed_function_names", as: \.arrayValue, "array")?.1
                        .compactMap(\.stringValue) ?? []
                    switch try f.string("mode") {
                    case "AUTO", "VALIDATED": request.toolChoice = .auto
                    case "NONE": request.toolChoice = .disabled
                    case "ANY": request.toolChoice = names.count == 1 ? .named(names[0]) : .required
                    default: break
                    }
                }
            }
        }
        if let (key, config) = try top.either("generationConfig", "generation_config", as: \.objectValue, "object") {
            try at(key) { try decodeGenerationConfig(config, into: &request) }
        }
        return request
    }

    static func decodeGenerationConfig(_ g: JSONObject, into request: inout IRRequest) throws {
        request.maxTokens = try g.either("maxOutputTokens", "max_output_tokens", as: \.numberValue, "number")?.1.intValue
        request.temperature = try g.either("temperature", "temperature", as: \.numberValue, "number")?.1
        request.topP = try g.either("topP", "top_p", as: \.numberValue, "number")?.1
        request.topK = try g.either("topK", "top_k", as: \.numberValue, "number")?.1
        request.stop = try g.either("stopSequences", "stop_sequences", as: \.arrayValue, "array")?.1.compactMap(\.stringValue)
        request.seed = try g.either("seed", "seed", as: \.numberValue, "number")?.1
        request.presencePenalty = try g.either("presencePenalty", "presence_penalty", as: \.numberValue, "number")?.1
        request.frequencyPenalty = try g.either("frequencyPenalty", "frequency_penalty", as: \.numberValue, "number")?.1
        request.candidateCount = try g.either("candidateCount", "candidate_count", as: \.numberValue, "number")?.1.intValue
        let mime = try g.either("responseMimeType", "response_mime_type", as: \.stringValue, "string")?.1
        if mime == "application/json" {
            if let schema = g["responseSchema"] ?? g["response_schema"] {
                request.responseFormat = .jsonSchema(IRJSONSchema(schema: GeminiSchema.fromGemini(schema)))
            } else if let schema = g["responseJsonSchema"] ?? g["response_json_schema"] {
                request.responseFormat = .jsonSchema(IRJSONSchema(schema: schema))
            } else {
                request.responseFormat = .jsonObject
            }
        }
        if let (key, t) = try g.either("thinkingConfig", "thinking_config", as: \.objectValue, "object") {
            try at(key) {
                var config = IRReasoningConfig()
                config.budgetTokens = try t.either("thinkingBudget", "thinking_budget", as: \.numberValue, "number")?.1.intValue
                config.effort = try t.either("thinkingLevel", "thinking_level", as: \.stringValue, "string")?.1.lowercased()
                config.includeThoughts = try t.either("includeThoughts", "include_thoughts", as: \.boolValue, "boolean")?.1
                request.reasoning = config
            }
        }
    }

    static func decodeTools(_ tools: [JSON]) throws -> [IRTool] {
        var out: [IRTool] = []
        for (group, item) in tools.enumerated() {
            let tool = try at(group) { try item.asObject() }
            guard let (key, declarations) = try at(group, { try tool.either("functionDeclarations", "function_declarations", as: \.arrayValue, "array") })
            else { out.append(.opaque(.gemini, item)); continue }
            try at(group) {
                try at(key) {
                    out.append(contentsOf: try mapIndexed(declarations) { d in
                        let f = try d.asObject()
                        let parameters = f["parameters"].map(GeminiSchema.fromGemini)
                            ?? f["parametersJsonSchema"] ?? f["parameters_json_schema"]
                        return IRTool.function(IRFunctionTool(
                            name: try f.requiredString("name"), description: try f.string("description"), parameters: parameters,
                            extras: f.removing(["name", "description", "parameters", "parametersJsonSchema", "parameters_json_schema"]),
                            geminiGroup: group))
                    })
                }
            }
        }
        return out
    }
}

/// Links gemini `functionResponse`s to the calls of the nearest preceding model turn:
/// same name, in order (gemini has no call ids).
struct CallLinker {
    private var calls: [(name: String, id: String)] = []
    private var used: [Bool] = []

    mutating func modelTurn(_ parts: [IRPart]) {
        calls = parts.compactMap { if case .toolCall(let c) = $0 { return (c.name, c.id) } else { return nil } }
        used = Array(repeating: false, count: calls.count)
    }

    mutating func link(name: String) -> String? {
        for i in calls.indices where !used[i] && calls[i].name == name {
            used[i] = true
            return calls[i].id
        }
        return nil
    }
}

extension GeminiRequestCodec {
    /// `parts` as a list; proto JSON also accepts a single part object (Kong's fixtures send one).
    static func partList(_ o: JSONObject) throws -> (items: [JSON], single: Bool) {
        switch o.value("parts") {
        case .array(let items)?: return (items, false)
        case .object?: return ([o["parts"]!], true)
        case nil: return ([], false)
        case let other?: throw TranslationError(path: [.key("parts")], expected: "array of parts", found: describe(other))
        }
    }
}

extension JSONObject {
    /// The value under either spelling of a key, checked for its type.
    func either<T>(_ camel: String, _ snake: String, as extract: (JSON) -> T?, _ expected: String) throws -> (String, T)? {
        let key = self[camel] != nil ? camel : snake
        guard let value = self.value(key) else { return nil }
        guard let typed = extract(value) else { throw TranslationError(path: [.key(key)], expected: expected, found: describe(value)) }
        return (key, typed)
    }
}

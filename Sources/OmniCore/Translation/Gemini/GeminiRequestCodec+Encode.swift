extension GeminiRequestCodec {
    public static func encode(_ request: IRRequest) throws -> JSON {
        let (systemEntries, turns) = Turns.hoistingSystem(request)
        let contents = JSON.array(try at("contents") { try encodeContents(turns) })
        var systemInstruction: JSON?
        let systemParts = systemEntries.flatMap { entry in
            entry.parts.compactMap { part -> JSON? in
                guard case .text(let t) = part, !(t.text.isEmpty && entry.origin != .gemini) else { return nil }
                return ["text": .string(t.text)]
            }
        }
        if !systemParts.isEmpty {
            if systemEntries.count == 1, systemEntries[0].origin == .gemini {
                var s = systemEntries[0].extras
                s.append("parts", systemEntries[0].shape == .string && systemParts.count == 1 ? systemParts[0] : .array(systemParts))
                systemInstruction = .object(s)
            } else {
                systemInstruction = .object(["parts": .array(systemParts)])
            }
        }
        if let origin = request.origin, origin.format == .gemini {
            var top = origin.object
            let key = top["system_instruction"] != nil ? "system_instruction" : "systemInstruction"
            if GeminiSpelling.needsMatching(origin.object["contents"]) {
                top["contents"] = GeminiSpelling.matching(contents, origin.object["contents"])
            } else {
                top["contents"] = contents
            }
            top[key] = systemInstruction.map { GeminiSpelling.matching($0, origin.object[key]) }
            return .object(top)
        }
        var top = JSONObject(capacity: 6)
        top.append("contents", contents)
        top.append("systemInstruction", systemInstruction)
        let tools = encodeTools(request.tools)
        if !tools.isEmpty { top.append("tools", .array(tools)) }
        if let choice = request.toolChoice {
            var f = JSONObject()
            switch choice {
            case .auto: f.append("mode", "AUTO")
            case .disabled: f.append("mode", "NONE")
            case .required: f.append("mode", "ANY")
            case .named(let name): f.append("mode", "ANY"); f.append("allowedFunctionNames", [.string(name)])
            }
            top.append("toolConfig", ["functionCallingConfig": .object(f)])
        }
        let generation = encodeGenerationConfig(request)
        if !generation.isEmpty { top.append("generationConfig", .object(generation)) }
        return .object(top)
    }

    static func encodeGenerationConfig(_ request: IRRequest) -> JSONObject {
        var g = JSONObject(capacity: 12)
        g.append("maxOutputTokens", request.maxTokens.map(JSON.int))
        g.append("temperature", request.temperature.map(JSON.number))
        g.append("topP", request.topP.map(JSON.number))
        g.append("topK", request.topK.map(JSON.number))
        g.append("stopSequences", request.stop.map { .array($0.map(JSON.string)) })
        g.append("seed", request.seed.map(JSON.number))
        g.append("presencePenalty", request.presencePenalty.map(JSON.number))
        g.append("frequencyPenalty", request.frequencyPenalty.map(JSON.number))
        g.append("candidateCount", request.candidateCount.map(JSON.int))
        switch request.responseFormat {
        case .jsonObject?: g.append("responseMimeType", "application/json")
        case .jsonSchema(let s)?:
            g.append("responseMimeType", "application/json")
            g.append("responseSchema", s.schema.map(GeminiSchema.toGemini))
        case .text?, nil: break
        }
        if let reasoning = request.reasoning {
            var t = JSONObject()
            t.append("thinkingBudget", (reasoning.isOff ? 0 : ReasoningEffort.budget(of: reasoning)).map(JSON.int))
            if reasoning.includeThoughts == true, !reasoning.isOff { t.append("includeThoughts", true) }
            if !t.isEmpty { g.append("thinkingConfig", .object(t)) }
        }
        return g
    }

    static func encodeTools(_ tools: [IRTool]) -> [JSON] {
        var out: [JSON] = []
        var declarations: [JSON] = []
        var group: Int?
        func flush() {
            if !declarations.isEmpty { out.append(["functionDeclarations": .array(declarations)]) }
            declarations = []
        }
        for tool in tools {
            switch tool {
            case .function(let f):
                // Same-format tools keep their `tools[]` grouping; others share one entry.
                if f.geminiGroup != group { if f.geminiGroup != nil { flush() }; group = f.geminiGroup }
                var d: JSONObject = ["name": .string(f.name)]
                d.append("description", f.description.map(JSON.string))
                // Gemini rejects an OBJECT schema without properties: a tool without arguments has none.
                if let parameters = f.parameters, !GeminiSchema.isEmptyObject(parameters) {
                    d.append("parameters", GeminiSchema.toGemini(parameters))
                }
                declarations.append(.object(d))
            case .opaque(let format, let json):
                if format == .gemini { flush(); out.append(json) }
            }
        }
        flush()
        return out
    }

    static func encodeContents(_ turns: [IRMessage]) throws -> [JSON] {
        var names: [String: String] = [:]  // call id → function name, for functionResponse.name
        var out: [JSON] = []
        for message in Turns.merged(turns, for: .gemini, roles: [.user, .assistant]) {
            let sameFormat = message.origin == .gemini
            var parts: [JSON] = []
            for part in message.parts {
                // Gemini rejects an empty text part ("empty text parameter"); other formats send them.
                if !sameFormat, case .text(let t) = part, t.text.isEmpty, t.signature == nil { continue }
                if let json = try at(out.count, { try encodePart(part, sameFormat: sameFormat, names: &names) }) { parts.append(json) }
            }
            if sameFormat {
                var c = message.extras
                c.append("parts", message.shape == .string && parts.count == 1 ? parts[0] : .array(parts))
                out.append(.object(c))
                continue
            }
            if parts.isEmpty { continue }
            out.append(["role": .string(message.role == .assistant ? "model" : "user"), "parts": .array(parts)])
        }
        return out
    }

    static func encodePart(_ part: IRPart, sameFormat: Bool, names: inout [String: String]) throws -> JSON? {
        func signed(_ o: inout JSONObject, _ signature: IRSignature?) {
            if let signature, signature.format == .gemini { o.append("thoughtSignature", .string(signature.value)) }
        }
        switch part {
        case .text(let t):
            var o: JSONObject = ["text": .string(t.text)]
            signed(&o, t.signature)
            if sameFormat { o.fields.append(contentsOf: t.extras.fields) }
            return .object(o)
        case .refusal(let text):
            return ["text": .string(text)]
        case .image(let media), .file(let media):
            var o = JSONObject()
            switch media.source {
            case .base64(let mediaType, let data):
                o.append("inlineData", ["mimeType": .string(mediaType), "data": .string(data)])
            case .url(let url, let mediaType):
                o.append("fileData", ["mimeType": .string(mediaType ?? Media.guessImageType(url)), "fileUri": .string(url)])
            }
            if sameFormat { o.fields.append(contentsOf: media.extras.fields) }
            return .object(o)
        case .toolCall(let call):
            names[call.id] = call.name
            var f: JSONObject = ["name": .string(call.name)]
            if sameFormat, let id = call.itemID { f.append("id", .string(id)) }
            if !(sameFormat && call.arguments.isEmpty) { f.append("args", try AnthropicRequestCodec.arguments(of: call)) }
            var o: JSONObject = ["functionCall": .object(f)]
            signed(&o, call.signature)
            if sameFormat { o.fields.append(contentsOf: call.extras.fields) }
            return .object(o)
        case .toolResult(let result):
            var f: JSONObject = ["name": .string(result.name ?? names[result.callID] ?? result.callID)]
            var extras = result.extras
            if sameFormat, let id = extras["__geminiResponseID"] { f.append("id", id); extras["__geminiResponseID"] = nil }
            let text = result.text
            if sameFormat, !result.contentWasString, let object = try? JSONParser.parse(text) {
                f.append("response", object)
            } else {
                f.append("response", .object([result.isError ? "error" : "output": .string(text)]))
            }
            var o: JSONObject = ["functionResponse": .object(f)]
            if sameFormat { o.fields.append(contentsOf: extras.fields) }
            return .object(o)
        case .thinking(let t):
            guard t.redactedData == nil else { return nil }
            // An empty thought (an encrypted Responses item without summary) is an empty text part to Gemini.
            if !sameFormat, t.text.isEmpty, t.signature?.format != .gemini { return nil }
            var o: JSONObject = ["text": .string(t.text), "thought": true]
            signed(&o, t.signature)
            if sameFormat { o.fields.append(contentsOf: t.extras.fields) }
            return .object(o)
        case .opaque(let format, let json):
            return format == .gemini ? json : nil
        }
    }
}

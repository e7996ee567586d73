/// JSON Schema ↔ the OpenAPI 3.0 subset Gemini accepts in `functionDeclarations[].parameters`
/// and `responseSchema` (docs/translation.md, "Gemini schemas").
enum GeminiSchema {
    /// Keys Gemini's `Schema` object has (API reference, `Schema`).
    static let kept: Set<String> = [
        "type", "format", "title", "description", "nullable", "enum", "items", "properties", "required",
        "minItems", "maxItems", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
        "minimum", "maximum", "default", "example", "anyOf", "propertyOrdering",
    ]

    /// JSON Schema → Gemini subset: map what maps, drop the rest (listed in the docs).
    static func toGemini(_ schema: JSON) -> JSON {
        if case .raw(let raw) = schema, let rewritten = GeminiSchemaBytes.toGemini(raw) { return .raw(rewritten) }
        guard case .object(let object) = schema.materialized else { return schema }
        var out = JSONObject(capacity: object.count + 1)
        var nullable = false
        for field in object {
            switch field.key {
            case "type":
                if case .array(let types) = field.value {
                    let names = types.compactMap(\.stringValue)
                    nullable = names.contains("null")
                    let rest = names.filter { $0 != "null" }
                    if let first = rest.first { out.append("type", .string(first)) }
                } else {
                    out.append("type", field.value)
                }
            case "const":
                out.append("enum", .array([field.value]))
            case "oneOf", "anyOf":
                if case .array(let options) = field.value {
                    out.append("anyOf", .array(options.map(toGemini)))
                }
            case "properties":
                if case .object(let props) = field.value {
                    out.append("properties", .object(JSONObject(props.fields.map { .init($0.key, toGemini($0.value)) })))
                }
            case "items":
                out.append("items", toGemini(field.value))
            case "nullable":
                if field.value.boolValue == true { nullable = true }
            default:
                if kept.contains(field.key) { out.append(field.key, field.value) }
            }
        }
        if nullable { out["nullable"] = .bool(true) }
        return .object(out)
    }

    /// Gemini subset → JSON Schema: lower-case types, `nullable` as a type list.
    static func fromGemini(_ schema: JSON) -> JSON {
        // A raw schema with neither is already JSON Schema: pass its bytes on untouched.
        if case .raw(let raw) = schema {
            if !raw.contains(#""nullable""#), !raw.hasUpperCaseType { return schema }
            if let rewritten = GeminiSchemaBytes.fromGemini(raw) { return .raw(rewritten) }
        }
        guard case .object(let object) = schema.materialized else { return schema }
        let nullable = object["nullable"]?.boolValue == true
        var out = JSONObject(capacity: object.count)
        for field in object {
            switch field.key {
            case "type":
                let name = field.value.stringValue?.lowercased()
                if let name {
                    out.append("type", nullable ? .array([.string(name), "null"]) : .string(name))
                } else {
                    out.append("type", field.value)
                }
            case "nullable":
                if object["type"] == nil { out.append(field.key, field.value) }
            case "properties":
                if case .object(let props) = field.value {
                    out.append("properties", .object(JSONObject(props.fields.map { .init($0.key, fromGemini($0.value)) })))
                } else {
                    out.append(field.key, field.value)
                }
            case "items":
                out.append("items", fromGemini(field.value))
            case "anyOf":
                out.append("anyOf", .array((field.value.arrayValue ?? []).map(fromGemini)))
            default:
                out.append(field.key, field.value)
            }
        }
        return .object(out)
    }

    /// `{"type":"object"}` with no properties: what a tool without arguments declares.
    static func isEmptyObject(_ schema: JSON) -> Bool {
        // A raw schema longer than the longest empty-object spelling has properties: no parse.
        if case .raw(let raw) = schema, raw.bytes.count > 64 { return false }
        guard case .object(let o) = schema.materialized, o["type"]?.stringValue?.lowercased() == "object" else { return false }
        return (o["properties"]?.objectValue?.isEmpty ?? true)
    }
}

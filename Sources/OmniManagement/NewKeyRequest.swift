import OmniCore

/// The body of `POST /api/keys`: `{"name": "team-a", "requestsPerMinute": 60,
/// "budget": {"daily": 5, "weekly": 20, "monthly": 50}}`. Only `name` is required; the
/// field names are the config file's (`auth.apiKeys`). Strict like the config: an unknown
/// field is an error naming it, so a typo never silently drops a limit.
struct NewKeyRequest: Equatable {
    var name: String
    var requestsPerMinute: Int?
    var budget: BudgetConfig?

    static let fields = ["name", "requestsPerMinute", "budget"]
    static let budgetFields = ["daily", "weekly", "monthly"]
    /// Long enough for any sensible name, short enough for a usage report's column.
    static let maxNameLength = 100

    static func parse(_ body: [UInt8]) throws(GatewayError) -> NewKeyRequest {
        let json: JSON
        do {
            json = try JSONParser.parse(body)
        } catch {
            throw GatewayError(status: 400, code: "invalid_json", message: error.description)
        }
        guard let top = json.objectValue else { throw invalid("$", expected: "an object with name", found: json) }
        try refuseUnknown(top, allowed: fields, at: nil)

        guard let nameValue = top["name"] else {
            throw GatewayError(status: 400, code: "invalid_request", message: "name: required (a name for usage rows and reports)", param: "name")
        }
        guard let name = nameValue.stringValue, !name.isEmpty, name.count <= maxNameLength else {
            throw invalid("name", expected: "a string of 1 to \(maxNameLength) characters", found: nameValue)
        }
        var request = NewKeyRequest(name: name)
        if let rpm = top["requestsPerMinute"], !rpm.isNull {
            guard let value = rpm.numberValue?.intValue, value > 0 else { throw invalid("requestsPerMinute", expected: "a whole number above 0", found: rpm) }
            request.requestsPerMinute = value
        }
        if let budgetValue = top["budget"], !budgetValue.isNull {
            guard let budget = budgetValue.objectValue else { throw invalid("budget", expected: "an object with daily, weekly, monthly", found: budgetValue) }
            try refuseUnknown(budget, allowed: budgetFields, at: "budget")
            func dollars(_ field: String) throws(GatewayError) -> Double? {
                guard let value = budget[field], !value.isNull else { return nil }
                guard let amount = value.numberValue?.doubleValue, amount.isFinite, amount >= 0 else {
                    throw invalid("budget.\(field)", expected: "US dollars, a number of 0 or more", found: value)
                }
                return amount
            }
            let limits = BudgetConfig(daily: try dollars("daily"), weekly: try dollars("weekly"), monthly: try dollars("monthly"))
            // `{}` sets no limit: no budget at all, as the store reads it back.
            request.budget = limits.daily == nil && limits.weekly == nil && limits.monthly == nil ? nil : limits
        }
        return request
    }

    private static func refuseUnknown(_ object: JSONObject, allowed: [String], at parent: String?) throws(GatewayError) {
        for field in object where !allowed.contains(field.key) {
            let path = parent.map { "\($0).\(field.key)" } ?? field.key
            throw GatewayError(status: 400, code: "invalid_request",
                               message: "\(path): unknown field (allowed: \(allowed.joined(separator: ", ")))", param: path)
        }
    }

    private static func invalid(_ path: String, expected: String, found: JSON) -> GatewayError {
        GatewayError(status: 400, code: "invalid_request", message: "\(path): expected \(expected), found \(found.shortDescription)", param: path)
    }
}

extension JSON {
    /// What a message says was found instead (a type, with short scalars shown).
    var shortDescription: String {
        switch self {
        case .string(let s): return s.count > 40 ? "string \"\(s.prefix(40))…\"" : "string \"\(s)\""
        case .number(let n): return "number \(n.literal)"
        case .bool(let b): return "boolean \(b)"
        default: return typeName
        }
    }
}

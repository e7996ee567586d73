import OmniCore
import OmniStore

/// How a stored key is shown: its id, name, mask and times, never the key or its hash.
enum KeyJSON {
    static func object(_ key: StoredGatewayKey) -> JSONObject {
        var object = JSONObject(capacity: 9)
        object.append("id", .number(JSONNumber(literal: String(key.id))))
        object.append("object", "gateway.key")
        object.append("name", .string(key.name))
        object.append("prefix", .string(key.mask))
        object.append("source", .string(key.source.rawValue))
        object.append("created", .number(JSONNumber(literal: String(key.createdAt.secondsSinceEpoch))))
        object.append("revoked", key.revokedAt.map { .number(JSONNumber(literal: String($0.secondsSinceEpoch))) } ?? .null)
        object.append("requestsPerMinute", key.requestsPerMinute.map { JSON.int($0) } ?? .null)
        object.append("budget", key.budget.map(budget) ?? .null)
        return object
    }

    static func list(_ keys: [StoredGatewayKey]) -> [UInt8] {
        JSONWriter.encode(.object(["object": "list", "data": .array(keys.map { .object(object($0)) })]))
    }

    private static func budget(_ budget: BudgetConfig) -> JSON {
        var object = JSONObject(capacity: 3)
        object.append("daily", budget.daily.map(dollars))
        object.append("weekly", budget.weekly.map(dollars))
        object.append("monthly", budget.monthly.map(dollars))
        return .object(object)
    }

    /// Swift's shortest round-trip spelling (`5.0`, `2.5e-05`) is a valid JSON number.
    private static func dollars(_ amount: Double) -> JSON { .number(JSONNumber(literal: "\(amount)")) }
}

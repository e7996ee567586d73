import OmniCore

/// `GET /v1/models` in OpenAI's list format: every `prefix/model`, combo and alias target
/// a client may name (what Cursor, Cline and Open WebUI read to fill their model pickers).
enum ModelList {
    static func body(table: RoutingTable) -> [UInt8] {
        var data: [JSON] = []
        for model in table.models {
            data.append(.object(["id": .string(model.name), "object": "model", "created": 0, "owned_by": .string(table.providers[model.provider].id)]))
        }
        for combo in table.combos {
            data.append(.object(["id": .string(combo.name), "object": "model", "created": 0, "owned_by": "combo"]))
        }
        return JSONWriter.encode(.object(["object": "list", "data": .array(data)]))
    }
}

/// `GET /health`: breaker states, cooldowns and lockouts per provider and account. Names only:
/// no key, no upstream secret.
enum HealthReport {
    static func body(_ health: GatewayHealth) -> [UInt8] {
        func time(_ instant: Instant?) -> JSON { instant.map { .string($0.description) } ?? .null }
        let providers: [JSON] = health.providers.map { provider in
            .object([
                "id": .string(provider.id), "breaker": .string(provider.breaker.rawValue), "reopensAt": time(provider.reopensAt),
                "accounts": .array(provider.accounts.map { account in
                    var cooldowns = JSONObject()
                    for (model, until) in account.modelCooldowns.sorted(by: { $0.key < $1.key }) { cooldowns.append(model, .string(until.description)) }
                    return .object([
                        "id": .string(account.id), "breaker": .string(account.breaker.rawValue),
                        "coolingDownUntil": time(account.coolingDownUntil), "lockedOut": .bool(account.lockedOut),
                        "retestAt": time(account.retestAt), "inFlight": .number(JSONNumber(account.inFlight)),
                        "requests": .number(JSONNumber(Int(account.requests))), "modelCooldowns": .object(cooldowns),
                    ])
                }),
            ])
        }
        let healthy = health.providers.allSatisfy { $0.breaker == .closed }
        return JSONWriter.encode(.object(["status": .string(healthy ? "ok" : "degraded"), "providers": .array(providers)]))
    }
}

import OmniCore

/// The answers that need no upstream: the model list, health, metrics, and the errors for a
/// wrong method or an unknown path, each in the format of the clients of that path.
enum EdgeRoutes {
    static func answer(_ endpoint: Endpoint, method: String, path: String, services: EdgeServices) -> ClientResponse {
        switch endpoint {
        case .generate(let format, _, _, _):
            // Generation is the flow's; reaching here is a bug in the caller, answered plainly.
            return GatewayError(status: 500, code: "internal_error", message: "generation request not routed to the engine").response(for: format)
        case .embeddings, .management:
            return GatewayError(status: 500, code: "internal_error", message: "request not routed to its handler").response(for: .openai)
        case .models:
            return json(ModelList.body(table: services.gateway.table))
        case .health:
            return json(HealthReport.body(services.gateway.health(now: WallClock.now())))
        case .metrics:
            let text = services.metrics.exposition(health: services.gateway.health(now: WallClock.now()))
            return ClientResponse(status: 200, headers: ["content-type": "text/plain; version=0.0.4; charset=utf-8"], body: text)
        case .wrongMethod(let format, let allowed):
            var response = GatewayError(status: 405, code: "method_not_allowed",
                                        message: "\(method) is not allowed on \(path); use \(allowed)").response(for: format)
            response.headers.append("allow", allowed)
            return response
        case .notFound:
            return GatewayError(status: 404, code: "not_found", message: "no endpoint at \(method) \(path)").response(for: .openai)
        }
    }

    static func json(_ body: [UInt8]) -> ClientResponse {
        ClientResponse(status: 200, headers: ["content-type": "application/json"], body: body)
    }
}

/// Which of a model name's targets can serve embeddings: those of OpenAI-format providers
/// (the body goes upstream as OpenAI's, to `{baseURL}/embeddings`). Anthropic has no
/// embeddings API, and Gemini's and Responses' would need a translation of their own.
enum EmbeddingsRoute {
    static func serves(_ model: Int, table: RoutingTable) -> Bool {
        table.providers[table.models[model].provider].format == .openai
    }

    /// A 400 naming the model and its providers' formats when none of `models` can serve embeddings.
    static func unsupported(_ models: [Int], model name: String, table: RoutingTable) -> GatewayError? {
        guard !models.contains(where: { serves($0, table: table) }) else { return nil }
        var providers: [String] = []
        for model in models {
            let provider = table.providers[table.models[model].provider]
            let entry = "'\(provider.id)' (format \(provider.format.rawValue))"
            if !providers.contains(entry) { providers.append(entry) }
        }
        return GatewayError(status: 400, code: "unsupported_model_format",
                            message: "'\(name)' cannot serve embeddings: its provider\(providers.count == 1 ? " is" : "s are") "
                                + providers.joined(separator: ", ") + "; /v1/embeddings is routed to providers of format openai only",
                            param: "model")
    }

    /// Drops the plan's models that cannot serve embeddings (a combo may mix formats).
    static func keepServing(_ plan: inout RoutePlan, table: RoutingTable) {
        plan.models.removeAll { !serves($0, table: table) }
        plan.comboSteps = plan.models.count
    }
}

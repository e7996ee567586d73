import Testing
@testable import OmniCore

/// `POST /v1/embeddings` through the same flow as chat: routing, accounts, failover, usage, cost.
@Suite struct EmbeddingsFlowTests {
    static func answer(model: String = "text-embedding-3-small", tokens: Int = 8) -> String {
        #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.0023064255,-0.009327292,1.5e-7]}],"model":"\#(model)","usage":{"prompt_tokens":\#(tokens),"total_tokens":\#(tokens)}}"#
    }

    static func json(_ bytes: [UInt8]) throws -> JSON { try JSONParser.parse(bytes) }

    @Test func theBodyGoesUpstreamAsSentWithTheUpstreamModelAndComesBackWithTheClientsModel() throws {
        var h = try FlowHarness(config: .twoProviders())
        let body = #"{"input":["The food was delicious","and the waiter…"],"model":"a/m","encoding_format":"float","dimensions":256,"input_type":"query"}"#
        let out = h.run(kind: .embeddings, body: body) { _ in .whole(status: 200, body: Self.answer()) }

        let sent = try #require(out.sends.first)
        #expect(out.sends.count == 1)
        #expect(sent.url == "http://a.test/v1/embeddings")
        #expect(sent.method == "POST")
        #expect(sent.headers["authorization"] == "Bearer sk-a1")
        #expect(sent.headers["accept"] == "application/json")
        #expect(!sent.stream)
        // Every field as the client sent it, in its order; only the model is the upstream's id.
        #expect(String(decoding: sent.body, as: UTF8.self)
                == #"{"input":["The food was delicious","and the waiter…"],"model":"m","encoding_format":"float","dimensions":256,"input_type":"query"}"#)

        let response = try #require(out.response)
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        #expect(out.bodyText == Self.answer().replacingOccurrences(of: #""model":"text-embedding-3-small""#, with: #""model":"a/m""#))
    }

    @Test func promptTokensAreRecordedAsInputAndPricedAtTheInputPrice() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(kind: .embeddings, body: #"{"model":"a/m","input":"hello"}"#) { _ in .whole(status: 200, body: Self.answer(tokens: 250_000)) }
        let record = try #require(out.record)
        #expect(record.usage == IRUsage(input: 250_000, output: 0, total: 250_000))
        // a/m costs $1 per million input tokens.
        #expect(record.cost == 0.25)
        #expect(record.requestedModel == "a/m")
        #expect(record.provider == "a")
        #expect(record.account == "a-1")
        #expect(record.status == 200)
        #expect(!record.stream)
        #expect(record.keyName == "test")
    }

    /// `twoProviders` and a second openai-format provider `o` serving `m` too.
    static func withSecondOpenAIProvider() -> GatewayConfig {
        var config = GatewayConfig.twoProviders()
        var o = ProviderConfig(id: "o")
        o.format = .openai
        o.baseURL = "http://o.test/v1/"
        o.accounts = [AccountConfig(id: "o-1", apiKey: "sk-o1")]
        o.models = [CatalogModel(id: "m", price: ModelPrice(input: 0.5, output: 0))]
        config.providers.append(o)
        return config
    }

    @Test func a503FailsOverToTheNextOpenAIProvidersAccount() throws {
        var h = try FlowHarness(config: Self.withSecondOpenAIProvider())
        // The bare id names a/m, b/m and o/m; b is anthropic and never tried.
        let out = h.run(kind: .embeddings, body: #"{"model":"m","input":"hello"}"#) { request in
            request.account == "a-1" ? .whole(status: 503, body: Upstream.openAIError503) : .whole(status: 200, body: Self.answer(tokens: 1_000_000))
        }
        #expect(out.sends.map(\.account) == ["a-1", "o-1"])
        #expect(out.sends.map(\.url) == ["http://a.test/v1/embeddings", "http://o.test/v1/embeddings"])
        #expect(String(decoding: out.sends[1].body, as: UTF8.self) == #"{"model":"m","input":"hello"}"#)
        #expect(out.response?.status == 200)
        #expect(try Self.json(out.response!.body)["model"] == "m")
        #expect(out.record?.attempts.map(\.reason) == ["upstream_server_error", nil])
        #expect(out.record?.account == "o-1")
        // Priced at the model that answered: o/m's $0.50 per million.
        #expect(out.record?.cost == 0.5)
        #expect(out.notices.contains(.failover(from: "a/m", to: "o/m", reason: "upstream_server_error")))
        #expect(h.state.providers[0].breaker.consecutiveFailures == 1)
    }

    @Test func a429MovesToTheSameProvidersNextAccount() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(kind: .embeddings, body: #"{"model":"a/m","input":"hello"}"#) { request in
            request.account == "a-1" ? .whole(status: 429, headers: ["retry-after": "20"], body: Upstream.openAIError429) : .whole(status: 200, body: Self.answer())
        }
        #expect(out.sends.map(\.account) == ["a-1", "a-2"])
        #expect(out.response?.status == 200)
        #expect(out.record?.attempts.map(\.reason) == ["rate_limited", nil])
        // The cooldown holds for the next request too.
        let next = h.run(kind: .embeddings, body: #"{"model":"a/m","input":"again"}"#) { _ in .whole(status: 200, body: Self.answer()) }
        #expect(next.sends.map(\.account) == ["a-2"])
    }

    @Test func aMalformedAnswerIsFailedOverFrom() throws {
        var h = try FlowHarness(config: Self.withSecondOpenAIProvider())
        let out = h.run(kind: .embeddings, body: #"{"model":"m","input":"hello"}"#) { request in
            request.provider == "a" ? .whole(status: 200, body: #"{"object":"list","model":"m"}"#) : .whole(status: 200, body: Self.answer())
        }
        #expect(out.sends.map(\.provider) == ["a", "o"])
        #expect(out.response?.status == 200)
        #expect(out.record?.attempts.map(\.reason) == ["malformed_response", nil])
    }

    @Test func aModelOfAnotherFormatIsA400NamingTheModelAndFormat() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(kind: .embeddings, body: #"{"model":"b/m","input":"hello"}"#) { _ in .whole(status: 200, body: Self.answer()) }
        #expect(out.sends.isEmpty)
        #expect(out.response?.status == 400)
        let error = try #require(try Self.json(out.response!.body)["error"])
        #expect(error["code"] == "unsupported_model_format")
        #expect(error["param"] == "model")
        #expect(error["message"]?.stringValue?.contains("'b/m' cannot serve embeddings: its provider is 'b' (format anthropic)") == true)
        #expect(out.record?.errorReason == "unsupported_model_format")
    }

    @Test func aComboOrABareNameServedInSeveralFormatsUsesItsOpenAIProvidersOnly() throws {
        var h = try FlowHarness(config: .twoProviders())
        for model in ["both", "m"] {
            let out = h.run(kind: .embeddings, body: #"{"model":"\#(model)","input":"hello"}"#) { _ in .whole(status: 503, body: Upstream.openAIError503) }
            #expect(out.sends.map(\.provider) == ["a"], "\(model)")
            #expect(out.response?.status == 502, "\(model)")
            h.advance(.minutes(5))
        }
    }

    @Test func theGlobalFallbackChainOfChatModelsIsNotUsed() throws {
        var config = GatewayConfig.twoProviders()
        var chat = ProviderConfig(id: "c")
        chat.format = .openai
        chat.baseURL = "http://c.test/v1"
        chat.accounts = [AccountConfig(id: "c-1", apiKey: "sk-c1")]
        chat.models = [CatalogModel(id: "chat")]
        config.providers.append(chat)
        config.routing.fallback = ["c/chat"]
        var h = try FlowHarness(config: config)
        let out = h.run(kind: .embeddings, body: #"{"model":"a/m","input":"hello"}"#) { _ in .whole(status: 503, body: Upstream.openAIError503) }
        #expect(!out.sends.contains { $0.provider == "c" })
    }

    @Test func aDedicatedProviderRouteAddsItsPrefix() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(kind: .embeddings, body: #"{"model":"m","input":"hello"}"#, provider: "a") { _ in .whole(status: 200, body: Self.answer()) }
        #expect(out.sends.map(\.url) == ["http://a.test/v1/embeddings"])
        #expect(try Self.json(out.response!.body)["model"] == "a/m")
    }

    @Test func aMissingOrWrongKeyIsRefusedAsForChat() throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(kind: .embeddings, body: #"{"model":"a/m","input":"hello"}"#, key: .wrong) { _ in .whole(status: 200, body: Self.answer()) }
        #expect(out.sends.isEmpty)
        #expect(out.response?.status == 401)
    }

    @Test(arguments: [
        ("{\"model\":\"a/m\",", nil, "invalid_json"),
        (#"["a/m"]"#, "$", "invalid_request"),
        (#"{"input":"hello"}"#, "model", "missing_model"),
        (#"{"model":7,"input":"hello"}"#, "model", "invalid_request"),
        (#"{"model":"a/m"}"#, "input", "invalid_request"),
        (#"{"model":"a/m","input":5}"#, "input", "invalid_request"),
        (#"{"model":"a/m","input":[]}"#, "input", "invalid_request"),
        (#"{"model":"a/m","input":["a",3]}"#, "input[1]", "invalid_request"),
        (#"{"model":"a/m","input":[1,-2]}"#, "input[1]", "invalid_request"),
        (#"{"model":"a/m","input":[[1,2],[3,"x"]]}"#, "input[1]", "invalid_request"),
        (#"{"model":"a/m","input":[null]}"#, "input[0]", "invalid_request"),
        (#"{"model":"a/m","input":"x","encoding_format":"int8"}"#, "encoding_format", "invalid_request"),
        (#"{"model":"a/m","input":"x","dimensions":0}"#, "dimensions", "invalid_request"),
        (#"{"model":"a/m","input":"x","user":1}"#, "user", "invalid_request"),
    ] as [(String, String?, String)])
    func badInputIsA400ThatNamesThePath(body: String, param: String?, code: String) throws {
        var h = try FlowHarness(config: .twoProviders())
        let out = h.run(kind: .embeddings, body: body) { _ in .whole(status: 200, body: Self.answer()) }
        #expect(out.sends.isEmpty)
        #expect(out.response?.status == 400)
        let error = try #require(try Self.json(out.response!.body)["error"])
        #expect(error["code"]?.stringValue == code)
        #expect(error["param"] == (param.map(JSON.string) ?? .null))
        #expect(error["type"] == "invalid_request_error")
    }

    @Test func goodInputShapesAreAccepted() throws {
        var h = try FlowHarness(config: .twoProviders())
        for input in [#""one""#, #"["one","two"]"#, "[1,2,3]", "[[1,2],[3]]"] {
            let out = h.run(kind: .embeddings, body: #"{"model":"a/m","input":\#(input),"encoding_format":"base64","dimensions":8,"user":"u"}"#) { _ in
                .whole(status: 200, body: Self.answer())
            }
            #expect(out.response?.status == 200, "\(input)")
        }
    }
}

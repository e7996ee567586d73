import OmniCore
import Testing

private let now = CivilTime(year: 2026, month: 11, day: 26, hour: 9).instant
private let settings = ResilienceProfile.defaults[.apiKey]!.cooldown  // cap 5 min

/// One row of the classification table: what came back, and the verdict expected.
struct ClassificationRow: CustomTestStringConvertible, Sendable {
    var name: String
    var failure: UpstreamFailure
    var next: NextStep
    var reason: FailureReason
    var effect: FailureEffect
    var testDescription: String { name }

    init(_ name: String, _ status: Int, _ body: String, headers: HeaderFields = [:],
         _ next: NextStep, _ reason: FailureReason, _ effect: FailureEffect) {
        self.init(name, .http(status: status, headers: headers, body: Array(body.utf8)), next, reason, effect)
    }

    init(_ name: String, _ status: Int, headers: HeaderFields = [:], _ next: NextStep, _ reason: FailureReason, _ effect: FailureEffect) {
        self.init(name, status, "", headers: headers, next, reason, effect)
    }

    init(_ name: String, _ failure: UpstreamFailure, _ next: NextStep, _ reason: FailureReason, _ effect: FailureEffect) {
        (self.name, self.failure, self.next, self.reason, self.effect) = (name, failure, next, reason, effect)
    }
}

private let quotaCooldown = FailureEffect.coolDownAccount(until: now + .minutes(5), perModel: false)
private let modelCooldown = FailureEffect.coolDownAccount(until: now + .minutes(5), perModel: true)

// Vendor error bodies, shortened from the shapes their API references document.
private let openAIQuota = #"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#
private let openAIContext = #"{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#
private let openAIRateLimit = #"{"error":{"message":"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3.","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#
private let openAIDaily = #"{"error":{"message":"Rate limit reached for gpt-4o-mini on requests per day (RPD): Limit 200, Used 200.","type":"requests","code":"rate_limit_exceeded"}}"#
private let openAIModel = #"{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#
private let openAIBadKey = #"{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}"#
private let openAIPolicy = #"{"error":{"message":"Your request was rejected as a result of our safety system.","type":"invalid_request_error","code":"content_policy_violation"}}"#
private let anthropicOverloaded = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#
private let anthropicTooLong = #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#
private let anthropicCredit = #"{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}}"#
private let anthropicInvalid = #"{"type":"error","error":{"type":"invalid_request_error","message":"messages: at least one message is required"}}"#
private let anthropicRateLimit = #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#
private let anthropicServer = #"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#
private let geminiBadKey = #"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}"#
private let geminiPrecondition = #"{"error":{"code":400,"message":"User location is not supported for the API use without a billing account linked.","status":"FAILED_PRECONDITION"}}"#
private let geminiTooLong = #"{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}"#
private let geminiRateLimit = #"{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}]}}"#
private let geminiDaily = #"{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}"#
private let geminiOverloaded = #"{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}"#

private let rows: [ClassificationRow] = [
    // 4xx: the request's fault
    ClassificationRow("plain 400", 400, anthropicInvalid, .giveUp, .badRequest, .none),
    ClassificationRow("400 without a body", 400, .giveUp, .badRequest, .none),
    ClassificationRow("OpenAI 400 context_length_exceeded", 400, openAIContext, .giveUp, .contextLengthExceeded, .none),
    ClassificationRow("Anthropic 400 prompt is too long", 400, anthropicTooLong, .giveUp, .contextLengthExceeded, .none),
    ClassificationRow("Gemini 400 input token count", 400, geminiTooLong, .giveUp, .contextLengthExceeded, .none),
    ClassificationRow("OpenAI 400 content policy", 400, openAIPolicy, .giveUp, .contentFiltered, .none),
    ClassificationRow("413", 413, #"{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum allowed number of bytes."}}"#,
                      .giveUp, .requestTooLarge, .none),
    ClassificationRow("422", 422, #"{"detail":[{"loc":["body","messages"],"msg":"field required"}]}"#, .giveUp, .badRequest, .none),
    ClassificationRow("405, another 4xx", 405, .giveUp, .badRequest, .none),
    // The account's fault
    ClassificationRow("401", 401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#,
                      .anotherAccount, .authFailed, .lockOutAccount),
    ClassificationRow("Gemini 400 API_KEY_INVALID", 400, geminiBadKey, .anotherAccount, .authFailed, .lockOutAccount),
    ClassificationRow("OpenAI-compatible 400 invalid_api_key", 400, openAIBadKey, .anotherAccount, .authFailed, .lockOutAccount),
    ClassificationRow("403", 403, #"{"type":"error","error":{"type":"permission_error","message":"not allowed"}}"#,
                      .anotherAccount, .forbidden, .lockOutAccount),
    ClassificationRow("Gemini 400 FAILED_PRECONDITION", 400, geminiPrecondition, .anotherAccount, .forbidden, .lockOutAccount),
    ClassificationRow("402", 402, .anotherAccount, .quotaExhausted, quotaCooldown),
    ClassificationRow("OpenAI 429 insufficient_quota", 429, openAIQuota, .anotherAccount, .quotaExhausted, quotaCooldown),
    ClassificationRow("Anthropic 400 credit balance too low", 400, anthropicCredit, .anotherAccount, .quotaExhausted, quotaCooldown),
    ClassificationRow("Anthropic 429 spend limit", 429, #"{"type":"error","error":{"type":"rate_limit_error","message":"spend limit","details":{"error_code":"enforced_spend_limit_reached"}}}"#,
                      .anotherAccount, .quotaExhausted, quotaCooldown),
    ClassificationRow("Gemini 429 daily quota", 429, geminiDaily, .anotherAccount, .quotaExhausted, modelCooldown),
    ClassificationRow("OpenAI 429 requests per day", 429, openAIDaily, .anotherAccount, .quotaExhausted, modelCooldown),
    ClassificationRow("429 with nothing said: backoff", 429, openAIRateLimit, .anotherAccount, .rateLimited,
                      .coolDownAccount(until: nil, perModel: true)),
    ClassificationRow("429 with Retry-After", 429, anthropicRateLimit, headers: ["retry-after": "17"], .anotherAccount, .rateLimited,
                      .coolDownAccount(until: now + .seconds(17), perModel: true)),
    ClassificationRow("429 with a reset header", 429, headers: ["x-ratelimit-reset-requests": "6m0s", "x-ratelimit-remaining-requests": "0"],
                      .anotherAccount, .rateLimited, .coolDownAccount(until: now + .minutes(5), perModel: true)),
    ClassificationRow("Gemini 429 retryDelay in the body", 429, geminiRateLimit, .anotherAccount, .rateLimited,
                      .coolDownAccount(until: now + .seconds(37), perModel: true)),
    ClassificationRow("Retry-After outranks retryDelay", 429, geminiRateLimit, headers: ["Retry-After": "3"], .anotherAccount, .rateLimited,
                      .coolDownAccount(until: now + .seconds(3), perModel: true)),
    ClassificationRow("408", 408, .anotherAccount, .timeout, .none),
    ClassificationRow("409", 409, .anotherAccount, .conflict, .none),
    // Not at this provider
    ClassificationRow("404", 404, openAIModel, .anotherProvider, .modelNotFound, modelCooldown),
    ClassificationRow("OpenAI-compatible 400 model_not_found", 400, openAIModel, .anotherProvider, .modelNotFound, modelCooldown),
    // The provider's fault
    ClassificationRow("500", 500, anthropicServer, .anotherProvider, .upstreamServerError, .breakerFailure),
    ClassificationRow("502 HTML from a proxy", 502, "<html><body>Bad Gateway</body></html>", .anotherProvider, .upstreamServerError, .breakerFailure),
    ClassificationRow("503", 503, .anotherProvider, .upstreamServerError, .breakerFailure),
    ClassificationRow("Gemini 503 overloaded", 503, geminiOverloaded, .anotherProvider, .overloaded, .breakerFailure),
    ClassificationRow("504", 504, .anotherProvider, .timeout, .breakerFailure),
    ClassificationRow("529", 529, anthropicOverloaded, .anotherProvider, .overloaded, .breakerFailure),
    ClassificationRow("529 without a body", 529, .anotherProvider, .overloaded, .breakerFailure),
    ClassificationRow("500 with overloaded_error", 500, anthropicOverloaded, .anotherProvider, .overloaded, .breakerFailure),
    ClassificationRow("a 200 handed over as a failure", 200, "<html>login</html>", .anotherProvider, .malformedResponse, .breakerFailure),
    ClassificationRow("302", 302, .anotherProvider, .malformedResponse, .breakerFailure),
    // Below HTTP
    ClassificationRow("connect refused", .transport(.connectRefused), .anotherProvider, .connectFailed, .breakerFailure),
    ClassificationRow("connect timeout", .transport(.connectTimeout), .anotherProvider, .timeout, .breakerFailure),
    ClassificationRow("first byte timeout", .transport(.firstByteTimeout), .anotherProvider, .timeout, .breakerFailure),
    ClassificationRow("idle timeout", .transport(.idleTimeout), .anotherProvider, .timeout, .breakerFailure),
    ClassificationRow("connection reset", .transport(.connectionReset), .anotherProvider, .streamCut, .breakerFailure),
    ClassificationRow("TLS failure", .transport(.tlsFailure), .anotherProvider, .tlsFailed, .breakerFailure),
    ClassificationRow("malformed 2xx", .transport(.malformedResponse), .anotherProvider, .malformedResponse, .breakerFailure),
    ClassificationRow("other transport failure", .transport(.other), .anotherProvider, .transportError, .breakerFailure),
]

@Suite("ErrorClassifier")
struct ErrorClassifierTests {
    @Test("the classification table, row by row", arguments: rows)
    func row(_ row: ClassificationRow) {
        let verdict = ErrorClassifier.classify(row.failure, now: now, settings: settings)
        #expect(verdict == FailureVerdict(next: row.next, reason: row.reason, effect: row.effect))
    }

    @Test("a body cut anywhere never crashes and a cut value is not read")
    func truncatedBodies() {
        let body = Array(openAIQuota.utf8)
        // The first "insufficient_quota" value is complete from its closing quote on.
        let complete = Array(openAIQuota.utf8).count - Array(openAIQuota.split(separator: #""type":"insufficient_quota""#, maxSplits: 1)[1].utf8).count
        for cut in 0...body.count {
            let verdict = ErrorClassifier.classify(.http(status: 429, headers: [:], body: Array(body.prefix(cut))), now: now, settings: settings)
            #expect(verdict.reason == (cut >= complete ? .quotaExhausted : .rateLimited), "cut at \(cut)")
        }
        let cutValue = #"{"error":{"code":"insufficient_quo"#
        let verdict = ErrorClassifier.classify(.http(status: 429, headers: [:], body: Array(cutValue.utf8)), now: now, settings: settings)
        #expect(verdict.reason == .rateLimited)
    }

    @Test("only the first bodyPrefixLimit bytes are read")
    func prefixLimit() {
        let padding = String(repeating: " ", count: ErrorClassifier.bodyPrefixLimit)
        let verdict = ErrorClassifier.classify(.http(status: 429, headers: [:], body: Array((padding + openAIQuota).utf8)), now: now, settings: settings)
        #expect(verdict.reason == .rateLimited)
    }

    @Test("reason names are stable snake_case")
    func reasonNames() {
        for reason in FailureReason.allCases {
            #expect(reason.rawValue.allSatisfy { $0.isLowercase || $0 == "_" }, "\(reason)")
        }
        #expect(FailureReason.contextLengthExceeded.rawValue == "context_length_exceeded")
        #expect(NextStep.anotherProvider.rawValue == "another_provider")
    }
}

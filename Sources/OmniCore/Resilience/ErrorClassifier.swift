/// Decides, for one failed upstream attempt, what the engine does next, why, and what the
/// failure does to the routing state. The table (also in docs/resilience.md):
///
///     status / failure              body signal                          next              reason                   effect
///     ───────────────────────────── ──────────────────────────────────── ───────────────── ──────────────────────── ─────────────────────────────
///     any 4xx                       insufficient_quota, billing_hard_    another account   quota_exhausted          cool account down for `max`
///                                   limit_reached, enforced_spend_limit_
///                                   reached, billing_error, "credit
///                                   balance is too low", "api usage
///                                   limits"
///     any 4xx                       api_key_invalid, invalid_api_key,    another account   auth_failed              lock account
///                                   authentication_error
///     400 / 413 / 422               context length exceeded (*)          give up           context_length_exceeded  —
///     400 / 422                     content_filter, content_policy_      give up           content_filtered         —
///                                   violation, responsibleaipolicy…
///     400                           model_not_found                      another provider  model_not_found          cool account × model for `max`
///     400                           failed_precondition (Gemini:         another account   forbidden                lock account
///                                   billing / region)
///     400, 422, other 4xx           —                                    give up           bad_request              —
///     401                           —                                    another account   auth_failed              lock account
///     402                           —                                    another account   quota_exhausted          cool account down for `max`
///     403                           —                                    another account   forbidden                lock account
///     404                           —                                    another provider  model_not_found          cool account × model for `max`
///     408                           —                                    another account   timeout                  —
///     409                           —                                    another account   conflict                 —
///     413                           —                                    give up           request_too_large        —
///     429                           a daily limit: "perday" (Gemini      another account   quota_exhausted          cool account × model for `max`
///                                   quota id), "per day" (OpenAI RPD)
///     429                           —                                    another account   rate_limited             cool account × model: Retry-After
///                                                                                                                   / reset headers / Gemini retryDelay,
///                                                                                                                   clamped to `max`; else backoff
///     529                           —                                    another provider  overloaded               breaker failure
///     5xx                           "overloaded"                         another provider  overloaded               breaker failure
///     504                           —                                    another provider  timeout                  breaker failure
///     500, 502, 503, other 5xx      —                                    another provider  upstream_server_error    breaker failure
///     1xx, 2xx, 3xx (a failure?)    —                                    another provider  malformed_response       breaker failure
///     connect refused               —                                    another provider  connect_failed           breaker failure
///     connect / first byte / idle timeout                                another provider  timeout                  breaker failure
///     connection reset              —                                    another provider  stream_cut               breaker failure
///     TLS failure                   —                                    another provider  tls_failed               breaker failure
///     malformed 2xx response        —                                    another provider  malformed_response       breaker failure
///     other transport failure       —                                    another provider  transport_error          breaker failure
///
/// (*) `context_length_exceeded` (OpenAI's code), "prompt is too long" (Anthropic),
/// "maximum context length" (OpenAI, vLLM), "context window", "exceeds the maximum number
/// of tokens" (Gemini).
///
/// Why this way: a failure that is the account's (its key, its quota, its rate limit)
/// moves to the next account and leaves the provider's breaker alone; a failure that is the
/// provider's (5xx, the network) counts against its breaker and moves to another provider,
/// since its other accounts share the same servers; a failure that is the request's (400,
/// 413, 422) would fail anywhere and gives up at once rather than spending `maxAttempts`.
/// Vendors disagree on statuses (Gemini says 400 for a bad key, Anthropic 400 for an empty
/// credit balance, OpenAI 429 for an exhausted quota), so the body's signal comes first.
/// After the first byte reached the client the engine cannot move on whatever `next` says;
/// the reason and effect still apply.
public enum ErrorClassifier {
    /// How much of an error body is looked at.
    public static let bodyPrefixLimit = 8192

    public static func classify(_ failure: UpstreamFailure, now: Instant, settings: CooldownSettings) -> FailureVerdict {
        switch failure {
        case .transport(let kind): return transport(kind)
        case .http(let status, let headers, let body): return http(status: status, headers: headers, body: UpstreamErrorBody(body), now: now, settings: settings)
        }
    }

    static func transport(_ kind: TransportFailure) -> FailureVerdict {
        let reason: FailureReason
        switch kind {
        case .connectRefused: reason = .connectFailed
        case .connectTimeout, .firstByteTimeout, .idleTimeout: reason = .timeout
        case .connectionReset: reason = .streamCut
        case .tlsFailure: reason = .tlsFailed
        case .malformedResponse: reason = .malformedResponse
        case .other: reason = .transportError
        }
        return FailureVerdict(next: .anotherProvider, reason: reason, effect: .breakerFailure)
    }

    static func http(status: Int, headers: HeaderFields, body: UpstreamErrorBody, now: Instant, settings: CooldownSettings) -> FailureVerdict {
        let quotaCooldown = FailureEffect.coolDownAccount(until: now + settings.max, perModel: false)
        let modelCooldown = FailureEffect.coolDownAccount(until: now + settings.max, perModel: true)

        if (400..<500).contains(status) {
            if body.hasIdentifier("insufficient_quota", "billing_hard_limit_reached", "enforced_spend_limit_reached", "billing_error")
                || body.mentions("credit balance is too low", "api usage limits") {
                return FailureVerdict(next: .anotherAccount, reason: .quotaExhausted, effect: quotaCooldown)
            }
            if body.hasIdentifier("api_key_invalid", "invalid_api_key", "authentication_error") {
                return FailureVerdict(next: .anotherAccount, reason: .authFailed, effect: .lockOutAccount)
            }
        }
        if [400, 413, 422].contains(status), body.hasIdentifier("context_length_exceeded")
            || body.mentions("prompt is too long", "maximum context length", "context window", "exceeds the maximum number of tokens") {
            return FailureVerdict(next: .giveUp, reason: .contextLengthExceeded, effect: .none)
        }
        if [400, 422].contains(status), body.hasIdentifier("content_filter", "content_policy_violation", "responsibleaipolicyviolation") {
            return FailureVerdict(next: .giveUp, reason: .contentFiltered, effect: .none)
        }

        switch status {
        case 400:
            if body.hasIdentifier("model_not_found") {
                return FailureVerdict(next: .anotherProvider, reason: .modelNotFound, effect: modelCooldown)
            }
            if body.hasIdentifier("failed_precondition") {
                return FailureVerdict(next: .anotherAccount, reason: .forbidden, effect: .lockOutAccount)
            }
            return FailureVerdict(next: .giveUp, reason: .badRequest, effect: .none)
        case 401:
            return FailureVerdict(next: .anotherAccount, reason: .authFailed, effect: .lockOutAccount)
        case 402:
            return FailureVerdict(next: .anotherAccount, reason: .quotaExhausted, effect: quotaCooldown)
        case 403:
            return FailureVerdict(next: .anotherAccount, reason: .forbidden, effect: .lockOutAccount)
        case 404:
            return FailureVerdict(next: .anotherProvider, reason: .modelNotFound, effect: modelCooldown)
        case 408:
            return FailureVerdict(next: .anotherAccount, reason: .timeout, effect: .none)
        case 409:
            return FailureVerdict(next: .anotherAccount, reason: .conflict, effect: .none)
        case 413:
            return FailureVerdict(next: .giveUp, reason: .requestTooLarge, effect: .none)
        case 429:
            // Gemini answers a spent daily quota with the same 429 RESOURCE_EXHAUSTED as a
            // per-minute limit; only the quota id in the details tells them apart
            // (`GenerateRequestsPerDayPerProjectPerModel`). OpenAI names the limit in the
            // message ("… on requests per day (RPD)"). Waiting seconds will not help either.
            if body.mentions("perday", "per day") {
                return FailureVerdict(next: .anotherAccount, reason: .quotaExhausted, effect: modelCooldown)
            }
            let said = RetryAfter.until(headers: headers, now: now) ?? geminiRetryDelay(body).map { now + $0 }
            return FailureVerdict(next: .anotherAccount, reason: .rateLimited,
                                  effect: .coolDownAccount(until: said.map { settings.clamp($0, now: now) }, perModel: true))
        case 529:
            return FailureVerdict(next: .anotherProvider, reason: .overloaded, effect: .breakerFailure)
        case 500..<600:
            let reason: FailureReason = body.mentions("overloaded") ? .overloaded : status == 504 ? .timeout : .upstreamServerError
            return FailureVerdict(next: .anotherProvider, reason: reason, effect: .breakerFailure)
        case 400..<500:
            return FailureVerdict(next: .giveUp, reason: .badRequest, effect: .none)
        default:
            return FailureVerdict(next: .anotherProvider, reason: .malformedResponse, effect: .breakerFailure)
        }
    }

    /// Gemini's `RetryInfo` detail: `"retryDelay": "37s"` (a protobuf Duration in JSON).
    static func geminiRetryDelay(_ body: UpstreamErrorBody) -> Span? {
        body.stringValues(forKey: "retrydelay").lazy.compactMap(GoDuration.parse).first
    }
}

/// How an attempt ended without an answer, from the flow's side: what the transport or the
/// upstream said (classified by `ErrorClassifier`), an error inside a stream, or the
/// request's own deadline.
enum AttemptFailure: Sendable {
    case upstream(UpstreamFailure)
    case stream(IRStreamError)
    case totalTimeout

    var status: Int? {
        switch self {
        case .upstream(.http(let status, _, _)): return status
        case .stream(let error) where error.kind == .upstream: return error.status
        default: return nil
        }
    }

    func verdict(now: Instant, settings: CooldownSettings) -> FailureVerdict {
        switch self {
        case .upstream(let failure):
            return ErrorClassifier.classify(failure, now: now, settings: settings)
        case .stream(let error):
            switch error.kind {
            case .truncated:
                return FailureVerdict(next: .anotherProvider, reason: .streamCut, effect: .breakerFailure)
            case .malformed:
                return ErrorClassifier.classify(.transport(.malformedResponse), now: now, settings: settings)
            case .upstream:
                // An error event is the upstream's error body in another envelope: classify it
                // as that status with its type and message as the body.
                let body = JSONWriter.encode(.object(["error": .object([
                    "type": error.type.map(JSON.string) ?? .null, "message": .string(error.message),
                ])]))
                return ErrorClassifier.classify(.http(status: error.status, headers: [:], body: body), now: now, settings: settings)
            }
        case .totalTimeout:
            return FailureVerdict(next: .giveUp, reason: .timeout, effect: .none)
        }
    }
}

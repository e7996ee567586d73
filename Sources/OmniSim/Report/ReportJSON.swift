import OmniCore

/// report.json: every figure of the run for scripts and dashboards. Keys are in a fixed order
/// and numbers written with fixed decimals, so the same run writes the same bytes. Times are
/// in milliseconds (`…Ms`) or seconds into the run (`at`), money in US dollars.
enum ReportJSON {
    static func render(_ report: SimReport) -> String {
        let result = report.result
        var root: JSONObject = [
            "scenario": .string(report.scenario.name),
            "description": .string(report.file.description),
            "source": .string(report.file.source),
            "seed": .number(JSONNumber(literal: String(report.scenario.seed))),
            "durationSeconds": number(report.scenario.duration.seconds, 3),
            "passed": .bool(report.passed),
        ]
        root["requests"] = .object([
            "total": .int(result.requests), "succeeded": .int(result.succeeded), "failed": .int(result.failed),
            "lost": .int(result.unfinished), "successRate": number(result.successRate, 6),
            "failedByStatus": counts(result.failedByStatus.map { (String($0.key), $0.value) }),
            "failedByReason": counts(result.failedByReason.map { ($0.key, $0.value) }),
        ])
        root["latencyMs"] = percentiles(result.latency)
        root["timeToFirstByteMs"] = percentiles(result.firstByte)
        root["attempts"] = .object([
            "total": .int(result.attempts),
            "perRequest": number(result.requests == 0 ? 0 : Double(result.attempts) / Double(result.requests), 4),
            "failedByReason": counts(result.failedAttemptsByReason.map { ($0.key, $0.value) }),
            "failovers": .int(result.failovers),
        ])
        root["tokens"] = .object(["input": .int(result.inputTokens), "output": .int(result.outputTokens)])
        root["costUSD"] = .object([
            "total": number(result.cost, 6),
            "byProvider": .object(JSONObject(result.providers.keys.sorted().map { .init($0, number(result.providers[$0]!.cost, 6)) })),
            "byKey": .object(JSONObject(result.keys.keys.sorted().map { .init($0.isEmpty ? "(no key)" : $0, number(result.keys[$0]!.cost, 6)) })),
        ])
        root["providers"] = .object(JSONObject(result.providers.keys.sorted().map { id in
            let p = result.providers[id]!
            return .init(id, .object([
                "requests": .int(p.requests), "succeeded": .int(p.succeeded), "attempts": .int(p.attempts),
                "failedAttempts": .int(p.failedAttempts), "latencyMs": percentiles(p.latency), "timeToFirstByteMs": percentiles(p.firstByte),
                "inputTokens": .int(p.inputTokens), "outputTokens": .int(p.outputTokens), "costUSD": number(p.cost, 6),
            ]))
        }))
        root["keys"] = .object(JSONObject(result.keys.keys.sorted().map { name in
            let k = result.keys[name]!
            return .init(name.isEmpty ? "(no key)" : name, .object(["requests": .int(k.requests), "succeeded": .int(k.succeeded), "costUSD": number(k.cost, 6)]))
        }))
        let notices = result.notices
        root["breakers"] = .object([
            "openings": .int(notices.breakerOpenings),
            "transitions": .array(notices.breakerChanges.map { change in
                .object(["at": number(change.at.seconds, 3), "breaker": .string(change.breaker),
                         "from": .string(change.from.rawValue), "to": .string(change.to.rawValue)])
            }),
        ])
        root["cooldowns"] = .int(notices.cooldowns)
        root["lockouts"] = .int(notices.lockouts)
        root["budget"] = .object(["warnings": .int(notices.budgetWarnings), "exhaustions": .int(notices.budgetExhaustions)])
        root["events"] = .array(notices.events.map { event in
            .object(["at": number(event.at.seconds, 3), "kind": .string(event.kind), "subject": .string(event.subject), "detail": .string(event.detail)])
        })
        root["eventsDropped"] = .int(notices.dropped)
        root["timeline"] = .object([
            "bucketSeconds": number(result.timeline.bucket.seconds, 3),
            "buckets": .array(result.timeline.buckets.enumerated().map { index, bucket in
                .object([
                    "at": number(Double(index) * result.timeline.bucket.seconds, 3),
                    "served": counts(bucket.served.map { ($0.key, $0.value) }),
                    "failed": .int(bucket.failed),
                    "latencyMs": .object(["p50": ms(bucket.latency, 0.5), "p99": ms(bucket.latency, 0.99)]),
                ])
            }),
        ])
        root["expectations"] = .array(report.verdicts.map { verdict in
            let e = verdict.expectation
            var object: JSONObject = ["name": .string(e.name), "metric": .string(e.metric.name), "unit": .string(e.metric.unit.rawValue)]
            if let low = e.atLeast { object["atLeast"] = number(low, 6) }
            if let high = e.atMost { object["atMost"] = number(high, 6) }
            if let window = e.window {
                object["fromSeconds"] = number(window.lowerBound.seconds, 3)
                object["untilSeconds"] = window.upperBound == .forever ? .null : number(window.upperBound.seconds, 3)
            }
            object["actual"] = verdict.actual.map { number($0, 6) } ?? .null
            object["passed"] = .bool(verdict.passed)
            return .object(object)
        })
        return JSONWriter.pretty(.object(root)) + "\n"
    }

    static func number(_ value: Double, _ places: Int) -> JSON { .number(JSONNumber(literal: FixedPoint.format(value, places: places))) }

    static func ms(_ histogram: LatencyHistogram, _ q: Double) -> JSON {
        histogram.total == 0 ? .null : number(Double(histogram.quantile(q)) / 1e6, 3)
    }

    static func percentiles(_ histogram: LatencyHistogram) -> JSON {
        .object(["p50": ms(histogram, 0.5), "p90": ms(histogram, 0.9), "p99": ms(histogram, 0.99), "max": ms(histogram, 1),
                 "count": .int(histogram.total)])
    }

    static func counts(_ pairs: [(String, Int)]) -> JSON {
        .object(JSONObject(pairs.sorted { $0.0 < $1.0 }.map { .init($0.0, .int($0.1)) }))
    }
}

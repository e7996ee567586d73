import OmniCore

/// Live mode plays a scenario `factor` times faster than written. For the real gateway to
/// behave as the simulated one, every duration it acts on shrinks by the same factor and every
/// rate grows by it: timeouts, breaker and cooldown periods, rate limits, cache and
/// idempotency windows. (The simulated providers keep their own clock in simulated time and
/// only their answers' timing shrinks.) What cannot shrink is said in docs/simulator.md:
/// budget periods follow the calendar; the kernel and the network do not speed up.
package struct TimeScale: Sendable {
    package let factor: Double

    package init(factor: Double) { self.factor = max(1, factor) }

    package func shrink(_ span: Span) -> Span {
        span == .forever ? span : Span(nanoseconds: Int64((Double(span.nanoseconds) / factor).rounded()))
    }

    package func grow(_ span: Span) -> Span { Span(nanoseconds: Int64(min(Double(span.nanoseconds) * factor, 9e18))) }

    package func perMinute(_ rate: Int) -> Int { Int((Double(rate) * factor).rounded()) }

    package func gateway(_ config: GatewayConfig) -> GatewayConfig {
        var config = config
        let timeouts = config.resilience.timeouts
        config.resilience.timeouts.connect = shrink(timeouts.connect)
        config.resilience.timeouts.firstByte = shrink(timeouts.firstByte)
        config.resilience.timeouts.streamIdle = shrink(timeouts.streamIdle)
        config.resilience.timeouts.total = shrink(timeouts.total)
        config.resilience.maxQueueWait = shrink(config.resilience.maxQueueWait)
        config.resilience.rateLimits = limits(config.resilience.rateLimits)
        for kind in ProviderProfile.allCases {
            var profile = config.resilience.profile(kind)
            profile.breaker.resetTimeout = shrink(profile.breaker.resetTimeout)
            profile.breaker.maxResetTimeout = shrink(profile.breaker.maxResetTimeout)
            profile.cooldown.base = shrink(profile.cooldown.base)
            profile.cooldown.max = shrink(profile.cooldown.max)
            profile.cooldown.lockoutRetest = shrink(profile.cooldown.lockoutRetest)
            config.resilience.profiles[kind] = profile
        }
        for index in config.providers.indices {
            config.providers[index].limits = config.providers[index].limits.map(limits)
            for account in config.providers[index].accounts.indices {
                config.providers[index].accounts[account].limits = config.providers[index].accounts[account].limits.map(limits)
            }
        }
        for index in config.auth.apiKeys.indices {
            config.auth.apiKeys[index].requestsPerMinute = config.auth.apiKeys[index].requestsPerMinute.map(perMinute)
        }
        config.cache.ttl = shrink(config.cache.ttl)
        config.idempotency.window = shrink(config.idempotency.window)
        return config
    }

    private func limits(_ limits: AccountLimits) -> AccountLimits {
        var limits = limits
        limits.requestsPerMinute = limits.requestsPerMinute.map(perMinute)
        limits.minGap = limits.minGap.map(shrink)
        return limits
    }
}

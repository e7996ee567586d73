import Foundation
import OmniCore
import Testing

@Suite("Pricing: budget ledger")
struct BudgetLedgerTests {
    static let morning = utc(2026, 11, 26, 9)

    @Test func warnsOnceAndExhaustsOncePerWindow() {
        let config = budget(daily: 10)
        var ledger = BudgetLedger()
        #expect(ledger.record(cost: 5, config: config, now: Self.morning).isEmpty)
        #expect(ledger.record(cost: 3, config: config, now: Self.morning) == [.warning(period: .daily, limit: 10, spent: 8, threshold: 0.8)])
        #expect(ledger.record(cost: 1, config: config, now: Self.morning).isEmpty)
        #expect(ledger.verdict(config: config, now: Self.morning) == .allowed)
        let resets = utc(2026, 11, 27)
        #expect(ledger.record(cost: 1.5, config: config, now: Self.morning) == [.exhausted(period: .daily, limit: 10, spent: 10.5, resetsAt: resets)])
        #expect(ledger.record(cost: 1, config: config, now: Self.morning).isEmpty)
        #expect(ledger.verdict(config: config, now: Self.morning) == .exhausted(period: .daily, limit: 10, spent: 11.5, resetsAt: resets))
    }

    @Test func reachingTheLimitExactlyExhausts() {
        let config = budget(daily: 10)
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 10, config: config, now: Self.morning)
        #expect(ledger.verdict(config: config, now: Self.morning) != .allowed)
    }

    @Test func aNewWindowStartsAtZeroAndWarnsAgain() {
        let config = budget(daily: 10)
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 12, config: config, now: Self.morning)
        let tomorrow = utc(2026, 11, 27, 0, 0)
        #expect(ledger.verdict(config: config, now: tomorrow - .nanoseconds(1)) != .allowed)
        #expect(ledger.verdict(config: config, now: tomorrow) == .allowed)
        #expect(ledger.spent(in: .daily, config: config, now: tomorrow) == 0)
        #expect(ledger.record(cost: 8, config: config, now: tomorrow) == [.warning(period: .daily, limit: 10, spent: 8, threshold: 0.8)])
        #expect(ledger.daily?.windowStart == tomorrow)
    }

    @Test func aCostCrossingBothThresholdsRaisesOnlyExhaustion() {
        let config = budget(daily: 10)
        var ledger = BudgetLedger()
        let events = ledger.record(cost: 20, config: config, now: Self.morning)
        #expect(events == [.exhausted(period: .daily, limit: 10, spent: 20, resetsAt: utc(2026, 11, 27))])
        #expect(ledger.record(cost: 1, config: config, now: Self.morning).isEmpty)
    }

    @Test func everyPeriodCountsAndTheLatestResetIsReported() {
        let config = budget(daily: 10, weekly: 100, monthly: 20)
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 10, config: config, now: utc(2026, 11, 25, 12))
        let events = ledger.record(cost: 10, config: config, now: utc(2026, 11, 26, 12))
        #expect(events == [
            .exhausted(period: .daily, limit: 10, spent: 10, resetsAt: utc(2026, 11, 27)),
            .exhausted(period: .monthly, limit: 20, spent: 20, resetsAt: utc(2026, 12, 1)),
        ])
        #expect(ledger.spent(in: .weekly, config: config, now: utc(2026, 11, 26, 12)) == 20)
        // Daily and monthly are both spent: the user waits for the monthly reset.
        #expect(ledger.verdict(config: config, now: utc(2026, 11, 26, 12)) == .exhausted(period: .monthly, limit: 20, spent: 20, resetsAt: utc(2026, 12, 1)))
    }

    @Test func spendIsTrackedWithoutALimit() {
        var ledger = BudgetLedger()
        #expect(ledger.record(cost: 3.5, config: budget(), now: Self.morning).isEmpty)
        #expect(ledger.spent(in: .monthly, config: budget(), now: Self.morning) == 3.5)
        #expect(ledger.verdict(config: budget(), now: Self.morning) == .allowed)
    }

    @Test func negativeAndNaNCostsAddNothing() {
        let config = budget(daily: 10)
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 4, config: config, now: Self.morning)
        _ = ledger.record(cost: -100, config: config, now: Self.morning)
        _ = ledger.record(cost: .nan, config: config, now: Self.morning)
        #expect(ledger.spent(in: .daily, config: config, now: Self.morning) == 4)
    }

    @Test func aRaisedLimitCanWarnAgainInTheSameWindow() {
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 9, config: budget(daily: 10), now: Self.morning)
        #expect(ledger.record(cost: 8, config: budget(daily: 20), now: Self.morning) == [.warning(period: .daily, limit: 20, spent: 17, threshold: 0.8)])
    }

    @Test func warnAtOutsideZeroToOneNeverWarns() {
        var ledger = BudgetLedger()
        #expect(ledger.record(cost: 9.9, config: budget(daily: 10, warnAt: 1.5), now: Self.morning).isEmpty)
        #expect(ledger.record(cost: 0, config: budget(daily: 10, warnAt: 0), now: Self.morning).isEmpty)
    }

    @Test func aClockSteppingBackKeepsTheSpend() {
        let config = budget(daily: 10)
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 6, config: config, now: utc(2026, 11, 27, 0, 0, 1))
        // The clock steps back two seconds, over midnight: the spend is not forgotten.
        let earlier = utc(2026, 11, 26, 23, 59, 59)
        #expect(ledger.record(cost: 6, config: config, now: earlier) == [.exhausted(period: .daily, limit: 10, spent: 12, resetsAt: utc(2026, 11, 28))])
    }

    @Test func windowsFollowTheConfiguredResetAndOffset() {
        // −08:00, reset 10:00 local = 18:00 UTC.
        let config = budget(daily: 1, reset: 600, offset: -480)
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 1, config: config, now: utc(2026, 11, 26, 17, 59))
        #expect(ledger.verdict(config: config, now: utc(2026, 11, 26, 17, 59)) == .exhausted(period: .daily, limit: 1, spent: 1, resetsAt: utc(2026, 11, 26, 18)))
        #expect(ledger.verdict(config: config, now: utc(2026, 11, 26, 18)) == .allowed)
    }

    @Test func exhaustedMessageNamesKeyPeriodLimitSpendAndReset() {
        let verdict = BudgetVerdict.exhausted(period: .monthly, limit: 50, spent: 50.12, resetsAt: utc(2026, 12, 1))
        #expect(verdict.message(keyName: "team-a")
            == "Budget exhausted for key 'team-a': monthly limit $50.00 reached ($50.12 spent); resets at 2026-12-01T00:00:00Z")
        #expect(BudgetVerdict.allowed.message(keyName: "team-a") == nil)
        let warning = BudgetEvent.warning(period: .daily, limit: 10, spent: 8.1, threshold: 0.8)
        #expect(warning.message(keyName: "team-a") == "Budget warning for key 'team-a': 80% of the daily limit $10.00 reached ($8.10 spent)")
    }

    @Test func ledgerRoundTripsThroughJSON() throws {
        var ledger = BudgetLedger()
        _ = ledger.record(cost: 9, config: budget(daily: 10, monthly: 100), now: Self.morning)
        let data = try JSONEncoder().encode(ledger)
        #expect(try JSONDecoder().decode(BudgetLedger.self, from: data) == ledger)
    }
}

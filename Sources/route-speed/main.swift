// Routing decisions per second (issue 4): resolve a combo of 3 providers with 10 accounts
// each, order its steps, pick an account (breaker, cooldown, lockout and rate-limit checks),
// begin the attempt and settle it as a success — the whole state update of one request's
// routing, without translation or I/O. Run by scripts/bench-routing.sh (release build).
import BenchClock
import OmniCore

#if canImport(Glibc)
import Glibc
#endif

func config(accountStrategy: AccountStrategyKind, comboStrategy: ComboStrategyKind) -> GatewayConfig {
    var config = GatewayConfig()
    for p in 0..<3 {
        var provider = ProviderConfig(id: "p\(p)")
        provider.format = .openai
        provider.baseURL = "http://127.0.0.1:910\(p)/v1"
        provider.accounts = (0..<10).map { AccountConfig(id: "p\(p)-\($0 + 1)", apiKey: "sk-\(p)-\($0)") }
        provider.models = [CatalogModel(id: "model", price: ModelPrice(input: Double(p + 1), output: Double(4 * (p + 1))))]
        provider.strategy = accountStrategy
        provider.limits = AccountLimits(requestsPerMinute: 1_000_000, maxConcurrent: 64)
        config.providers.append(provider)
    }
    config.combos = [ComboConfig(name: "trio", strategy: comboStrategy,
                                 steps: (0..<3).map { ComboStep(model: "p\($0)/model", weight: $0 + 1) })]
    return config
}

/// One routing decision, as the engine makes it for every request.
@inline(never)
func decide(_ table: RoutingTable, _ state: inout GatewayState, now: Instant) -> Int {
    guard case .success(let target) = table.resolve("trio"), case .combo(let combo) = target else { fatalError("unresolved") }
    var plan = state.plan(table.combos[combo].steps, combo: combo, fallback: table.fallback, table: table, now: now)
    guard case .account(let account, let model) = state.pick(&plan, table: table, now: now) else { fatalError("none available") }
    _ = state.begin(account: account, model: model, combo: combo, table: table, now: now)
    _ = state.succeeded(account: account, model: model, combo: combo, table: table, now: now)
    return account
}

@inline(never)
func resolveOnly(_ table: RoutingTable) -> Int {
    guard case .success(let target) = table.resolve("trio"), case .combo(let combo) = target else { fatalError("unresolved") }
    return combo
}

func measure(_ iterations: Int, _ body: () -> Int) -> Double {
    var sink = 0
    let start = monotonicNanoseconds()
    for _ in 0..<iterations { sink &+= body() }
    let elapsed = monotonicNanoseconds() - start
    if sink == -1 { print("") }
    return Double(iterations) / (Double(elapsed) / 1e9)
}

var runs = 7
var iterations = 1_000_000
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    case "--iterations": iterations = Int(arguments.popFirst() ?? "") ?? iterations
    default: print("usage: route-speed [--runs N] [--iterations N]"); exit(2)
    }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let pairs: [(AccountStrategyKind, ComboStrategyKind)] = [
    (.fillFirst, .priority), (.roundRobin, .roundRobin), (.powerOfTwoChoices, .weighted),
    (.random, .random), (.leastUsed, .leastUsed), (.costOptimized, .costOptimized),
]
print("routing decisions per second: combo of 3 providers × 10 accounts, release, one core, median of \(runs) runs × \(iterations)")
print("shared state per account: \(MemoryLayout<AccountState>.stride) bytes (AccountState); per provider \(MemoryLayout<ProviderState>.stride) bytes")
var baselines: [Double] = []
for _ in 0..<runs {
    let table = try! RoutingTable(catalog: Catalog(), config: config(accountStrategy: .fillFirst, comboStrategy: .priority))
    baselines.append(measure(iterations) { resolveOnly(table) })
}
let baseline = median(baselines)
print("baseline, resolve only: \(Int(baseline)) /s")
var slowest = Double.infinity
for (accountStrategy, comboStrategy) in pairs {
    var rates: [Double] = []
    for _ in 0..<runs {
        let table = try! RoutingTable(catalog: Catalog(), config: config(accountStrategy: accountStrategy, comboStrategy: comboStrategy))
        var state = GatewayState(table: table, seed: 42)
        var now = Instant(seconds: 1_780_000_000)
        rates.append(measure(iterations) {
            now = now + .microseconds(100)
            return decide(table, &state, now: now)
        })
    }
    let rate = median(rates)
    slowest = min(slowest, rate)
    print("\(accountStrategy.rawValue) + \(comboStrategy.rawValue): \(Int(rate)) decisions/s (\(Int((baseline / rate * 10).rounded()) / 10).\(Int((baseline / rate * 10).rounded()) % 10)× the cost of a bare resolve)")
}

// The goal: at least 1,000,000 decisions a second on one core, for every pair.
if slowest < 1_000_000 {
    print("FAIL: the slowest pair makes \(Int(slowest)) decisions/s, under the goal of 1,000,000")
    exit(1)
}

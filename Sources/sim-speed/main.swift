// Simulator speed (issue 6 goal: 24 simulated hours at 100 requests/s, 8.64 M requests, in
// ≤ 60 s on one core): plays `--hours` simulated hours (default 1) of the goal's traffic
// through the real engine and reports simulated requests per wall second and the time the
// full day would take at that rate. Run by scripts/bench-sim.sh (release build).
import BenchClock
import OmniConfig
import OmniCore
import OmniSim

#if canImport(Glibc)
import Glibc
#endif

/// This thread's CPU time (the machine may be shared: wall time includes other processes' turns).
func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}


let hours = CommandLine.arguments.count > 2 && CommandLine.arguments[1] == "--hours" ? Double(CommandLine.arguments[2]) ?? 1 : 1
let yaml = """
    providers:
      - id: a
        format: openai
        baseURL: http://a.invalid/v1
        apiKeys: [ka1, ka2]
        models: [m]
      - id: b
        format: anthropic
        baseURL: http://b.invalid
        auth: x-api-key
        apiKeys: [kb]
        models: [m]
    combos:
      - name: a-then-b
        models: [a/m, b/m]
    auth:
      requireApiKey: false
    """
let table = try GatewaySetup.load(yaml: yaml, source: "sim-speed.yaml", environment: [:]).table
var flaky = MockSpec()
flaky.errorRates = [503: 0.02]
var traffic = TrafficSpec(arrivals: .poisson(perSecond: 100), models: [("a-then-b", 1)])
traffic.formats = [(.openai, 2), (.anthropic, 1)]
traffic.streamShare = 0.3
let scenario = SimScenario(name: "sim-speed", seed: 1, duration: .nanoseconds(Int64(hours * 3.6e12)), table: table,
                           mocks: ["a": flaky], traffic: traffic)
var runner = SimRunner(scenario)
let start = monotonicNanoseconds(), cpuStart = threadCPUNanoseconds()
let result = runner.run()
let seconds = Double(monotonicNanoseconds() - start) / 1e9
let cpuSeconds = Double(threadCPUNanoseconds() - cpuStart) / 1e9
let rate = Double(result.requests) / seconds
print("sim-speed: \(result.requests) requests (\(hours) simulated h at 100/s) in \(String(format: "%.2f", seconds)) s: "
      + "\(Int(rate)) simulated requests/s; 24 h (8.64 M) would take \(Int(8_640_000 / rate)) s (goal ≤ 60 s); "
      + "succeeded \(result.succeeded), unfinished \(result.unfinished); "
      + "CPU \(String(format: "%.2f", cpuSeconds)) s, \(String(format: "%.2f", cpuSeconds / Double(max(result.requests, 1)) * 1e6)) µs per request")

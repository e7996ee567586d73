// The engine's cost per proxied request, without I/O: RequestFlow from arrival to usage row
// for the load benchmark's requests (scripts/loadtest: ~1 KB openai and anthropic requests,
// nginx's ~600-byte chat completion as the answer), with the gateway state shared as the
// server shares it. Run by scripts/bench-flow.sh (release build); the load benchmark's
// per-request CPU (docs/server.md) is this plus the HTTP edge and the kernel.
import BenchClock
import Foundation
import OmniConfig
import OmniCore
import OmniStore

#if canImport(Glibc)
import Glibc
#endif


/// The body wrk sends (`wrk.body = "…"` in a loadtest script), unescaped.
func luaBody(_ path: String) throws -> [UInt8] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("wrk.body") }),
          let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\"") else { fatalError("no wrk.body in \(path)") }
    return Array(line[line.index(after: open)..<close].replacingOccurrences(of: "\\\"", with: "\"").utf8)
}

/// nginx's fixed answer in upstream.conf (`return 200 '…'`).
func nginxAnswer(_ path: String) throws -> [UInt8] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let start = text.range(of: "return 200 '"), let end = text[start.upperBound...].firstIndex(of: "'") else { fatalError("no answer") }
    return Array(text[start.upperBound..<end].utf8)
}

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "scripts/loadtest"
let yaml = try String(contentsOfFile: root + "/gateway.yaml", encoding: .utf8).replacingOccurrences(of: "UPSTREAM", with: "9")
let benchSetup = try GatewaySetup.load(yaml: yaml, source: "gateway.yaml", environment: [:])
let answer = try nginxAnswer(root + "/upstream.conf")
let key = benchSetup.keyHasher.hash("sk-omni-bench")
/// The shared state and a clock that moves 1 ms a request.
final class Bench {
    var state: GatewayState
    var clock: Int64 = 1_780_000_000_000_000_000
    var lastRow: UsageRecord?
    init(_ table: RoutingTable) { state = GatewayState(table: table, seed: 1) }
}

/// One request: arrive → send → head → body → end → record.
@inline(never)
func request(_ format: WireFormat, _ body: [UInt8], _ bench: Bench) -> Int {
    let setup = benchSetup
    bench.clock += 1_000_000
    let at = Instant(nanoseconds: bench.clock)
    var flow = RequestFlow(table: setup.table)
    var sent = 0
    var actions = flow.handle(.arrived(IncomingRequest(format: format, body: body, gatewayKey: key,
                                                       headers: ["content-type": "application/json"], at: at)), state: &bench.state)
    for action in actions { if case .send(let request) = action { sent = request.attempt } }
    actions = flow.handle(.upstreamHead(attempt: sent, status: 200, headers: ["content-type": "application/json"], at: at), state: &bench.state)
    actions = flow.handle(.upstreamChunk(attempt: sent, bytes: answer, at: at), state: &bench.state)
    actions = flow.handle(.upstreamEnd(attempt: sent, at: at), state: &bench.state)
    var answered = 0
    for action in actions {
        if case .respond(let response) = action { answered = response.status }
        if case .record(let row) = action { bench.lastRow = row }
    }
    precondition(answered == 200 && flow.isFinished, "the flow did not answer 200")
    return answered
}

/// This thread's CPU time: on a shared machine a run's wall time includes the time other
/// processes held the core; the CPU time is what the engine itself spent.
func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

let bench = Bench(benchSetup.table)
let runs = 7, iterations = 20_000
/// A second argument (`openai`, `anthropic`) runs that client format only, for a profile of one path.
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
for (name, format, file) in [("openai→openai", WireFormat.openai, "openai.lua"), ("anthropic→openai", .anthropic, "anthropic.lua")]
where only == nil || only == format.rawValue {
    let body = try luaBody(root + "/" + file)
    for _ in 0..<2_000 { _ = request(format, body, bench) }
    var perRequest: [Double] = [], cpuPerRequest: [Double] = []
    for _ in 0..<runs {
        let start = monotonicNanoseconds(), cpuStart = threadCPUNanoseconds()
        for _ in 0..<iterations { _ = request(format, body, bench) }
        perRequest.append(Double(monotonicNanoseconds() - start) / Double(iterations) / 1000)
        cpuPerRequest.append(Double(threadCPUNanoseconds() - cpuStart) / Double(iterations) / 1000)
    }
    perRequest.sort()
    cpuPerRequest.sort()
    print(String(format: "flow-speed %@: %.1f µs per request (median of %d runs of %d; min %.1f, max %.1f); CPU %.2f µs (min %.2f)",
                 name, perRequest[runs / 2], runs, iterations, perRequest[0], perRequest[runs - 1], cpuPerRequest[runs / 2], cpuPerRequest[0]))
}

// The usage row's cost in the store: rows queued, then committed in batches as the server's
// writer does every 100 ms (the 10,000 rows of a second at the load benchmark's rate).
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flow-speed-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: directory) }
let store = try UsageStore(directory: directory)
guard let row = bench.lastRow else { fatalError("no usage row") }
var perRow: [Double] = []
for _ in 0..<runs {
    for _ in 0..<10_000 { store.append(row) }
    let start = monotonicNanoseconds()
    try store.flush()
    perRow.append(Double(monotonicNanoseconds() - start) / 10_000 / 1000)
}
perRow.sort()
print(String(format: "flow-speed usage row: %.1f µs per row committed (median of %d batches of 10,000; min %.1f, max %.1f)",
             perRow[runs / 2], runs, perRow[0], perRow[runs - 1]))

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1
import NIOPosix

/// `stream-check`: opens N concurrent streaming requests (ramped over a while so their first
/// bytes do not all coincide), reads each SSE stream to its end, and measures how long after
/// the upstream wrote it each event arrived here. The upstream is `omniroute mock-upstream`
/// with a `stamp` model, whose events carry the wall clock when written (`t=<ns>`): on the
/// same machine both sides read CLOCK_REALTIME, so receive time − stamp is the relay delay.
/// Run directly against the mock it gives the checker's own delay; through the gateway, the
/// gateway's on top. Exits 1 when fewer than N streams completed.
@main
enum StreamCheck {
    static let usage = """
        usage: stream-check --url http://HOST:PORT/PATH [--body JSON | --body-file FILE] [--key KEY]
                            [--header 'Name: value']… [--streams 1000] [--ramp-ms 1000] [--timeout-s 30]
                            [--threads 1] [--goal-ms 5] [--label NAME] [--csv FILE] [--pids PID,…]
        Prints p50/p99/max of the first event's relay delay, the count within --goal-ms, every
        event's delay, the first event's wait after the request, and failures; last a
        `result key=value…` line for scripts. --csv writes a line a stream (times from the first request).
        CPU during the run: the machine's, this process's and --pids' (Linux /proc), so a run
        disturbed by other work on the machine shows.
        """

    static func main() async {
        let options: Options
        do {
            options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            fail("stream-check: \(error)\n\(usage)", code: 2)
        }
        raiseFileLimit(needed: options.streams + 64)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
        let results: [StreamResult]
        let cpuBefore = CPUSample(pids: options.pids)
        do {
            results = try await run(options, group: group)
        } catch {
            fail("stream-check: \(error)", code: 1)
        }
        let cpu = cpuBefore.map { before in CPUSample(pids: options.pids).map { before.usage(until: $0) } } ?? nil
        try? await group.shutdownGracefully()
        let report = Report(options: options, results: results, cpu: cpu)
        if let path = options.csv, !writeCSV(results, to: path) { printError("stream-check: cannot write \(path)") }
        print(report.text)
        if report.complete < options.streams { exit(1) }
    }

    /// One line a stream, times in ms from the first request: when it was sent, when the
    /// upstream stamped its first event, that event's relay delay, how many stamped events came.
    static func writeCSV(_ results: [StreamResult], to path: String) -> Bool {
        guard let file = fopen(path, "w") else { return false }
        defer { fclose(file) }
        let origin = results.compactMap(\.sentAt).min() ?? 0
        func ms(_ ns: Int64?) -> String { ns.map { Report.ms(Double($0) / 1e6) } ?? "" }
        fputs("stream,sent_ms,first_stamp_ms,first_delay_ms,events,complete,problem\n", file)
        for (i, r) in results.enumerated() {
            let line = "\(i),\(ms(r.sentAt.map { $0 - origin })),\(ms(r.firstStamp.map { $0 - origin })),\(ms(r.delays.first)),"
                + "\(r.delays.count),\(r.complete),\(r.complete ? "" : r.problem.replacingComma())\n"
            fputs(line, file)
        }
        return true
    }

    static func fail(_ message: String, code: Int32) -> Never {
        printError(message)
        exit(code)
    }

    /// Each stream on the next event loop, opened at `start + i × ramp / N`.
    static func run(_ options: Options, group: MultiThreadedEventLoopGroup) async throws -> [StreamResult] {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: options.path)
        head.headers.add(name: "Host", value: "\(options.host):\(options.port)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Accept", value: "text/event-stream")
        head.headers.add(name: "Content-Length", value: "\(options.body.utf8.count)")
        if let key = options.key { head.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in options.headers { head.headers.add(name: name, value: value) }
        let request = Request(head: head, body: ByteBuffer(string: options.body), timeout: .milliseconds(Int64(options.timeoutSeconds * 1000)))
        // Resolved once: a host name per connect would go through NIO's resolver each time.
        let address = try SocketAddress.makeAddressResolvingHost(options.host, port: options.port)
        let start = NIODeadline.now() + .milliseconds(50)
        let step = options.streams > 1 ? options.rampMilliseconds * 1_000_000 / Double(options.streams) : 0
        var futures: [EventLoopFuture<StreamResult>] = []
        futures.reserveCapacity(options.streams)
        for i in 0..<options.streams {
            let loop = group.next()
            let promise = loop.makePromise(of: StreamResult.self)
            futures.append(promise.futureResult)
            loop.scheduleTask(deadline: start + .nanoseconds(Int64(step * Double(i)))) {
                open(address, request: request, on: loop, promise: promise)
            }
        }
        return try await EventLoopFuture.whenAllSucceed(futures, on: group.next()).get()
    }

    static func open(_ address: SocketAddress, request: Request, on loop: any EventLoop, promise: EventLoopPromise<StreamResult>) {
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(StreamHandler(request: request, promise: promise))
                }
            }
            .connect(to: address)
            .whenFailure { error in
                var result = StreamResult()
                result.failure = "connect: \(error)"
                promise.succeed(result)
            }
    }

    /// Lifts the soft limit on open files to the hard one: each stream is a socket.
    static func raiseFileLimit(needed: Int) {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(resource, &limit)
        }
        if limit.rlim_cur < rlim_t(needed) {
            printError("stream-check: only \(limit.rlim_cur) open files allowed (ulimit -n), \(needed) needed: some streams will fail")
        }
        reserveDescriptors(Int(min(limit.rlim_cur, rlim_t(needed))))
    }

    /// Grows the process's file descriptor table to `count` now, before the clock runs. Linux
    /// grows it as descriptors are opened (doubling: 256, 512, 1024…), and in a process with
    /// several threads each growth waits for an RCU grace period, which held the thread that
    /// opened the socket (and the reads queued behind it) for 10–30 ms here. The table never shrinks.
    static func reserveDescriptors(_ count: Int) {
        guard count > 3 else { return }
        let highest = Int32(count - 1)
        if dup2(2, highest) == highest { close(highest) }
    }
}

/// A line on standard error.
func printError(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Nanoseconds since the epoch, as the mock stamps its events.
func wallClock() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

struct Request: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer
    var timeout: TimeAmount
}

/// What one stream saw.
struct StreamResult: Sendable {
    var status: Int?
    /// The response ended cleanly (the whole chunked body arrived).
    var ended = false
    var failure: String?
    /// Relay delay of each stamped event in arrival order, in nanoseconds.
    var delays: [Int64] = []
    /// From the request written to the first stamped event, in nanoseconds.
    var firstEventWait: Int64?
    /// When the request was written (wall clock), and the first event's stamp.
    var sentAt: Int64?
    var firstStamp: Int64?
    /// The start of a refused answer's body, for the report.
    var errorBody = ""

    var complete: Bool { failure == nil && status == 200 && ended && !delays.isEmpty }

    var problem: String {
        if let failure { return failure }
        if let status, status != 200 { return "HTTP \(status): \(errorBody.prefix(120))" }
        if status == nil { return "no response" }
        if !ended { return "stream ended early" }
        return "no stamped event"
    }
}

/// Writes the request, then reads the answer: SSE events split at blank lines, each searched
/// for the mock's `t=<ns>` and timed at the read that completed it.
final class StreamHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let request: Request
    private let promise: EventLoopPromise<StreamResult>
    private var result = StreamResult()
    private var done = false
    private var sentAt: Int64 = 0
    private var timeout: Scheduled<Void>?
    /// The event being read, and how many non-CR bytes its current line has.
    private var event: [UInt8] = []
    private var lineLength = 0

    init(request: Request, promise: EventLoopPromise<StreamResult>) {
        self.request = request
        self.promise = promise
        event.reserveCapacity(512)
    }

    func channelActive(context: ChannelHandlerContext) {
        sentAt = wallClock()
        result.sentAt = sentAt
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let channel = context.channel
        timeout = context.eventLoop.scheduleTask(in: request.timeout) { channel.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            result.status = Int(head.status.code)
        case .body(let buffer):
            let received = wallClock()
            guard result.status == 200 else {
                if result.errorBody.count < 200 { result.errorBody += String(buffer: buffer) }
                return
            }
            for byte in buffer.readableBytesView {
                if byte == UInt8(ascii: "\n") {
                    if lineLength == 0 {
                        if !event.isEmpty { eventEnded(received: received) }
                        event.removeAll(keepingCapacity: true)
                    } else {
                        event.append(byte)
                    }
                    lineLength = 0
                } else {
                    if byte != UInt8(ascii: "\r") { lineLength += 1 }
                    event.append(byte)
                }
            }
        case .end:
            result.ended = true
            finish()
            context.close(promise: nil)
        }
    }

    private func eventEnded(received: Int64) {
        guard let stamp = Self.stamp(in: event) else { return }
        if result.delays.isEmpty { (result.firstEventWait, result.firstStamp) = (received - sentAt, stamp) }
        result.delays.append(received - stamp)
    }

    /// The first `t=` followed by at least 16 digits.
    static func stamp(in bytes: [UInt8]) -> Int64? {
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == UInt8(ascii: "t"), bytes[i + 1] == UInt8(ascii: "=") {
                var j = i + 2
                var value: Int64 = 0
                while j < bytes.count, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "9"), j - i < 21 {
                    value = value &* 10 &+ Int64(bytes[j] - UInt8(ascii: "0"))
                    j += 1
                }
                if j - i - 2 >= 16 { return value }
            }
            i += 1
        }
        return nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if result.failure == nil, !result.ended { result.failure = "\(error)" }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    private func finish() {
        guard !done else { return }
        done = true
        timeout?.cancel()
        promise.succeed(result)
    }
}

struct Options {
    var host = "127.0.0.1"
    var port = 80
    var path = "/"
    var body = ""
    var key: String?
    var headers: [(String, String)] = []
    var streams = 1000
    var rampMilliseconds: Double = 1000
    var timeoutSeconds: Double = 30
    var threads = 1
    var goalMilliseconds: Double = 5
    var label = ""
    var csv: String?
    /// Processes whose CPU time to report beside the machine's (the mock, the gateway).
    var pids: [Int] = []

    struct Invalid: Error, CustomStringConvertible { var description: String }

    init(arguments: [String]) throws {
        var url: String?
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let value = rest.popFirst() else { throw Invalid(description: "\(name) needs a value") }
            return value
        }
        func number(_ name: String) throws -> Double {
            let text = try value(name)
            guard let number = Double(text), number >= 0 else { throw Invalid(description: "\(name): not a number: \(text)") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--url": url = try value(argument)
            case "--body": body = try value(argument)
            case "--body-file":
                let path = try value(argument)
                guard let text = Self.read(path) else { throw Invalid(description: "cannot read \(path)") }
                body = text
            case "--key": key = try value(argument)
            case "--header":
                let header = try value(argument)
                guard let colon = header.firstIndex(of: ":") else { throw Invalid(description: "--header wants 'Name: value'") }
                headers.append((String(header[..<colon]), String(header[header.index(after: colon)...].drop { $0 == " " })))
            case "--streams": streams = Int(try number(argument))
            case "--ramp-ms": rampMilliseconds = try number(argument)
            case "--timeout-s": timeoutSeconds = try number(argument)
            case "--threads": threads = max(1, Int(try number(argument)))
            case "--goal-ms": goalMilliseconds = try number(argument)
            case "--label": label = try value(argument)
            case "--csv": csv = try value(argument)
            case "--pids":
                let list = try value(argument)
                pids = try list.split(separator: ",").map {
                    guard let pid = Int($0) else { throw Invalid(description: "--pids wants PID,PID…: \(list)") }
                    return pid
                }
            case "-h", "--help": throw Invalid(description: "help")
            default: throw Invalid(description: "unknown option \(argument)")
            }
        }
        guard let url else { throw Invalid(description: "--url is required") }
        guard url.hasPrefix("http://") else { throw Invalid(description: "only http:// URLs") }
        let afterScheme = url.dropFirst("http://".count)
        let authority = afterScheme.prefix { $0 != "/" }
        path = afterScheme.count > authority.count ? String(afterScheme.dropFirst(authority.count)) : "/"
        if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let port = Int(authority[authority.index(after: colon)...]) else { throw Invalid(description: "bad port in \(url)") }
            self.port = port
        } else {
            host = String(authority)
        }
        guard streams > 0 else { throw Invalid(description: "--streams must be at least 1") }
    }

    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

struct Report {
    let options: Options
    let complete: Int
    let text: String

    init(options: Options, results: [StreamResult], cpu: CPUUsage?) {
        self.options = options
        let done = results.filter(\.complete)
        complete = done.count
        let first = done.compactMap(\.delays.first).sorted()
        let every = done.flatMap(\.delays).sorted()
        let waits = done.compactMap(\.firstEventWait).sorted()
        let goal = Int64(options.goalMilliseconds * 1_000_000)
        let within = first.filter { $0 <= goal }.count
        var problems: [String: Int] = [:]
        for result in results where !result.complete { problems[result.problem, default: 0] += 1 }
        let n = options.streams
        let name = options.label.isEmpty ? "" : "\(options.label): "
        var lines = ["stream-check \(name)\(n) streams to http://\(options.host):\(options.port)\(options.path), opened over \(Self.plain(options.rampMilliseconds)) ms, \(options.threads) event loop\(options.threads == 1 ? "" : "s")"]
        lines.append("  first event relayed after the upstream wrote it: \(Self.spread(first)); \(within)/\(n) within \(Self.plain(options.goalMilliseconds)) ms")
        lines.append("  every event (\(every.count)): \(Self.spread(every))")
        lines.append("  first event after the request: \(Self.spread(waits))")
        lines.append("  complete \(complete)/\(n); failed \(n - complete)")
        for (problem, count) in problems.sorted(by: { $0.value > $1.value }).prefix(5) { lines.append("    \(count) × \(problem)") }
        if let cpu {
            lines.append("  CPU during the run (\(cpu.cores) cores = \(cpu.cores * 100) %): machine \(cpu.machine) %, stream-check \(cpu.own) %"
                         + (options.pids.isEmpty ? "" : ", --pids \(cpu.watched) %") + ", everything else \(cpu.others) %")
        }
        func value(_ sorted: [Int64], _ p: Double) -> String { sorted.isEmpty ? "nan" : Self.ms(Double(Self.percentile(sorted, p)) / 1e6) }
        lines.append("result label=\(options.label.isEmpty ? "-" : options.label) streams=\(n) complete=\(complete) failed=\(n - complete)"
                     + " p50_ms=\(value(first, 0.5)) p99_ms=\(value(first, 0.99)) max_ms=\(value(first, 1))"
                     + " within=\(within) goal_ms=\(Self.plain(options.goalMilliseconds))"
                     + " events=\(every.count) events_p99_ms=\(value(every, 0.99)) events_max_ms=\(value(every, 1))"
                     + " wait_p50_ms=\(value(waits, 0.5)) wait_p99_ms=\(value(waits, 0.99))"
                     + (cpu.map { " cpu_machine=\($0.machine) cpu_own=\($0.own) cpu_pids=\($0.watched) cpu_others=\($0.others)" } ?? ""))
        text = lines.joined(separator: "\n")
    }

    /// Nearest rank.
    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64 {
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func spread(_ sorted: [Int64]) -> String {
        guard !sorted.isEmpty else { return "none" }
        let (p50, p99, max) = (percentile(sorted, 0.5), percentile(sorted, 0.99), sorted[sorted.count - 1])
        return "p50 \(ms(Double(p50) / 1e6)) ms, p99 \(ms(Double(p99) / 1e6)) ms, max \(ms(Double(max) / 1e6)) ms"
    }

    /// An option as given: no decimals when whole.
    static func plain(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)" }

    /// Two decimals under 10 ms, one under 100, none above.
    static func ms(_ value: Double) -> String {
        let decimals = value < 10 ? 2 : value < 100 ? 1 : 0
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if decimals == 0, text.hasSuffix(".0") { text.removeLast(2) }
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) - 1 < decimals {
            text += String(repeating: "0", count: decimals - (text.distance(from: dot, to: text.endIndex) - 1))
        }
        return text
    }
}

extension String {
    func replacingComma() -> String { String(map { $0 == "," ? ";" : $0 }) }
}

/// CPU time so far (Linux /proc, in clock ticks): the machine's busy and total time, this
/// process's, and that of some other processes.
struct CPUSample {
    var busy: Int
    var total: Int
    var cores: Int
    var own: Int
    var watched: Int

    init?(pids: [Int]) {
        guard let stat = Options.read("/proc/stat"), let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let ticks = line.split(separator: " ").dropFirst().prefix(8).compactMap { Int($0) }
        guard ticks.count == 8 else { return nil }
        total = ticks.reduce(0, +)
        busy = total - ticks[3] - ticks[4]
        cores = max(1, stat.split(separator: "\n").filter { $0.hasPrefix("cpu") && !$0.hasPrefix("cpu ") }.count)
        own = Self.processTicks("/proc/self/stat") ?? 0
        watched = pids.compactMap { Self.processTicks("/proc/\($0)/stat") }.reduce(0, +)
    }

    /// utime + stime: the 14th and 15th fields, counted after the command's closing parenthesis.
    static func processTicks(_ path: String) -> Int? {
        guard let text = Options.read(path), let paren = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: paren)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    func usage(until end: CPUSample) -> CPUUsage {
        let elapsed = max(1, end.total - total)
        func percent(_ ticks: Int) -> Int { Int((Double(ticks) * Double(cores) * 100 / Double(elapsed)).rounded()) }
        let (machine, own, watched) = (percent(end.busy - busy), percent(end.own - self.own), percent(end.watched - self.watched))
        return CPUUsage(cores: cores, machine: machine, own: own, watched: watched, others: max(0, machine - own - watched))
    }
}

/// Percent of one core over a run (a 2-core machine has 200 %).
struct CPUUsage {
    var cores: Int
    var machine: Int
    var own: Int
    var watched: Int
    var others: Int
}

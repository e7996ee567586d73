// libFuzzer harnesses for OmniCore. Not a SwiftPM target: scripts/fuzz compiles this file
// together with Sources/OmniCore/**/*.swift into one module (`-module-name OmniCore`) with
// `-sanitize=fuzzer,address`, so the harnesses reach internal API as well as public.
//
// One binary, 13 targets, chosen by the environment variable FUZZ_TARGET:
//   request-<format>   byte 0 picks the target format (and options), the rest is the body:
//                      Translator.translate(bytes, kind: .request, from: <format>, to: …)
//   response-<format>  the same with kind: .response
//   sse                SSEParser fed in pieces, then finish() or finish(flushing:)
//   stream-<format>    byte 0 picks the target format, then the piece sizes, then the
//                      stream: StreamTranslator(from: <format>, to: …) and StreamAggregator
//
// A correct run never crashes, hangs or trips ASan. TranslationError and JSONSyntaxError are
// expected outcomes; any other error thrown is reported as a crash.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FuzzTarget: Sendable {
    case request(WireFormat)
    case response(WireFormat)
    case sse
    case stream(WireFormat)

    static let all: [String: FuzzTarget] = {
        var all: [String: FuzzTarget] = ["sse": .sse]
        for format in WireFormat.allCases {
            all["request-\(format.rawValue)"] = .request(format)
            all["response-\(format.rawValue)"] = .response(format)
            all["stream-\(format.rawValue)"] = .stream(format)
        }
        return all
    }()

    /// Read once: a global is initialised lazily, exactly once.
    static let selected: FuzzTarget = {
        guard let raw = getenv("FUZZ_TARGET") else { fail("FUZZ_TARGET is not set") }
        let name = String(cString: raw)
        guard let target = all[name] else { fail("unknown FUZZ_TARGET '\(name)'") }
        return target
    }()

    private static func fail(_ message: String) -> Never {
        let names = all.keys.sorted().joined(separator: " ")
        let text = Array("omniroute-fuzz: \(message); one of: \(names)\n".utf8)
        _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }
}

/// The fuzzer's bytes, read front to back.
struct FuzzInput {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The rest of the input as its own array (an exact-size heap block, so ASan sees overruns).
    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }

    /// Chunk header: one byte `n` (count = n & 7), then `count` size bytes used in a cycle.
    /// Count 0 means one piece. A size byte is a piece length in 0…255; 0 feeds an empty chunk.
    mutating func pieceSizes() -> [Int] {
        let count = Int(byte() & 7)
        return (0..<count).map { _ in Int(byte()) }
    }
}

/// Splits `stream` into pieces of the cycling `sizes` (the whole when `sizes` is empty or all 0).
func pieces(of stream: [UInt8], sizes: [Int]) -> [[UInt8]] {
    guard sizes.contains(where: { $0 > 0 }) else { return [stream] }
    var out: [[UInt8]] = []
    var at = 0
    var turn = 0
    while at < stream.count {
        let size = min(sizes[turn % sizes.count], stream.count - at)
        out.append(Array(stream[at..<(at + size)]))
        at += size
        turn += 1
    }
    return out
}

/// Options byte of the request/response/stream targets: bits 0–1 pick the target format,
/// bit 2 overrides the model, bits 3–4 pick extra paths.
struct Options {
    let target: WireFormat
    let model: String?
    let viaJSON: Bool
    let playback: Bool

    init(_ byte: UInt8) {
        target = WireFormat.allCases[Int(byte & 3)]
        model = byte & 4 != 0 ? "fuzz-model" : nil
        viaJSON = byte & 8 != 0
        playback = byte & 16 != 0
    }
}

@inline(never)
func consume(_ bytes: [UInt8]) {
    // Touch the output so nothing is optimised away.
    if bytes.count == Int.max { print(bytes) }
}

/// Only the project's own errors are acceptable outcomes.
func expected(_ error: any Error) {
    switch error {
    case let e as TranslationError: consume(Array(e.description.utf8))
    case let e as JSONSyntaxError: consume(Array(e.description.utf8))
    default: fatalError("unexpected error type \(type(of: error)): \(error)")
    }
}

func fuzzPayload(_ kind: PayloadKind, from source: WireFormat, _ input: inout FuzzInput) {
    let options = Options(input.byte())
    let body = input.rest()
    do {
        consume(try Translator.translate(body, kind: kind, from: source, to: options.target, model: options.model))
    } catch {
        expected(error)
    }
    if options.viaJSON {
        // The JSON-level API, with schemas parsed rather than kept raw.
        do {
            let json = try JSONParser.parse(body)
            let out = try Translator.translate(json, kind: kind, from: source, to: options.target, model: options.model)
            consume(JSONWriter.encode(out))
        } catch {
            expected(error)
        }
    }
    if options.playback, kind == .response {
        do { consume(try StreamPlayback.stream(body, from: source, to: options.target)) } catch { expected(error) }
    }
}

func fuzzSSE(_ input: inout FuzzInput) {
    let flags = input.byte()
    let sizes = input.pieceSizes()
    let stream = input.rest()
    var parser = SSEParser()
    var events: [SSEEvent] = []
    for piece in pieces(of: stream, sizes: sizes) {
        parser.feed(piece) { events.append($0) }
    }
    if flags & 1 != 0 {
        _ = parser.finish(flushing: { events.append($0) })
    } else {
        _ = parser.finish()
    }
    _ = parser.unknownFieldLines
    for event in events { consume(event.data) }
}

func fuzzStream(from source: WireFormat, _ input: inout FuzzInput) {
    let options = Options(input.byte())
    let sizes = input.pieceSizes()
    let chunks = pieces(of: input.rest(), sizes: sizes)

    var translator = StreamTranslator(from: source, to: options.target, model: options.model)
    for chunk in chunks { consume(translator.feed(chunk)) }
    consume(translator.finish())
    _ = translator.outcome

    var aggregator = StreamAggregator(from: source)
    for chunk in chunks { aggregator.feed(chunk) }
    switch aggregator.finish() {
    case .success(let response):
        // The gateway's path for a streamed upstream and a non-streaming client.
        do { consume(JSONWriter.encode(try Translator.encodeResponse(response, to: options.target))) } catch { expected(error) }
        _ = StreamPlayback.events(for: response)
    case .failure(let error):
        consume(Array(error.message.utf8))
    }
}

/// Checks FUZZ_TARGET before libFuzzer starts (an exit inside a run would count as a crash).
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    _ = FuzzTarget.selected
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(bytes: UnsafeBufferPointer(start: size > 0 ? data : nil, count: size))
    switch FuzzTarget.selected {
    case .request(let format): fuzzPayload(.request, from: format, &input)
    case .response(let format): fuzzPayload(.response, from: format, &input)
    case .sse: fuzzSSE(&input)
    case .stream(let format): fuzzStream(from: format, &input)
    }
    return 0
}

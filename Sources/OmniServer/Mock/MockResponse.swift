import HTTPTypes
import Hummingbird
import NIOCore
import NIOPosix
import OmniCore

/// Hummingbird responses for mock-upstream: JSON bodies and errors in a format's own shape.
enum MockResponse {
    static func fields(_ headers: HeaderFields) -> HTTPFields {
        var fields = HTTPFields()
        for field in headers { if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) } }
        return fields
    }

    static func json(_ status: Int, _ body: [UInt8]) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func error(_ error: GatewayError, _ format: WireFormat) -> Response {
        let response = error.response(for: format)
        return Response(status: .init(code: response.status), headers: fields(response.headers), body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    /// The body, or nil when it is over the limit.
    static func collect(_ body: RequestBody, limit: Int) async -> [UInt8]? {
        var bytes: [UInt8] = []
        do {
            for try await buffer in body {
                if bytes.count + buffer.readableBytes > limit { return nil }
                bytes.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            return bytes
        }
        return bytes
    }
}

/// The mock's pauses, on an event loop's timer.
///
/// `Task.sleep` goes through Dispatch's timer thread and back onto the event loops (the
/// global executor here, `ConcurrencyOnEventLoops`): a thread hop and a futex wake-up per
/// pause, most of mock-upstream's CPU while it paced 1,000 streams (perf), which then took the
/// CPU the gateway under test needed. A loop's own timer fires on the loop.
enum MockPause {
    static func sleep(nanoseconds: UInt64) async throws {
        try Task.checkCancellation()
        let scheduled = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(Int64(min(nanoseconds, UInt64(Int64.max))))) {}
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }

    static func sleep(for duration: Duration) async throws {
        let (seconds, attoseconds) = duration.components
        try await sleep(nanoseconds: UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds / 1_000_000_000)))
    }
}

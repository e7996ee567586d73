import HTTPTypes
import Hummingbird
import NIOCore
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

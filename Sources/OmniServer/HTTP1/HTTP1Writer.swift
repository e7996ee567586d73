import NIOCore
import NIOHTTP1
import OmniCore

/// Writes HTTP/1.1 heads and chunks into one buffer, so an answer (or a request) leaves in a
/// single write. The framing fields (Content-Length, Transfer-Encoding, Connection, Host and
/// the other hop-by-hop fields) are the writer's: ones in the given fields are left out.
enum HTTP1Writer {
    /// `HTTP/1.1 200 OK` and its CRLF.
    static func statusLine(_ status: Int, minorVersion: Int, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(minorVersion == 0 ? "HTTP/1.0 " : "HTTP/1.1 ")
        writeDecimal(status, into: &buffer)
        buffer.writeInteger(UInt8.space)
        buffer.writeString(HTTPResponseStatus(statusCode: status).reasonPhrase)
        buffer.writeStaticString("\r\n")
    }

    /// `POST /v1/chat/completions HTTP/1.1`, its CRLF and the `Host` field.
    static func requestLine(method: String, target: String, host: String, into buffer: inout ByteBuffer) {
        buffer.writeString(method)
        buffer.writeInteger(UInt8.space)
        buffer.writeString(target)
        buffer.writeStaticString(" HTTP/1.1\r\nhost: ")
        buffer.writeString(host)
        buffer.writeStaticString("\r\n")
    }

    /// Each field as `name: value`, less the framing fields, and less any field that could not
    /// be sent as it is (a name that is not a token, a value with CR, LF or NUL: written, it
    /// would split the head).
    static func fields(_ headers: HeaderFields, into buffer: inout ByteBuffer) {
        for field in headers where !isFraming(field.name) && isSendable(field) {
            buffer.writeString(field.name)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
    }

    static func contentLength(_ length: Int, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("content-length: ")
        writeDecimal(length, into: &buffer)
        buffer.writeStaticString("\r\n")
    }

    /// One chunk of a chunked body: size in hex, CRLF, the bytes, CRLF.
    static func chunk(_ bytes: [UInt8], into buffer: inout ByteBuffer) {
        guard !bytes.isEmpty else { return }
        writeHex(bytes.count, into: &buffer)
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(bytes)
        buffer.writeStaticString("\r\n")
    }

    static let lastChunk: StaticString = "0\r\n\r\n"

    static func isFraming(_ name: String) -> Bool {
        switch name.utf8.count {
        case 2: ASCIICase.equal(name, "te")
        case 4: ASCIICase.equal(name, "host")
        case 7: ASCIICase.equal(name, "upgrade") || ASCIICase.equal(name, "trailer")
        case 10: ASCIICase.equal(name, "connection") || ASCIICase.equal(name, "keep-alive")
        case 14: ASCIICase.equal(name, "content-length")
        case 16: ASCIICase.equal(name, "proxy-connection")
        case 17: ASCIICase.equal(name, "transfer-encoding")
        default: false
        }
    }

    static func isSendable(_ field: HeaderFields.Field) -> Bool {
        !field.name.isEmpty && field.name.utf8.allSatisfy(HTTP1Parser.isToken)
            && !field.value.utf8.contains(where: { $0 == .cr || $0 == .lf || $0 == 0 })
    }

    private static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            var rest = max(0, value), index = raw.count
            repeat {
                index -= 1
                raw[index] = UInt8.digit0 + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[index...]))
        }
    }

    private static func writeHex(_ value: Int, into buffer: inout ByteBuffer) {
        let hex: StaticString = "0123456789abcdef"
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4
        while shift >= 0 {
            buffer.writeInteger(hex.utf8Start[(value >> shift) & 0xF])
            shift -= 4
        }
    }
}

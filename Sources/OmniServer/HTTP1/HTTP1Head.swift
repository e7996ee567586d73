import OmniCore

/// A request's head as the edge reads it: the fields as sent, and the framing already decided.
struct HTTP1RequestHead: Sendable {
    var method: String
    /// The request target as sent: path and query.
    var target: String
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    var minorVersion: Int
    var headers: HeaderFields
    /// The connection may carry another request after this one's answer.
    var keepAlive: Bool
    /// `Expect: 100-continue`: the client waits for a 100 before it sends the body.
    var expectsContinue: Bool
    /// The body's length when `Content-Length` gives it; nil when chunked or bodiless.
    var contentLength: Int?

    /// The path without the query.
    var path: Substring {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return Substring(target) }
        return target[..<mark]
    }
}

/// An upstream answer's head.
struct HTTP1ResponseHead: Sendable {
    var status: Int
    var minorVersion: Int
    var headers: HeaderFields
    /// The connection may serve another request after this answer.
    var keepAlive: Bool
}

/// Why bytes are not HTTP/1.1: the status to answer with (a request) and what was wrong.
struct HTTP1ParseError: Error, Equatable, Sendable {
    /// 400, 413 (a chunked body over the limit), 431 (head too large), 501 (a transfer coding
    /// other than chunked) or 505 (not HTTP/1.x).
    var status: Int
    var reason: String
}

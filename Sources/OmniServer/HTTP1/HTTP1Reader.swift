import NIOCore

/// A connection's reads turned into parts: the bytes an incomplete part left from the last
/// read go in front of the new ones, and whatever the parser cannot use yet is kept for the
/// next. The edge and the upstream connection both read this way:
/// `reader.append(read); while let part = try reader.next() { … }`.
struct HTTP1Reader {
    var parser: HTTP1Parser
    /// Bytes not parsed yet; nil between reads once all were used (holding a read buffer
    /// stops NIO reusing it).
    private var unread: ByteBuffer?

    /// Bytes that are not HTTP/1.x, with the unread bytes from where the parser stopped (the
    /// edge answers in the format of the failed request line's endpoint).
    struct Failure: Error {
        let error: HTTP1ParseError
        let unread: ByteBuffer
    }

    init(_ parser: HTTP1Parser) { self.parser = parser }

    /// A read from the connection, after what is left of the last one.
    mutating func append(_ buffer: ByteBuffer) {
        if unread == nil {
            unread = buffer
        } else {
            var buffer = buffer
            unread!.writeBuffer(&buffer)
        }
    }

    /// The next complete part; nil when the bytes so far do not finish one.
    mutating func next() throws(Failure) -> HTTP1Parser.Part? {
        guard unread != nil else { return nil }
        do {
            if let part = try parser.next(&unread!) { return part }
        } catch {
            throw Failure(error: error, unread: unread!)
        }
        if unread!.readableBytes == 0 { unread = nil }
        return nil
    }

    /// Forgets the bytes not parsed yet (the connection is refused).
    mutating func dropUnread() { unread = nil }
}

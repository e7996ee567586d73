import NIOCore
import OmniCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An incremental HTTP/1.1 reader for the edge (requests) and the upstream client (answers):
/// bytes in as they arrive, parts out, nothing buffered that the caller does not hold.
///
/// Written by hand instead of NIO's `HTTPDecoder`: under load the decoder's channel handlers,
/// header validators, part wrappers and `HTTPHeaders` conversions cost several times the
/// parsing itself (docs/server.md, "Speed"). Framing follows RFC 9112: Content-Length or
/// chunked, a request with both refused (request smuggling), a transfer coding other than
/// chunked refused; heads are read strictly (no obs-fold, no bare CR, no space before a colon,
/// no control bytes in a value).
struct HTTP1Parser {
    enum Kind { case request, response }

    enum Part {
        case request(HTTP1RequestHead)
        /// An answer's head; 1xx heads (100 Continue) come too, and the answer follows them.
        case response(HTTP1ResponseHead)
        /// A piece of the body as it arrived: a slice of the caller's buffer.
        case body(ByteBuffer)
        case end
    }

    private enum State {
        case head
        /// The head or the body is complete: `.end` comes next, without more bytes.
        case endOfMessage
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        /// An answer without Content-Length or chunked: its body ends when the connection does.
        case untilClose
    }

    let kind: Kind
    /// A head (request or status line and fields), a chunk-size line or trailers longer than
    /// this are refused (431).
    let headLimit: Int
    /// A chunked body longer than this is refused (413). A Content-Length over it is the
    /// caller's to refuse, before the body arrives.
    let bodyLimit: Int
    /// The only fields a 2xx answer's head keeps (lowercase); nil: all. The framing fields
    /// are read either way.
    let successFieldsKept: [String]?
    private var state = State.head
    /// How far the head's end has been searched for: a head arriving in pieces is scanned once.
    private var scanned = 0
    private var chunkedBytes = 0

    init(kind: Kind, headLimit: Int = 64 * 1024, bodyLimit: Int = .max, successFieldsKept: [String]? = nil) {
        (self.kind, self.headLimit, self.bodyLimit, self.successFieldsKept) = (kind, headLimit, bodyLimit, successFieldsKept)
    }

    /// Between messages, with nothing of the next one read yet.
    var isBetweenMessages: Bool {
        if case .head = state { return scanned == 0 }
        return false
    }

    /// The next part, its bytes consumed from `buffer`; nil when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) throws(HTTP1ParseError) -> Part? {
        switch state {
        case .head:
            return try head(&buffer)
        case .endOfMessage:
            state = .head
            return .end
        case .fixed(let remaining):
            guard let (slice, left) = Self.body(&buffer, upTo: remaining) else { return nil }
            state = left == 0 ? .endOfMessage : .fixed(remaining: left)
            return .body(slice)
        case .untilClose:
            guard buffer.readableBytes > 0 else { return nil }
            return .body(buffer.readSlice(length: buffer.readableBytes)!)
        case .chunkSize:
            guard let size = try chunkSize(&buffer) else { return nil }
            if size == 0 {
                state = .trailers
                return try next(&buffer)
            }
            chunkedBytes += size
            if chunkedBytes > bodyLimit { throw HTTP1ParseError(status: 413, reason: "request body is over the limit of \(bodyLimit) bytes") }
            state = .chunkData(remaining: size)
            return try next(&buffer)
        case .chunkData(let remaining):
            guard let (slice, left) = Self.body(&buffer, upTo: remaining) else { return nil }
            state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
            return .body(slice)
        case .chunkDataEnd:
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
            if first == .lf {
                buffer.moveReaderIndex(forwardBy: 1)
            } else if first == .cr {
                guard let second = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else { return nil }
                guard second == .lf else { throw Self.bad("a chunk's data is not followed by CRLF") }
                buffer.moveReaderIndex(forwardBy: 2)
            } else {
                throw Self.bad("a chunk's data is longer than its size")
            }
            state = .chunkSize
            return try next(&buffer)
        case .trailers:
            // Trailer fields are read past, not used: the gateway reads none.
            guard let end = try endOfHead(buffer, from: 0, allowEmpty: true) else { return nil }
            buffer.moveReaderIndex(forwardBy: end)
            scanned = 0
            chunkedBytes = 0
            state = .head
            return .end
        }
    }

    /// As much of the `remaining` body bytes as have arrived, and how many are still to come;
    /// nil when none have.
    private static func body(_ buffer: inout ByteBuffer, upTo remaining: Int) -> (ByteBuffer, left: Int)? {
        guard buffer.readableBytes > 0 else { return nil }
        let count = min(remaining, buffer.readableBytes)
        return (buffer.readSlice(length: count)!, remaining - count)
    }

    /// The connection closed: the end of an answer read until close; nil when no message was
    /// being read or one was cut short (`isBetweenMessages` tells which).
    mutating func connectionClosed() -> Part? {
        guard case .untilClose = state else { return nil }
        state = .head
        return .end
    }

    // MARK: heads

    private mutating func head(_ buffer: inout ByteBuffer) throws(HTTP1ParseError) -> Part? {
        if scanned == 0 {
            // RFC 9112 §2.2: empty lines before a request line are ignored (some clients end a
            // body with an extra CRLF).
            while let byte = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self), byte == .cr || byte == .lf {
                buffer.moveReaderIndex(forwardBy: 1)
            }
            if buffer.readableBytes == 0 { return nil }
        }
        guard let end = try endOfHead(buffer, from: scanned, allowEmpty: false) else {
            scanned = buffer.readableBytes
            return nil
        }
        scanned = 0
        // withUnsafeReadableBytes rethrows untyped: the closure hands back a Result instead.
        let part = buffer.withUnsafeReadableBytes { bytes in
            var reader = HeadReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[..<end]))
            return Result { () throws(HTTP1ParseError) -> Part in
                switch kind {
                case .request: try requestHead(&reader)
                case .response: try responseHead(&reader)
                }
            }
        }
        // A refused head stays in the buffer: the edge reads its request line for the format.
        let parsed = try part.get()
        buffer.moveReaderIndex(forwardBy: end)
        return parsed
    }

    /// The offset just past the empty line that ends a head (or trailers), or nil when it has
    /// not arrived yet.
    private func endOfHead(_ buffer: ByteBuffer, from start: Int, allowEmpty: Bool) throws(HTTP1ParseError) -> Int? {
        let found: Int? = buffer.withUnsafeReadableBytes { bytes in
            if allowEmpty, bytes.count >= 1, bytes[0] == .lf { return 1 }
            if allowEmpty, bytes.count >= 2, bytes[0] == .cr, bytes[1] == .lf { return 2 }
            var index = max(start, 1)
            while index < bytes.count {
                guard let base = bytes.baseAddress,
                      let hit = memchr(base + index, Int32(UInt8.lf), bytes.count - index) else { return nil }
                let position = base.distance(to: UnsafeRawPointer(hit))
                if bytes[position - 1] == .lf || (position >= 2 && bytes[position - 1] == .cr && bytes[position - 2] == .lf) {
                    return position + 1
                }
                index = position + 1
            }
            return nil
        }
        if let found {
            if found > headLimit { throw HTTP1ParseError(status: 431, reason: "the request's head is over \(headLimit) bytes") }
            return found
        }
        if buffer.readableBytes > headLimit { throw HTTP1ParseError(status: 431, reason: "the request's head is over \(headLimit) bytes") }
        return nil
    }

    private mutating func requestHead(_ reader: inout HeadReader) throws(HTTP1ParseError) -> Part {
        let line = try reader.line()
        let bytes = reader.bytes
        guard let firstSpace = line.firstIndex(where: { bytes[$0] == .space }) else { throw Self.bad("the request line is not 'METHOD target HTTP/1.1'") }
        let method = line.lowerBound..<firstSpace
        guard !method.isEmpty, method.allSatisfy({ Self.isToken(bytes[$0]) }) else { throw Self.bad("the request method is not a token") }
        let afterMethod = firstSpace + 1..<line.upperBound
        guard let secondSpace = afterMethod.firstIndex(where: { bytes[$0] == .space }) else {
            throw Self.bad("the request line is not 'METHOD target HTTP/1.1'")
        }
        let target = afterMethod.lowerBound..<secondSpace
        guard !target.isEmpty, target.allSatisfy({ bytes[$0] > .space && bytes[$0] != 0x7F }) else { throw Self.bad("the request target is empty or has control bytes") }
        let minor = try Self.version(bytes, secondSpace + 1..<line.upperBound, isRequest: true)
        var fields = try fields(&reader, minor: minor)
        if !fields.codings.isEmpty {
            if fields.contentLength != nil { throw Self.bad("a request may not carry both Content-Length and Transfer-Encoding") }
            // RFC 9112 §6.3: a request whose last coding is not chunked cannot be framed.
            guard fields.codings.last == "chunked", fields.codings.firstIndex(of: "chunked") == fields.codings.count - 1 else {
                throw Self.bad("chunked must be the last transfer coding, and only once")
            }
            guard fields.codings.count == 1 else { throw HTTP1ParseError(status: 501, reason: "only the chunked transfer coding is supported") }
            state = .chunkSize
        } else if let length = fields.contentLength, length > 0 {
            state = .fixed(remaining: length)
        } else {
            state = .endOfMessage
        }
        // A 100 Continue only where a body is to come.
        if fields.codings.isEmpty, (fields.contentLength ?? 0) == 0 { fields.expectsContinue = false }
        return .request(HTTP1RequestHead(method: Self.string(bytes, method), target: Self.string(bytes, target), minorVersion: minor,
                                         headers: fields.headers, keepAlive: fields.keepAlive,
                                         expectsContinue: fields.expectsContinue && minor == 1,
                                         contentLength: fields.codings.isEmpty ? fields.contentLength : nil))
    }

    private mutating func responseHead(_ reader: inout HeadReader) throws(HTTP1ParseError) -> Part {
        let line = try reader.line()
        let bytes = reader.bytes
        // "HTTP/1.1 200 OK": the reason phrase may be empty or missing.
        guard line.count >= 12, bytes[line.lowerBound + 8] == .space else { throw Self.bad("the status line is not 'HTTP/1.1 code reason'") }
        let minor = try Self.version(bytes, line.lowerBound..<line.lowerBound + 8, isRequest: false)
        var status = 0
        for index in line.lowerBound + 9..<line.lowerBound + 12 {
            guard (UInt8.digit0...UInt8.digit9).contains(bytes[index]) else { throw Self.bad("the status code is not three digits") }
            status = status * 10 + Int(bytes[index] - .digit0)
        }
        if line.count > 12, bytes[line.lowerBound + 12] != .space { throw Self.bad("the status code is not three digits") }
        let kept = (200..<300).contains(status) ? successFieldsKept : nil
        let fields = try fields(&reader, minor: minor, keeping: kept)
        var keepAlive = fields.keepAlive
        if status < 200 {
            // An interim answer: the real one follows on the same connection.
        } else if status == 204 || status == 304 {
            state = .endOfMessage
        } else if !fields.codings.isEmpty {
            if fields.codings.last == "chunked" {
                state = .chunkSize
            } else {
                state = .untilClose
                keepAlive = false
            }
        } else if let length = fields.contentLength {
            state = length > 0 ? .fixed(remaining: length) : .endOfMessage
        } else {
            state = .untilClose
            keepAlive = false
        }
        return .response(HTTP1ResponseHead(status: status, minorVersion: minor, headers: fields.headers, keepAlive: keepAlive))
    }

    /// What the fields say about framing and the connection, with the fields themselves.
    fileprivate struct Fields {
        var headers = HeaderFields(capacity: 12)
        var contentLength: Int?
        /// Transfer-Encoding's codings in order, lowercased (rarely any: allocated only then).
        var codings: [String] = []
        var keepAlive: Bool
        var expectsContinue = false
    }

    /// The head's fields; only those named in `kept` (any case) when it is given.
    private func fields(_ reader: inout HeadReader, minor: Int, keeping kept: [String]? = nil) throws(HTTP1ParseError) -> Fields {
        var fields = Fields(keepAlive: minor == 1)
        let bytes = reader.bytes
        while true {
            let line = try reader.line()
            if line.isEmpty { return fields }
            if bytes[line.lowerBound] == .space || bytes[line.lowerBound] == .tab { throw Self.bad("folded header lines (obs-fold) are not accepted") }
            guard let colon = line.firstIndex(where: { bytes[$0] == .colon }) else { throw Self.bad("a header line has no colon") }
            let name = line.lowerBound..<colon
            guard !name.isEmpty, name.allSatisfy({ Self.isToken(bytes[$0]) }) else { throw Self.bad("a header name is empty or not a token") }
            var value = colon + 1..<line.upperBound
            while let first = value.first, bytes[first] == .space || bytes[first] == .tab { value = value.dropFirst() }
            while let last = value.last, bytes[last] == .space || bytes[last] == .tab { value = value.dropLast() }
            for index in value where bytes[index] < .space && bytes[index] != .tab || bytes[index] == 0x7F {
                throw Self.bad("the value of header '\(Self.string(bytes, name))' has a control byte")
            }
            try fields.read(bytes, name: name, value: value)
            if let kept, !kept.contains(where: { HTTP1Bytes.equalsIgnoringCase(bytes, name, lowercase: $0) }) { continue }
            fields.headers.append(Self.string(bytes, name), Self.string(bytes, value))
        }
    }

    // MARK: chunks

    /// A chunk-size line's size, consumed; nil when the line has not arrived.
    private func chunkSize(_ buffer: inout ByteBuffer) throws(HTTP1ParseError) -> Int? {
        let result = buffer.withUnsafeReadableBytes { bytes in Result { () throws(HTTP1ParseError) -> (size: Int, length: Int)? in
            guard let lf = bytes.firstIndex(of: .lf) else {
                if bytes.count > headLimit { throw Self.bad("a chunk-size line is too long") }
                return nil
            }
            var size = 0, digits = 0, index = 0
            while index < lf, let digit = Self.hexValue(bytes[index]) {
                size = size << 4 | digit
                digits += 1
                index += 1
                if digits > 15 { throw Self.bad("a chunk size is too large") }
            }
            guard digits > 0 else { throw Self.bad("a chunk-size line has no size") }
            // Chunk extensions (";name=value") are allowed and ignored; nothing else may follow.
            let rest = index..<(lf > 0 && bytes[lf - 1] == .cr ? lf - 1 : lf)
            if let first = rest.first, bytes[first] != .semicolon, bytes[first] != .space, bytes[first] != .tab {
                throw Self.bad("a chunk size is not hexadecimal")
            }
            if rest.contains(where: { bytes[$0] == .cr }) { throw Self.bad("a chunk-size line has a bare CR") }
            return (size, lf + 1)
        } }
        guard let result = try result.get() else { return nil }
        buffer.moveReaderIndex(forwardBy: result.length)
        return result.size
    }

    // MARK: bytes

    private static func version(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, isRequest: Bool) throws(HTTP1ParseError) -> Int {
        guard range.count == 8, bytes[range.lowerBound] == UInt8(ascii: "H"), bytes[range.lowerBound + 1] == UInt8(ascii: "T"),
              bytes[range.lowerBound + 2] == UInt8(ascii: "T"), bytes[range.lowerBound + 3] == UInt8(ascii: "P"),
              bytes[range.lowerBound + 4] == UInt8(ascii: "/"), bytes[range.lowerBound + 6] == UInt8(ascii: "."),
              (UInt8.digit0...UInt8.digit9).contains(bytes[range.lowerBound + 5]), (UInt8.digit0...UInt8.digit9).contains(bytes[range.lowerBound + 7])
        else { throw bad(isRequest ? "the request line does not end in HTTP/1.1" : "the status line does not start with HTTP/1.1") }
        guard bytes[range.lowerBound + 5] == UInt8(ascii: "1") else { throw HTTP1ParseError(status: 505, reason: "only HTTP/1.0 and HTTP/1.1 are served here") }
        return Int(bytes[range.lowerBound + 7] - .digit0) == 0 ? 0 : 1
    }

    static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// RFC 9110's tchar.
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), .digit0 ... .digit9: true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
        default: false
        }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case .digit0 ... .digit9: Int(byte - .digit0)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    static func bad(_ reason: String) -> HTTP1ParseError { HTTP1ParseError(status: 400, reason: reason) }
}

extension HTTP1Parser.Fields {
    /// Framing and connection fields, as they come (a field may repeat).
    mutating func read(_ bytes: UnsafeRawBufferPointer, name: Range<Int>, value: Range<Int>) throws(HTTP1ParseError) {
        switch name.count {
        case 14 where HTTP1Bytes.equalsIgnoringCase(bytes, name, "content-length"):
            guard !value.isEmpty, value.count <= 18, value.allSatisfy({ (UInt8.digit0...UInt8.digit9).contains(bytes[$0]) }) else {
                throw HTTP1Parser.bad("Content-Length is not a whole number")
            }
            let length = value.reduce(0) { $0 * 10 + Int(bytes[$1] - .digit0) }
            if let contentLength, contentLength != length { throw HTTP1Parser.bad("Content-Length is given twice with different values") }
            contentLength = length
        case 17 where HTTP1Bytes.equalsIgnoringCase(bytes, name, "transfer-encoding"):
            let before = codings.count
            HTTP1Bytes.forEachToken(bytes, value) { codings.append(HTTP1Parser.string(bytes, $0).lowercased()) }
            if codings.count == before { throw HTTP1Parser.bad("Transfer-Encoding is empty") }
        case 10 where HTTP1Bytes.equalsIgnoringCase(bytes, name, "connection"):
            HTTP1Bytes.forEachToken(bytes, value) { option in
                if HTTP1Bytes.equalsIgnoringCase(bytes, option, "close") { keepAlive = false }
                else if HTTP1Bytes.equalsIgnoringCase(bytes, option, "keep-alive") { keepAlive = true }
            }
        case 6 where HTTP1Bytes.equalsIgnoringCase(bytes, name, "expect"):
            expectsContinue = HTTP1Bytes.equalsIgnoringCase(bytes, value, "100-continue")
        default:
            break
        }
    }
}

/// Reads a head line by line (CRLF or a bare LF ends a line; a bare CR inside one is refused).
struct HeadReader {
    let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The next line without its ending; empty for the head's last, empty line.
    /// Both scans are `memchr`'s (as the head's end is found): byte by byte they were a
    /// tenth of a microsecond a head.
    mutating func line() throws(HTTP1ParseError) -> Range<Int> {
        let start = index
        guard start < bytes.count, let base = bytes.baseAddress, let lf = memchr(base + start, Int32(UInt8.lf), bytes.count - start) else {
            throw HTTP1Parser.bad("a head line is not terminated")
        }
        var end = base.distance(to: UnsafeRawPointer(lf))
        index = end + 1
        if end > start, bytes[end - 1] == .cr { end -= 1 }
        if end > start, memchr(base + start, Int32(UInt8.cr), end - start) != nil { throw HTTP1Parser.bad("a head line has a bare CR") }
        return start..<end
    }
}

/// Byte comparisons for header names and comma-separated values.
enum HTTP1Bytes {
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for offset in 0..<range.count {
            if ASCIICase.lower(bytes[range.lowerBound + offset]) != expected[offset] { return false }
        }
        return true
    }

    /// Whether the bytes are `lowercase` in any case.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, lowercase: String) -> Bool {
        var utf8 = lowercase.utf8.makeIterator()
        for index in range {
            guard let expected = utf8.next(), ASCIICase.lower(bytes[index]) == expected else { return false }
        }
        return utf8.next() == nil
    }

    /// Each comma-separated element of a value, trimmed, empty ones left out (no list is
    /// made: `Connection: keep-alive` comes with nearly every request).
    static func forEachToken(_ bytes: UnsafeRawBufferPointer, _ value: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = value.lowerBound
        for index in value.lowerBound...value.upperBound where index == value.upperBound || bytes[index] == .comma {
            var element = start..<index
            while let first = element.first, bytes[first] == .space || bytes[first] == .tab { element = element.dropFirst() }
            while let last = element.last, bytes[last] == .space || bytes[last] == .tab { element = element.dropLast() }
            if !element.isEmpty { body(element) }
            start = index + 1
        }
    }
}

extension UInt8 {
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let semicolon = UInt8(ascii: ";")
    static let digit0 = UInt8(ascii: "0")
    static let digit9 = UInt8(ascii: "9")
}

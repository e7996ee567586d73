import NIOCore
import OmniCore
import Testing
@testable import OmniServer

/// The edge's and the upstream client's HTTP/1.1 reader and writer, without sockets.
@Suite struct HTTP1ParserTests {
    /// A message read whole: its head and its body, or the error.
    struct Read: Equatable {
        var status = 0
        var method = ""
        var target = ""
        var headers: [String] = []
        var keepAlive = false
        var body: [UInt8] = []
        var messages = 0
    }

    /// Feeds `bytes` in pieces that end at `cuts`, collecting every message.
    static func read(_ bytes: [UInt8], kind: HTTP1Parser.Kind, cuts: [Int] = [], bodyLimit: Int = .max,
                     closed: Bool = false) throws(HTTP1ParseError) -> [Read] {
        var parser = HTTP1Parser(kind: kind, headLimit: 4096, bodyLimit: bodyLimit)
        var reads: [Read] = []
        var current = Read()
        var buffer = ByteBuffer()
        var start = 0
        for end in (cuts.filter { $0 > 0 && $0 < bytes.count }.sorted() + [bytes.count]) where end > start {
            buffer.writeBytes(bytes[start..<end])
            start = end
            while let part = try parser.next(&buffer) { take(part, &current, &reads) }
        }
        if closed, let part = parser.connectionClosed() { take(part, &current, &reads) }
        return reads
    }

    private static func take(_ part: HTTP1Parser.Part, _ current: inout Read, _ reads: inout [Read]) {
        switch part {
        case .request(let head):
            current = Read(method: head.method, target: head.target, headers: head.headers.map { "\($0.name)=\($0.value)" },
                           keepAlive: head.keepAlive)
        case .response(let head):
            if head.status < 200 { return }
            current = Read(status: head.status, headers: head.headers.map { "\($0.name)=\($0.value)" }, keepAlive: head.keepAlive)
        case .body(let buffer):
            current.body += buffer.readableBytesView
        case .end:
            current.messages = reads.count + 1
            reads.append(current)
        }
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aRequestWithALengthReadsTheSameHoweverItArrives() throws {
        let text = "POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}"
        let whole = try Self.read(Self.bytes(text), kind: .request)
        #expect(whole.count == 1)
        #expect(whole.first?.method == "POST")
        #expect(whole.first?.target == "/v1/chat/completions?x=1")
        #expect(whole.first?.headers == ["Host=a", "Content-Type=application/json", "Content-Length=11"])
        #expect(whole.first?.keepAlive == true)
        #expect(whole.first?.body == Self.bytes("{\"a\":\"bcd\"}"))
        for cut in 1..<text.utf8.count {
            #expect(try Self.read(Self.bytes(text), kind: .request, cuts: [cut]) == whole, "cut at \(cut)")
        }
    }

    @Test func aChunkedRequestWithExtensionsAndTrailersReadsWhole() throws {
        let text = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n19\r\n, and twenty-one more byt\r\n0\r\nX-Trailer: t\r\n\r\n"
        let whole = try Self.read(Self.bytes(text), kind: .request)
        #expect(whole.map { String(decoding: $0.body, as: UTF8.self) } == ["hello, and twenty-one more byt"])
        for cut in 1..<text.utf8.count {
            #expect(try Self.read(Self.bytes(text), kind: .request, cuts: [cut]) == whole, "cut at \(cut)")
        }
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        let text = "\r\nGET /health HTTP/1.1\r\nHost: a\r\n\r\nPOST /a HTTP/1.0\r\nContent-Length: 2\r\n\r\nhiPOST /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
        let reads = try Self.read(Self.bytes(text), kind: .request)
        #expect(reads.map(\.target) == ["/health", "/a", "/b"])
        #expect(reads.map(\.keepAlive) == [true, false, true])
        #expect(reads[1].body == Self.bytes("hi"))
    }

    @Test func expectContinueIsToldOnlyWhereABodyFollows() throws {
        func head(_ text: String) throws -> HTTP1RequestHead? {
            var parser = HTTP1Parser(kind: .request)
            var buffer = ByteBuffer(string: text)
            if case .request(let head)? = try parser.next(&buffer) { return head }
            return nil
        }
        #expect(try head("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")?.expectsContinue == true)
        #expect(try head("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n")?.expectsContinue == false)
        #expect(try head("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")?.expectsContinue == false)
        #expect(try head("GET /a?b=c HTTP/1.1\r\n\r\n")?.path == "/a")
    }

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nA : b\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nA: b\rc\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nA: b\u{01}c\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nno colon\r\n\r\n", 400),
        ("POST / HTTP/2.0\r\n\r\n", 505),
        ("POST  / HTTP/1.1\r\n\r\n", 400),
        ("POST /\r\n\r\n", 400),
        ("P(ST / HTTP/1.1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", 400),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n", 400),
    ])
    func badRequestsAreRefusedWithTheirStatus(text: String, status: Int) {
        #expect(throws: HTTP1ParseError.self) { try Self.read(Self.bytes(text), kind: .request) }
        do {
            _ = try Self.read(Self.bytes(text), kind: .request)
        } catch {
            #expect(error.status == status, "\(text.debugDescription): \(error.reason)")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test func aHeadOverTheLimitIsA431AndAChunkedBodyOverTheLimitA413() {
        let long = "GET / HTTP/1.1\r\nA: " + String(repeating: "x", count: 5000)
        do { _ = try Self.read(Self.bytes(long), kind: .request); Issue.record("no error") } catch { #expect(error.status == 431) }
        let chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n10\r\n"
        do { _ = try Self.read(Self.bytes(chunked), kind: .request, bodyLimit: 20); Issue.record("no error") } catch { #expect(error.status == 413) }
    }

    @Test func answersAreFramedByLengthChunksOrTheClose() throws {
        let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 204\r\n\r\n"
            + "HTTP/1.1 200 \r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nuntil the end"
        let whole = try Self.read(Self.bytes(text), kind: .response, closed: true)
        #expect(whole.map(\.status) == [200, 204, 200, 503])
        #expect(whole.map { String(decoding: $0.body, as: UTF8.self) } == ["ok", "", "abc", "until the end"])
        #expect(whole.map(\.keepAlive) == [true, true, true, false])
        for cut in 1..<text.utf8.count {
            #expect(try Self.read(Self.bytes(text), kind: .response, cuts: [cut], closed: true) == whole, "cut at \(cut)")
        }
        // HTTP/1.0 without keep-alive, and a length too: the connection is not reused.
        let old = try Self.read(Self.bytes("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx"), kind: .response)
        #expect(old.first?.keepAlive == false)
    }

    @Test func anAnswerCutBeforeItsEndIsNotEnded() throws {
        var parser = HTTP1Parser(kind: .response)
        var buffer = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        while try parser.next(&buffer) != nil {}
        #expect(parser.connectionClosed() == nil)
        #expect(!parser.isBetweenMessages)
    }

    /// The upstream client keeps only the fields the engine reads of a 2xx head; the framing
    /// fields still frame it, and an error's head keeps every field.
    @Test func aSuccessKeepsOnlyTheFieldsAskedFor() throws {
        func head(_ text: String) throws -> (HTTP1ResponseHead, [HTTP1Parser.Part]) {
            var parser = HTTP1Parser(kind: .response, successFieldsKept: ["content-type"])
            var buffer = ByteBuffer(string: text)
            var parts: [HTTP1Parser.Part] = []
            while let part = try parser.next(&buffer) { parts.append(part) }
            guard case .response(let head)? = parts.first else { throw HTTP1ParseError(status: 0, reason: "no head") }
            return (head, parts)
        }
        let fields = "Server: nginx\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\nRetry-After: 3\r\n\r\n{}"
        let (success, parts) = try head("HTTP/1.1 200 OK\r\n" + fields)
        #expect(success.headers.fields.map(\.name) == ["Content-Type"])
        #expect(success.headers["content-type"] == "application/json")
        #expect(success.keepAlive == false)
        #expect(parts.count == 3)
        if case .body(let body) = parts[1] { #expect(body.readableBytes == 2) } else { Issue.record("no body") }
        let (failure, _) = try head("HTTP/1.1 429 Too Many Requests\r\n" + fields)
        #expect(failure.headers.fields.map(\.name) == ["Server", "Content-Type", "Content-Length", "Connection", "Retry-After"])
    }

    @Test func badAnswersAreRefused() {
        for text in ["HTTP/1.1 2x0 OK\r\n\r\n", "HTTX/1.1 200 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n", "<html>\n\n"] {
            #expect(throws: HTTP1ParseError.self, "\(text.debugDescription)") { try Self.read(Self.bytes(text), kind: .response) }
        }
    }

    /// Generated messages, written by HTTP1Writer and cut at random places, read back as written.
    @Test func writtenMessagesReadBackWhateverTheCuts() throws {
        var random = SplitMix64(seed: 5)
        let names = ["content-type", "x-request-id", "Authorization", "anthropic-version", "X-Empty", "accept"]
        for round in 0..<300 {
            var fields = HeaderFields()
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                var value = Substring((0..<Int.random(in: 0...40, using: &random)).map { _ in "abc xyz-/:;=,é\t".randomElement(using: &random)! })
                // A value's outer whitespace is not part of it (RFC 9110 §5.5).
                while value.first == " " || value.first == "\t" { value.removeFirst() }
                while value.last == " " || value.last == "\t" { value.removeLast() }
                fields.append(names.randomElement(using: &random)!, String(value))
            }
            let body = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            let chunked = Bool.random(using: &random)
            var out = ByteBuffer()
            HTTP1Writer.statusLine(200, minorVersion: 1, into: &out)
            HTTP1Writer.fields(fields, into: &out)
            if chunked {
                out.writeStaticString("transfer-encoding: chunked\r\n\r\n")
                var rest = body[...]
                while !rest.isEmpty {
                    let count = Int.random(in: 1...rest.count, using: &random)
                    HTTP1Writer.chunk(Array(rest.prefix(count)), into: &out)
                    rest = rest.dropFirst(count)
                }
                out.writeStaticString(HTTP1Writer.lastChunk)
            } else {
                HTTP1Writer.contentLength(body.count, into: &out)
                out.writeStaticString("\r\n")
                out.writeBytes(body)
            }
            let bytes = Array(out.readableBytesView)
            let cuts = (0..<Int.random(in: 0...4, using: &random)).map { _ in Int.random(in: 0...bytes.count, using: &random) }
            let reads = try Self.read(bytes, kind: .response, cuts: cuts)
            #expect(reads.count == 1, "round \(round)")
            #expect(reads.first?.body == body, "round \(round)")
            let expected = fields.map { "\($0.name)=\($0.value)" } + (chunked ? ["transfer-encoding=chunked"] : ["content-length=\(body.count)"])
            #expect(reads.first?.headers == expected, "round \(round)")
        }
    }

    @Test func theWriterLeavesOutFramingAndFieldsThatWouldSplitTheHead() {
        var out = ByteBuffer()
        HTTP1Writer.fields(["Content-Length": "5", "x-ok": "fine", "x-bad": "a\r\nb: c", "bad name": "v", "Transfer-Encoding": "chunked",
                            "Connection": "keep-alive"], into: &out)
        #expect(String(buffer: out) == "x-ok: fine\r\n")
        var chunk = ByteBuffer()
        HTTP1Writer.chunk(Array(repeating: 1, count: 300), into: &chunk)
        #expect(String(decoding: chunk.readableBytesView.prefix(5), as: UTF8.self) == "12c\r\n")
        var status = ByteBuffer()
        HTTP1Writer.statusLine(429, minorVersion: 0, into: &status)
        #expect(String(buffer: status) == "HTTP/1.0 429 Too Many Requests\r\n")
    }
}

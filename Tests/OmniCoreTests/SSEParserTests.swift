import Foundation
import OmniCore
import Testing

// MARK: - Helpers

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// An expected event with text data.
private func event(_ type: String? = nil, _ data: String, id: String? = nil, retry: Int? = nil) -> SSEEvent {
    SSEEvent(event: type, data: bytes(data), id: id, retry: retry)
}

/// Feeds `chunks` in order to a new parser, then finishes it.
private func parse(chunks: [[UInt8]]) -> (events: [SSEEvent], end: SSEEnd) {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    for chunk in chunks { parser.feed(chunk) { events.append($0) } }
    return (events, parser.finish())
}

private func parse(_ chunks: String...) -> (events: [SSEEvent], end: SSEEnd) {
    parse(chunks: chunks.map(bytes))
}

/// Feeds `input` cut at `splits` (ascending offsets), as buffer slices: no copies.
private func parse(_ input: [UInt8], splits: [Int]) -> (events: [SSEEvent], end: SSEEnd) {
    var parser = SSEParser()
    var events: [SSEEvent] = []
    input.withUnsafeBytes { all in
        var start = 0
        for cut in splits + [all.count] {
            parser.feed(UnsafeRawBufferPointer(rebasing: all[start..<cut])) { events.append($0) }
            start = cut
        }
    }
    return (events, parser.finish())
}

/// Every way of cutting `input` into chunks of 1...7 bytes, drawn from `random`.
private func randomSplits(_ count: Int, _ random: inout SplitMix64) -> [Int] {
    var splits: [Int] = []
    var at = random.int(1...7)
    while at < count {
        splits.append(at)
        at += random.int(1...7)
    }
    return splits
}

// MARK: - Line ends

@Suite("SSE parser: line ends")
struct SSELineEndTests {
    @Test func lfCrAndCrlfEachEndALine() {
        let expected = [event("a", "x\ny")]
        #expect(parse("event: a\ndata: x\ndata: y\n\n").events == expected)
        #expect(parse("event: a\rdata: x\rdata: y\r\r").events == expected)
        #expect(parse("event: a\r\ndata: x\r\ndata: y\r\n\r\n").events == expected)
    }

    @Test func mixedLineEnds() {
        let result = parse("data: 1\r\ndata: 2\rdata: 3\n\r\ndata: 4\n\r")
        #expect(result.events == [event(nil, "1\n2\n3"), event(nil, "4")])
        #expect(result.end == .clean)
    }

    @Test func crThenLfIsOneLineEndButLfThenCrIsTwo() {
        // "\n\r" ends a line and then a blank line: the event is dispatched.
        #expect(parse("data: a\n\r").events == [event(nil, "a")])
        // "\r\n" is a single line end: nothing is dispatched.
        let result = parse("data: a\r\n")
        #expect(result.events.isEmpty)
        #expect(result.end == .cutInsideEvent)
    }

    @Test func crlfSplitAcrossChunksIsOneLineEnd() {
        // Were the LF read as a line end of its own, it would dispatch "a" alone.
        let result = parse("data: a\r", "\ndata: b\r", "\n\r", "\n")
        #expect(result.events == [event(nil, "a\nb")])
        #expect(result.end == .clean)
    }

    @Test func crAtChunkEndFollowedByOtherByte() {
        #expect(parse("data: a\r", "data: b\r", "\r").events == [event(nil, "a\nb")])
        // A CR ending a chunk, then an empty chunk, then the LF: still one line end.
        #expect(parse("data: a\r", "", "\n", "data: b\n\n").events == [event(nil, "a\nb")])
    }

    @Test func lineSplitInsideFieldNameAndValue() {
        let result = parse("da", "t", "a: hel", "lo\n", "ev", "ent: gr", "eet\ndata", ":", " x", "\n", "\n")
        #expect(result.events == [event("greet", "hello\nx")])
    }

    @Test func utf8SequenceSplitAcrossChunksStaysBytes() {
        let text = bytes("data: é€😀\n\n")
        for cut in 1..<text.count {
            #expect(parse(chunks: [Array(text[..<cut]), Array(text[cut...])]).events == [event(nil, "é€😀")])
        }
    }
}

// MARK: - Byte order mark

@Suite("SSE parser: byte order mark")
struct SSEByteOrderMarkTests {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test func leadingMarkIsSkipped() {
        #expect(parse(chunks: [bom + bytes("data: x\n\n")]).events == [event(nil, "x")])
    }

    @Test func markSplitAcrossChunksIsSkipped() {
        let input = bom + bytes("data: x\n\n")
        for first in 1...3 {
            for second in first...4 {
                let chunks = [Array(input[..<first]), Array(input[first..<second]), Array(input[second...])]
                #expect(parse(chunks: chunks).events == [event(nil, "x")], "cuts at \(first), \(second)")
            }
        }
        #expect(parse(chunks: [[0xEF], [0xBB], [0xBF], bytes("data: x\n\n")]).events == [event(nil, "x")])
    }

    @Test func onlyOneMarkAtTheVeryStartIsSkipped() {
        // A second mark makes the field name "\u{FEFF}data": an unknown field.
        let result = parse(chunks: [bom, bom + bytes("data: x\n\n")])
        #expect(result.events.isEmpty)
        // Nor is a mark skipped later in the stream.
        let later = parse(chunks: [bytes("data: a\n\n") + bom + bytes("data: b\n\n")])
        #expect(later.events == [event(nil, "a")])
    }

    @Test func partialMarkIsKeptAsLineBytes() {
        // EF BB followed by "data": the line's field name is "\u{EF}\u{BB}data", unknown.
        #expect(parse(chunks: [[0xEF, 0xBB], bytes("data: x\n\n")]).events.isEmpty)
        #expect(parse(chunks: [[0xEF], bytes("data: x\n\n")]).events.isEmpty)
        // Its bytes are a pending line: cut.
        #expect(parse(chunks: [[0xEF, 0xBB]]).end == .cutInsideEvent)
        // ... and a line of their own, not a blank line nor a comment.
        #expect(parse(chunks: [[0xEF], bytes("\n")]).end == .cutInsideEvent)
        #expect(parse(chunks: [[0xEF, 0xBB], bytes("\n")]).end == .cutInsideEvent)
        #expect(parse(chunks: [[0xEF, 0xBB, 0x3A, 0x0A]]).end == .cutInsideEvent)
        // A complete mark alone is nothing at all.
        #expect(parse(chunks: [bom]).end == .clean)
        // A data value that starts with the mark bytes keeps them.
        #expect(parse(chunks: [bytes("data: ") + bom + bytes("\n\n")]).events == [SSEEvent(data: bom)])
    }
}

// MARK: - Fields

@Suite("SSE parser: fields")
struct SSEFieldTests {
    @Test func commentsAreIgnored() {
        let result = parse(":hello\n: ping\ndata: a\n:inside\ndata: b\n\n: tail\n")
        #expect(result.events == [event(nil, "a\nb")])
        #expect(result.end == .clean)
    }

    @Test func oneSpaceAfterTheColonIsRemoved() {
        #expect(parse("data:x\n\n").events == [event(nil, "x")])
        #expect(parse("data: x\n\n").events == [event(nil, "x")])
        #expect(parse("data:  x \n\n").events == [event(nil, " x ")])
        #expect(parse("data:\tx\n\n").events == [event(nil, "\tx")])
    }

    @Test func onlyTheFirstColonSeparates() {
        #expect(parse("data: a: b:c\n\n").events == [event(nil, "a: b:c")])
        #expect(parse("data::\n\n").events == [event(nil, ":")])
    }

    @Test func lineWithoutColonIsFieldWithEmptyValue() {
        #expect(parse("data\n\n").events == [event(nil, "")])
        #expect(parse("data\ndata\n\n").events == [event(nil, "\n")])
        #expect(parse("data\ndata: x\n\n").events == [event(nil, "\nx")])
        #expect(parse("event\ndata: x\n\n").events == [event(nil, "x")])
    }

    @Test func emptyDataValueStillDispatches() {
        #expect(parse("data:\n\n").events == [event(nil, "")])
        #expect(parse("data: \n\n").events == [event(nil, "")])
    }

    @Test func multiLineDataJoinedWithLF() {
        #expect(parse("data: {\ndata: \"a\": 1\ndata: }\n\n").events == [event(nil, "{\n\"a\": 1\n}")])
        // Only the one trailing LF the spec adds goes: an empty last line stays.
        #expect(parse("data: a\ndata:\n\n").events == [event(nil, "a\n")])
        #expect(parse("data:\ndata: a\n\n").events == [event(nil, "\na")])
    }

    @Test func fieldNamesAreCaseSensitiveAndUnknownOnesIgnored() {
        let result = parse("Data: a\nEVENT: b\nfoo: bar\ndata : c\nevent: e\ndata: d\n\n")
        #expect(result.events == [event("e", "d")])
    }

    @Test func eventTypeIsSetAndResetAfterDispatch() {
        let result = parse("event: first\ndata: 1\n\ndata: 2\n\nevent: a\nevent: b\ndata: 3\n\n")
        #expect(result.events == [event("first", "1"), event(nil, "2"), event("b", "3")])
    }

    @Test func emptyEventTypeIsNil() {
        #expect(parse("event:\ndata: 1\n\n").events == [event(nil, "1")])
        #expect(parse("event: x\nevent\ndata: 1\n\n").events == [event(nil, "1")])
    }

    @Test func repeatedEventTypesShareOneString() {
        // The name cache must hand back the right name, including after slots are reused.
        var text = ""
        var expected: [SSEEvent] = []
        for i in 0..<40 {
            let name = "content_block_delta_\(i % 11)"
            text += "event: \(name)\ndata: \(i)\n\n"
            expected.append(event(name, "\(i)"))
        }
        #expect(parse(text).events == expected)
    }

    @Test func invalidUTF8InEventTypeIsReplaced() {
        let result = parse(chunks: [bytes("event: a") + [0xFF] + bytes("\ndata: x\n\n")])
        #expect(result.events == [event("a\u{FFFD}", "x")])
        // Data is not decoded: the byte stays.
        #expect(parse(chunks: [bytes("data: ") + [0xFF, 0xC3] + bytes("\n\n")]).events == [SSEEvent(data: [0xFF, 0xC3])])
    }

    @Test func idPersistsAsTheLastEventID() {
        let result = parse("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid\ndata: d\n\n")
        #expect(result.events == [event(nil, "a", id: "1"), event(nil, "b", id: "1"), event(nil, "c", id: "2"), event(nil, "d", id: "")])
    }

    @Test func idIsSetEvenWithoutDataButOnlyWithoutNUL() {
        // A block without data dispatches nothing, but the id still counts.
        #expect(parse("id: 7\n\ndata: a\n\n").events == [event(nil, "a", id: "7")])
        // A value holding NUL is ignored: the previous id stays.
        #expect(parse("id: 1\nid: x\u{0}y\ndata: a\n\n").events == [event(nil, "a", id: "1")])
        #expect(parse("id: \u{0}\ndata: a\n\n").events == [event(nil, "a")])
    }

    @Test func retryOnlyWhenAllDigitsAndPersists() {
        let result = parse("retry: 3000\ndata: a\n\ndata: b\n\nretry: 12a\ndata: c\n\nretry: 10\n\ndata: d\n\n")
        #expect(result.events == [
            event(nil, "a", retry: 3000), event(nil, "b", retry: 3000),
            event(nil, "c", retry: 3000), event(nil, "d", retry: 10),
        ])
        for bad in ["retry:\n", "retry: \n", "retry: -1\n", "retry: +1\n", "retry: 1.5\n", "retry:  1\n", "retry: 99999999999999999999999\n"] {
            #expect(parse(bad + "data: x\n\n").events == [event(nil, "x")], "\(bad)")
        }
        #expect(parse("retry:0\ndata: x\n\n").events == [event(nil, "x", retry: 0)])
    }

    @Test func blankLineWithoutDataDispatchesNothing() {
        let result = parse("\n\n\nevent: lonely\n\ndata: x\n\n")
        #expect(result.events == [event(nil, "x")])
        #expect(result.end == .clean)
        #expect(parse("event: e\nid: 1\nretry: 5\n\n").events.isEmpty)
    }

    @Test func keptEventsAreNotOverwrittenByLaterOnes() {
        // Events kept by the caller must not share storage with the parser's later events.
        var parser = SSEParser()
        var kept: [SSEEvent] = []
        var seen: [[UInt8]] = []
        parser.feed(bytes("data: first event\n\ndata: second\n\n")) { kept.append($0) }
        parser.feed(bytes("data: dropped one\n\ndata: xy\n\n")) { seen.append($0.data) }
        parser.feed(bytes("data: third\n\n")) { kept.append($0) }
        #expect(kept == [event(nil, "first event"), event(nil, "second"), event(nil, "third")])
        #expect(seen == [bytes("dropped one"), bytes("xy")])
    }
}

// MARK: - End of stream

@Suite("SSE parser: finish")
struct SSEFinishTests {
    @Test func cleanCases() {
        #expect(parse().end == .clean)
        #expect(parse("").end == .clean)
        #expect(parse("data: a\n\n").end == .clean)
        #expect(parse("data: a\r\n\r\n").end == .clean)
        #expect(parse("data: a\r\r").end == .clean)
        #expect(parse("data: a\n\n: keep-alive\n").end == .clean)
        #expect(parse(": only a comment\n: another\r\n").end == .clean)
        #expect(parse("\n\n").end == .clean)
    }

    @Test func cutInsideADataLine() {
        let result = parse("data: a\n\ndata: {\"par")
        #expect(result.events == [event(nil, "a")])
        #expect(result.end == .cutInsideEvent)
    }

    @Test func cutAfterACompleteFieldLine() {
        #expect(parse("data: a\n\ndata: b\n").end == .cutInsideEvent)
        #expect(parse("data: a\n\nevent: x\n").end == .cutInsideEvent)
        #expect(parse("id: 1\n").end == .cutInsideEvent)
        #expect(parse("unknown\n").end == .cutInsideEvent)
        #expect(parse("data: b\r").end == .cutInsideEvent)
        #expect(parse("data: b\n: comment\n").end == .cutInsideEvent)
    }

    @Test func cutInsideACommentLine() {
        // A line without its end is a cut, whatever it would have been.
        #expect(parse("data: a\n\n: keep").end == .cutInsideEvent)
    }

    @Test func finishResetsForANewStream() {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        parser.feed(bytes("id: 9\nretry: 5\nevent: x\ndata: lost")) { events.append($0) }
        #expect(parser.finish() == .cutInsideEvent)
        parser.feed([0xEF, 0xBB, 0xBF] + bytes("data: new\n\n")) { events.append($0) }
        #expect(parser.finish() == .clean)
        #expect(events == [event(nil, "new")])
    }
}

// MARK: - Writer

@Suite("SSE writer")
struct SSEWriterTests {
    private func written(_ build: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        build(&out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func framesEachStyle() {
        #expect(written { SSEWriter.append(event: nil, data: bytes(#"{"a":1}"#), to: &$0) } == "data: {\"a\":1}\n\n")
        #expect(written { SSEWriter.append(event: "message_start", data: bytes("{}"), to: &$0) } == "event: message_start\ndata: {}\n\n")
        #expect(written { SSEWriter.appendDone(to: &$0) } == "data: [DONE]\n\n")
        #expect(written { SSEWriter.append(event: "", data: [], to: &$0) } == "data: \n\n")
    }

    @Test func appendsAfterExistingBytes() {
        var out = bytes("data: 1\n\n")
        SSEWriter.append(event: "e", data: bytes("2"), to: &out)
        SSEWriter.appendDone(to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "data: 1\n\nevent: e\ndata: 2\n\ndata: [DONE]\n\n")
    }

    @Test func splitsDataAtLineEnds() {
        #expect(written { SSEWriter.append(event: nil, data: bytes("a\nb"), to: &$0) } == "data: a\ndata: b\n\n")
        #expect(written { SSEWriter.append(event: nil, data: bytes("a\r\nb\rc\n"), to: &$0) } == "data: a\ndata: b\ndata: c\ndata: \n\n")
        #expect(written { SSEWriter.append(event: nil, data: bytes("\n"), to: &$0) } == "data: \ndata: \n\n")
        #expect(written { SSEWriter.append(event: "a\nb", data: bytes("x"), to: &$0) } == "event: ab\ndata: x\n\n")
    }

    @Test func writtenEventsParseBack() {
        var random = SplitMix64(seed: 0x5EE_0001)
        let names: [String?] = [nil, "message_start", "content_block_delta", "response.output_text.delta", "é"]
        let alphabet = bytes("ab :\n{}\"é") + [0x00, 0xFF]
        for _ in 0..<200 {
            var out: [UInt8] = []
            var expected: [SSEEvent] = []
            for _ in 0..<random.int(0...6) {
                let name = random.pick(names)
                let data = (0..<random.int(0...20)).map { _ in random.pick(alphabet) }
                SSEWriter.append(event: name, data: data, to: &out)
                expected.append(SSEEvent(event: name, data: data))
            }
            if random.chance(50) {
                SSEWriter.appendDone(to: &out)
                expected.append(event(nil, "[DONE]"))
            }
            #expect(parse(out, splits: []) == (expected, SSEEnd.clean))
            #expect(parse(out, splits: randomSplits(out.count, &random)) == (expected, SSEEnd.clean))
        }
    }

    @Test func crInDataComesBackAsLF() {
        var out: [UInt8] = []
        SSEWriter.append(event: nil, data: bytes("a\rb\r\nc"), to: &out)
        #expect(parse(chunks: [out]).events == [event(nil, "a\nb\nc")])
    }
}

// MARK: - Recorded streams

/// Real provider streams from the shared corpus (`../shared/corpus` next to the repository).
private enum SSECorpus {
    static let root = FixtureFiles.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static var available: Bool { FileManager.default.fileExists(atPath: root.path) }

    /// (name, bytes) of every stream file, sorted by path.
    static func streams() -> [(name: String, bytes: [UInt8])] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths: [String] = []
        for case let path as String in walker {
            let file = (path as NSString).lastPathComponent
            let isOpenAI = path.hasPrefix("openai-python/") && file.hasSuffix(".bin")
            let isAnthropic = path.hasPrefix("anthropic-sdk-python/tests/lib/streaming/fixtures/") && file.hasSuffix(".txt")
            let isGemini = path.hasPrefix("firebase-vertexai-sdk-test-data/") && file.hasPrefix("streaming-") && file.hasSuffix(".txt")
            if isOpenAI || isAnthropic || isGemini { paths.append(path) }
        }
        return paths.sorted().compactMap { path in
            FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { (path, [UInt8]($0)) }
        }
    }
}

@Suite("SSE parser: recorded streams", .enabled(if: SSECorpus.available, "no corpus at ../shared/corpus"))
struct SSECorpusTests {
    @Test func corpusHasEachKindOfStream() {
        let names = SSECorpus.streams().map(\.name)
        #expect(names.filter { $0.hasPrefix("openai-python/") }.count >= 10)
        #expect(names.filter { $0.hasPrefix("anthropic-sdk-python/") }.count >= 5)
        #expect(names.filter { $0.hasPrefix("firebase-") }.count >= 20)
    }

    @Test func openAIStreamsEndWithDone() {
        for (name, input) in SSECorpus.streams() where name.hasPrefix("openai-python/") {
            let result = parse(input, splits: [])
            #expect(result.end == .clean, "\(name)")
            #expect(result.events.count > 2, "\(name)")
            #expect(result.events.last == event(nil, "[DONE]"), "\(name)")
            #expect(result.events.allSatisfy { $0.event == nil && $0.data.first == UInt8(ascii: "{") || $0.data == bytes("[DONE]") }, "\(name)")
        }
    }

    @Test func anthropicStreamsCarryEventTypes() {
        for (name, input) in SSECorpus.streams() where name.hasPrefix("anthropic-sdk-python/") {
            let result = parse(input, splits: [])
            #expect(result.events.first?.event == "message_start", "\(name)")
            #expect(result.events.allSatisfy { $0.event != nil && $0.data.first == UInt8(ascii: "{") }, "\(name)")
            // Several of these files lack the blank line after their last event.
            let finalBlank = input.suffix(2) == [0x0A, 0x0A]
            #expect(result.end == (finalBlank ? .clean : .cutInsideEvent), "\(name)")
        }
    }

    @Test func crlfStreamsParseLikeTheirLFVersion() {
        var crlfFiles = 0
        for (name, input) in SSECorpus.streams() where input.contains(0x0D) {
            crlfFiles += 1
            var lf: [UInt8] = []
            for (i, byte) in input.enumerated() where !(byte == 0x0D && i + 1 < input.count && input[i + 1] == 0x0A) {
                lf.append(byte)
            }
            let result = parse(input, splits: [])
            #expect(result == parse(lf, splits: []), "\(name)")
            #expect(result.events.allSatisfy { !$0.data.contains(0x0D) }, "\(name)")
        }
        #expect(crlfFiles >= 5)
    }

    @Test func randomChunkSizesGiveTheSameEvents() {
        var random = SplitMix64(seed: 0x5EE_C0DE)
        for (name, input) in SSECorpus.streams() {
            let whole = parse(input, splits: [])
            for round in 0..<4 {
                let split = parse(input, splits: randomSplits(input.count, &random))
                #expect(split == whole, "\(name), round \(round)")
            }
            #expect(parse(input, splits: Array(1..<input.count)) == whole, "\(name), one byte at a time")
        }
    }

    @Test func everySplitPointGivesTheSameEvents() {
        var files = 0
        for (name, input) in SSECorpus.streams() where input.count <= 6000 {
            files += 1
            let whole = parse(input, splits: [])
            var failures = 0
            for cut in 0...input.count where failures < 3 {
                if parse(input, splits: [cut]) != whole {
                    Issue.record("\(name): different events when cut at byte \(cut)")
                    failures += 1
                }
            }
        }
        #expect(files >= 20)
    }
}

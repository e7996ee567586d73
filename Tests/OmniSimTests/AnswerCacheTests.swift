import OmniCore
@testable import OmniSim
import Testing

/// A patched template is byte for byte the answer made from scratch, in every format and kind.
@Suite struct AnswerCacheTests {
    /// Keys hash by the model's index, not its name: two models under one index (a live
    /// transport knows no index) still get their own answers.
    @Test func modelsThatShareAnIndexKeepTheirOwnAnswers() {
        var cache = AnswerCache()
        for model in ["first-model", "second-model", "first-model"] {
            #expect(cache.answer(.init(model: model, modelIndex: -1, format: .openai, kind: .whole, outputTokens: 5), inputTokens: 3).pieces
                    == [SyntheticTraffic.answer(model: model, format: .openai, inputTokens: 3, outputTokens: 5)])
        }
    }

    @Test(arguments: WireFormat.allCases)
    func aPatchedAnswerEqualsOneMadeFromScratch(format: WireFormat) {
        var cache = AnswerCache()
        for (input, output) in [(1, 1), (9, 50), (120, 7), (4_321, 400), (99_999, 1_000)] {
            let model = "m-\(format.rawValue)"
            #expect(cache.answer(.init(model: model, format: format, kind: .whole, outputTokens: output), inputTokens: input).pieces
                    == [SyntheticTraffic.answer(model: model, format: format, inputTokens: input, outputTokens: output)])
            #expect(cache.answer(.init(model: model, format: format, kind: .stream(parts: 8), outputTokens: output), inputTokens: input).pieces
                    == SyntheticTraffic.stream(model: model, format: format, inputTokens: input, outputTokens: output, parts: 8))
            #expect(cache.answer(.init(model: model, format: format, kind: .partialStream, outputTokens: output), inputTokens: input).pieces
                    == SyntheticTraffic.stream(model: model, format: format, inputTokens: input, outputTokens: output, parts: 2, complete: false))
        }
    }

    @Test func thePlaceholderIsFoundOnlyAsAWholeNumber() {
        let bytes = Array("a 987654321, 19876543210 987654321}".utf8)
        #expect(AnswerCache.occurrences(of: Array("987654321".utf8), in: bytes) == [2, 25])
    }
}

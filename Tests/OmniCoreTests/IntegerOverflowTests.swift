import OmniCore
import Testing

/// Token counts and limits are client-controlled integers: any value in Int's range must
/// give a result or a TranslationError, never trap on overflow. Each test runs the
/// translation in a child process (an exit test), so a trap fails that test only.
@Suite("Hostile integers never crash")
struct IntegerOverflowTests {
    @Test func anthropicUsageWithHugeInputAndCacheReadsDoesNotCrash() async {
        // input = input_tokens + cache_read_input_tokens + cache_creation_input_tokens
        await #expect(processExitsWith: .success) {
            let body = #"{"id":"m","type":"message","role":"assistant","model":"c","content":[],"stop_reason":"end_turn","usage":{"input_tokens":9223372036854775807,"output_tokens":1,"cache_read_input_tokens":1}}"#
            _ = try? Translator.translate(Array(body.utf8), kind: .response, from: .anthropic, to: .openai)
        }
    }

    @Test func geminiUsageWithHugeCandidatesAndThoughtsDoesNotCrash() async {
        // output = candidatesTokenCount + thoughtsTokenCount
        await #expect(processExitsWith: .success) {
            let body = #"{"candidates":[],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":9223372036854775807,"thoughtsTokenCount":1}}"#
            _ = try? Translator.translate(Array(body.utf8), kind: .response, from: .gemini, to: .openai)
        }
    }

    @Test func aComputedTotalThatOverflowsDoesNotCrash() async {
        // total = input + output when the source has none
        await #expect(processExitsWith: .success) {
            let body = #"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":1}}"#
            _ = try? Translator.translate(Array(body.utf8), kind: .response, from: .openai, to: .responses)
        }
    }

    @Test func anthropicInputTokensOfAHugeNegativePromptDoNotCrash() async {
        // input_tokens = input − cached − cache writes
        await #expect(processExitsWith: .success) {
            let body = #"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":-9223372036854775808,"completion_tokens":0,"prompt_tokens_details":{"cached_tokens":1}}}"#
            _ = try? Translator.translate(Array(body.utf8), kind: .response, from: .openai, to: .anthropic)
        }
    }

    @Test func geminiCandidatesTokenCountOfAHugeNegativeReasoningCountDoesNotCrash() async {
        // candidatesTokenCount = output − reasoning
        await #expect(processExitsWith: .success) {
            let body = #"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":0,"completion_tokens_details":{"reasoning_tokens":-9223372036854775808}}}"#
            _ = try? Translator.translate(Array(body.utf8), kind: .response, from: .openai, to: .gemini)
        }
    }

    @Test func anthropicThinkingBudgetWithAHugeNegativeMaxTokensDoesNotCrash() async {
        // budget_tokens = max_tokens − 1 when the budget is not below max_tokens
        await #expect(processExitsWith: .success) {
            let body = #"{"model":"m","messages":[{"role":"user","content":"q"}],"max_tokens":-9223372036854775808,"reasoning_effort":"high"}"#
            _ = try? Translator.translate(Array(body.utf8), kind: .request, from: .openai, to: .anthropic)
        }
    }

    @Test func largeButSafeCountsTranslate() throws {
        let body = #"{"id":"m","type":"message","role":"assistant","model":"c","content":[],"stop_reason":"end_turn","usage":{"input_tokens":4611686018427387903,"output_tokens":1,"cache_read_input_tokens":1}}"#
        let openai = try Translator.translate(try JSONParser.parse(body), kind: .response, from: .anthropic, to: .openai)
        #expect(openai[path: ["usage", "prompt_tokens"]] == .number(JSONNumber(literal: "4611686018427387904")))
    }
}

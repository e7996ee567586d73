import OmniCore
import Testing

@testable import OmniBench

@Suite("Format rules: what each API would reject")
struct FormatRulesTests {
    func violations(_ text: String, _ format: WireFormat, _ kind: PayloadKind = .request) throws -> [String] {
        FormatRules.violations(try JSONParser.parse(text), format: format, kind: kind)
    }

    @Test func anthropicToolResultsMustAnswerTheCallsOfTheTurnBefore() throws {
        let ok = #"{"max_tokens":10,"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":"r"}]}]}"#
        #expect(try violations(ok, .anthropic).isEmpty)
        let orphan = ok.replacingOccurrences(of: #""tool_use_id":"a""#, with: #""tool_use_id":"b""#)
        #expect(try violations(orphan, .anthropic).contains { $0.contains("tool_result b answers no call") })
    }

    @Test func anthropicRejectsEmptyTextAndAMissingMaxTokens() throws {
        #expect(try violations(#"{"messages":[{"role":"user","content":"q"}]}"#, .anthropic) == ["max_tokens: missing"])
        let empty = #"{"max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":""}]}]}"#
        #expect(try violations(empty, .anthropic).contains { $0.contains("empty text block") })
    }

    @Test func geminiRejectsAModelInTheBodyAndAnswersToNoCall() throws {
        let body = #"{"model":"gemini-2.5-flash","contents":[{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}"#
        let problems = try violations(body, .gemini)
        #expect(problems.contains { $0.hasPrefix("model:") })
        #expect(problems.contains { $0.contains("functionResponse f answers no call") })
    }

    @Test func openaiToolMessagesMustFollowTheirCall() throws {
        let body = #"{"model":"m","messages":[{"role":"tool","tool_call_id":"x","content":"r"}]}"#
        #expect(try violations(body, .openai).contains { $0.contains("tool_call_id x answers no earlier call") })
    }

    @Test func responsesNeedIdsOnWholeResponses() throws {
        #expect(try violations(#"{"object":"response","status":"completed","output":[]}"#, .responses, .response) == ["$: missing id"])
    }
}

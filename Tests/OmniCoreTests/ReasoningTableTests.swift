import OmniCore
import Testing

@Suite("Codecs: reasoning effort and thinking budget")
struct ReasoningTableTests {
    static let effortToBudget: [(String, Int)] = [
        ("minimal", 1024), ("low", 2048), ("medium", 8192), ("high", 24576), ("xhigh", 32768),
    ]

    func openai(effort: String, maxTokens: Int = 64000) throws -> JSON {
        try json(#"{"model":"m","messages":[{"role":"user","content":"q"}],"max_completion_tokens":\#(maxTokens),"reasoning_effort":"\#(effort)"}"#)
    }

    func anthropic(budget: Int, maxTokens: Int = 64000) throws -> JSON {
        try json(#"{"model":"m","messages":[{"role":"user","content":"q"}],"max_tokens":\#(maxTokens),"thinking":{"type":"enabled","budget_tokens":\#(budget)}}"#)
    }

    @Test(arguments: effortToBudget)
    func effortBecomesTheTableBudget(_ effort: String, _ budget: Int) throws {
        let request = try openai(effort: effort)
        let anthropic = try Translator.translate(request, kind: .request, from: .openai, to: .anthropic)
        #expect(anthropic["thinking"] == ["type": "enabled", "budget_tokens": .int(budget)])
        let gemini = try Translator.translate(request, kind: .request, from: .openai, to: .gemini)
        #expect(gemini[path: ["generationConfig", "thinkingConfig", "thinkingBudget"]] == .int(budget))
        let responses = try Translator.translate(request, kind: .request, from: .openai, to: .responses)
        #expect(responses[path: ["reasoning", "effort"]] == .string(effort))
    }

    @Test(arguments: effortToBudget)
    func effortToBudgetToEffortIsTheIdentityButXhigh(_ effort: String, _ budget: Int) throws {
        let anthropic = try Translator.translate(try openai(effort: effort), kind: .request, from: .openai, to: .anthropic)
        let back = try Translator.translate(anthropic, kind: .request, from: .anthropic, to: .openai)
        #expect(back["reasoning_effort"] == .string(effort == "xhigh" ? "high" : effort))
    }

    @Test(arguments: [
        (1, "minimal"), (1024, "minimal"), (1025, "low"), (2048, "low"), (2049, "medium"), (5000, "medium"),
        (8192, "medium"), (8193, "high"), (24576, "high"), (32768, "high"), (60000, "high"),
    ])
    func budgetReadsBackAsTheEffortOfItsRange(_ budget: Int, _ effort: String) throws {
        let gemini = try json(#"{"contents":[{"role":"user","parts":[{"text":"q"}]}],"generationConfig":{"thinkingConfig":{"thinkingBudget":\#(budget)}}}"#)
        let openai = try Translator.translate(gemini, kind: .request, from: .gemini, to: .openai, model: "m")
        #expect(openai["reasoning_effort"] == .string(effort))
        let responses = try Translator.translate(gemini, kind: .request, from: .gemini, to: .responses, model: "m")
        #expect(responses[path: ["reasoning", "effort"]] == .string(effort))
        if budget >= 1024 {
            let fromAnthropic = try Translator.translate(try anthropic(budget: budget), kind: .request, from: .anthropic, to: .openai)
            #expect(fromAnthropic["reasoning_effort"] == .string(effort))
        }
    }

    @Test func geminiDynamicBudgetReadsAsMedium() throws {
        let gemini = try json(#"{"contents":[{"role":"user","parts":[{"text":"q"}]}],"generationConfig":{"maxOutputTokens":16000,"thinkingConfig":{"thinkingBudget":-1}}}"#)
        #expect(try Translator.translate(gemini, kind: .request, from: .gemini, to: .openai, model: "m")["reasoning_effort"] == "medium")
        let anthropic = try Translator.translate(gemini, kind: .request, from: .gemini, to: .anthropic, model: "m")
        #expect(anthropic[path: ["thinking", "budget_tokens"]] == 8192)
    }

    @Test func anExactBudgetSurvivesAnthropicAndGeminiButNotOpenAI() throws {
        let request = try anthropic(budget: 5000)
        let gemini = try Translator.translate(request, kind: .request, from: .anthropic, to: .gemini)
        #expect(gemini[path: ["generationConfig", "thinkingConfig"]] == ["thinkingBudget": 5000, "includeThoughts": true])
        let back = try Translator.translate(gemini, kind: .request, from: .gemini, to: .anthropic, model: "m")
        #expect(back[path: ["thinking", "budget_tokens"]] == 5000)
        let viaOpenAI = try Translator.translate(
            try Translator.translate(request, kind: .request, from: .anthropic, to: .openai), kind: .request, from: .openai, to: .anthropic)
        #expect(viaOpenAI[path: ["thinking", "budget_tokens"]] == 8192)
    }

    @Test func reasoningOffMapsToDisabledAndZeroBudget() throws {
        let request = try openai(effort: "none")
        #expect(try Translator.translate(request, kind: .request, from: .openai, to: .anthropic)["thinking"] == ["type": "disabled"])
        let gemini = try Translator.translate(request, kind: .request, from: .openai, to: .gemini)
        #expect(gemini[path: ["generationConfig", "thinkingConfig"]] == ["thinkingBudget": 0])
        let back = try Translator.translate(gemini, kind: .request, from: .gemini, to: .openai, model: "m")
        #expect(back["reasoning_effort"] == "none")
    }

    @Test func anthropicBudgetStaysBelowMaxTokens() throws {
        let anthropic = try Translator.translate(try openai(effort: "high", maxTokens: 4000), kind: .request, from: .openai, to: .anthropic)
        #expect(anthropic["max_tokens"] == 4000)
        #expect(anthropic[path: ["thinking", "budget_tokens"]] == 3999)
    }

    @Test func anthropicDropsThinkingBelow1024() throws {
        let anthropic = try Translator.translate(try openai(effort: "low", maxTokens: 1000), kind: .request, from: .openai, to: .anthropic)
        #expect(anthropic["thinking"] == nil)
    }

    @Test func openAIWritesMaxCompletionTokensWhenReasoningIsSet() throws {
        let openai = try Translator.translate(try anthropic(budget: 2048, maxTokens: 8000), kind: .request, from: .anthropic, to: .openai)
        #expect(openai["max_completion_tokens"] == 8000)
        #expect(openai["max_tokens"] == nil)
    }
}

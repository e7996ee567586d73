/// Effort ↔ thinking-budget table (docs/translation.md, "Reasoning settings").
enum ReasoningEffort {
    static func budget(for effort: String) -> Int? {
        switch effort {
        case "none": return 0
        case "minimal": return 1024
        case "low": return 2048
        case "medium": return 8192
        case "high": return 24576
        case "xhigh": return 32768
        default: return nil
        }
    }

    static func effort(forBudget budget: Int) -> String {
        switch budget {
        case 0: return "none"
        case ..<0: return "medium"  // gemini -1: dynamic
        case 1...1024: return "minimal"
        case 1025...2048: return "low"
        case 2049...8192: return "medium"
        default: return "high"
        }
    }

    static func effort(of config: IRReasoningConfig) -> String? {
        config.effort ?? config.budgetTokens.map(effort(forBudget:))
    }

    static func budget(of config: IRReasoningConfig) -> Int? {
        config.budgetTokens ?? config.effort.flatMap(budget(for:))
    }
}

/// Rough text measurement. SVG has no way to ask for a text's width without
/// a renderer, so layout assumes an average sans-serif glyph of 0.6 em —
/// slightly generous, which errs towards space over overlap.
enum ChartText {
    static func width(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// How many characters fit into `width` at `fontSize` (at least one).
    static func capacity(width: Double, fontSize: Double) -> Int {
        max(1, Int(width / (fontSize * 0.6)))
    }

    /// `text` cut to `maxCharacters`, ending in "…" when cut. Works on
    /// characters, not bytes, so it never splits a letter or an emoji.
    static func truncated(_ text: String, maxCharacters: Int) -> String {
        guard text.count > maxCharacters else { return text }
        guard maxCharacters > 1 else { return "…" }
        var kept = text.prefix(maxCharacters - 1)
        while kept.last == " " { kept = kept.dropLast() }
        return kept + "…"
    }

    static func truncated(_ text: String, toWidth width: Double, fontSize: Double) -> String {
        truncated(text, maxCharacters: capacity(width: width, fontSize: fontSize))
    }
}

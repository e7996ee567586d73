import Testing
@testable import OmniSim

@Suite struct ChartTextTests {
    @Test func escapesMarkupAndReplacesWhatXMLForbids() {
        #expect(ChartSVGWriter.escaped("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        #expect(ChartSVGWriter.escaped("&amp;") == "&amp;amp;")
        #expect(ChartSVGWriter.escaped("x\u{0}y\u{1F}z\u{FFFE}") == "x\u{FFFD}y\u{FFFD}z\u{FFFD}")
        #expect(ChartSVGWriter.escaped("line\nbreak\ttab") == "line break tab")
        #expect(ChartSVGWriter.escaped("Zürich – 東京 🚦") == "Zürich – 東京 🚦")
    }

    @Test func truncatesByCharacterWithAnEllipsis() {
        #expect(ChartText.truncated("short", maxCharacters: 10) == "short")
        #expect(ChartText.truncated("exactly-10", maxCharacters: 10) == "exactly-10")
        #expect(ChartText.truncated("abcdefghijk", maxCharacters: 10) == "abcdefghi…")
        #expect(ChartText.truncated("abc   defghijk", maxCharacters: 7) == "abc…")
        #expect(ChartText.truncated("🚦🚦🚦🚦", maxCharacters: 3) == "🚦🚦…")
        #expect(ChartText.truncated("abc", maxCharacters: 0) == "…")
    }

    @Test func pathDataIsRelativeExactAndMergesStraightRuns() {
        let points: [(x: Double, y: Double)] = [(10, 100), (20, 100), (30, 100), (30, 100), (40.04, 90), (50, 80), (60, 85)]
        #expect(ChartPolyline.pathData(points) == "M10,100l20,0 20,-20 10,5")
        #expect(ChartPolyline.pathData([(1, 1), (1.01, 1.02)]) == nil)
        #expect(ChartPolyline.pathData([]) == nil)
        // Six points in one pixel column keep first, lowest, highest and last.
        let column: [(x: Double, y: Double)] = [(5.1, 3), (5.2, 9), (5.3, 1), (5.4, 4), (5.5, 2), (5.9, 6), (6.2, 0)]
        #expect(ChartPolyline.reducedToPixelColumns(column).map(\.y) == [3, 9, 1, 6, 0])
        // Going back the same way is not merged.
        #expect(ChartPolyline.pathData([(0, 0), (10, 0), (5, 0)]) == "M0,0l10,0 -5,0")
    }
}

/// Accumulates the text of one SVG document.
///
/// Every attribute value and text node is escaped here, so no caller can
/// forget it. Attributes come as `KeyValuePairs`, which keep their written
/// order; a Dictionary would not, and the output must be byte-stable.
struct ChartSVGWriter {
    private var text: String

    init(width: Double, height: Double) {
        let w = ChartNumberFormat.coordinate(width)
        let h = ChartNumberFormat.coordinate(height)
        // No XML declaration: UTF-8 is the default for a standalone file, and
        // without one the same text can also be inlined into an HTML report.
        text = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
            + " width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
            + " font-family=\"sans-serif\" font-size=\"12\">\n"
    }

    /// A complete element, `<name …/>` or `<name …>content</name>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], content: String? = nil) {
        text += "<" + name
        appendAttributes(attributes)
        if let content {
            text += ">" + Self.escaped(content) + "</" + name + ">\n"
        } else {
            text += "/>\n"
        }
    }

    /// An element whose first child is a <title>, which browsers show as a
    /// tooltip, followed by optional text content. Kept on one line: inside
    /// <text>, a line break would become a visible space in some renderers.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], tooltip: String, content: String = "") {
        text += "<" + name
        appendAttributes(attributes)
        text += "><title>" + Self.escaped(tooltip) + "</title>" + Self.escaped(content) + "</" + name + ">\n"
    }

    /// Starts an element that gets children; pair with `close`.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        text += "<" + name
        appendAttributes(attributes)
        text += ">\n"
    }

    mutating func close(_ name: String) {
        text += "</" + name + ">\n"
    }

    /// The finished document.
    func finish() -> String {
        text + "</svg>\n"
    }

    private mutating func appendAttributes(_ attributes: KeyValuePairs<String, String>) {
        for (key, value) in attributes {
            text += " " + key + "=\"" + Self.escaped(value) + "\""
        }
    }

    /// `raw` made safe for both attribute values and text content.
    ///
    /// Besides the five markup characters, control characters are replaced:
    /// XML 1.0 forbids them even as character references, and a stray one in
    /// a provider name would make the whole report unparseable. Line breaks
    /// become spaces because every chart text is a single line.
    static func escaped(_ raw: String) -> String {
        var result = ""
        result.reserveCapacity(raw.utf8.count)
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            // &apos; is not defined in HTML 4, the numeric form works everywhere.
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result += " "
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

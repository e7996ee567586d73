import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One element of a parsed chart.
struct ParsedChartElement {
    var name: String
    var attributes: [String: String]
    /// Characters directly inside the element.
    var text = ""
    /// All characters inside it except those of <title> tooltips: what a
    /// reader sees (e.g. of a legend <text> that also holds a <title>).
    var visibleText = ""
    /// `class` attributes of the enclosing elements and its own, outermost first.
    var classes: [String]

    func number(_ attribute: String) -> Double? {
        attributes[attribute].flatMap(Double.init)
    }
}

/// A chart's SVG parsed with Foundation's XMLParser, so a document that is
/// not well-formed XML fails the tests.
struct ParsedChartSVG {
    /// Every element in document order; the first is the root.
    var elements: [ParsedChartElement]

    var root: ParsedChartElement { elements[0] }

    func all(_ name: String, inClass group: String? = nil) -> [ParsedChartElement] {
        elements.filter { $0.name == name && (group.map($0.classes.contains) ?? true) }
    }

    /// Parses `svg`; nil when XMLParser rejects it.
    init?(_ svg: String) {
        let collector = ChartSVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse(), !collector.elements.isEmpty else { return nil }
        elements = collector.elements
    }
}

private final class ChartSVGCollector: NSObject, XMLParserDelegate {
    var elements: [ParsedChartElement] = []
    private var open: [Int] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        var classes = open.last.map { elements[$0].classes } ?? []
        if let own = attributeDict["class"] { classes.append(own) }
        elements.append(ParsedChartElement(name: elementName, attributes: attributeDict, classes: classes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let current = open.last else { return }
        elements[current].text += string
        guard !open.contains(where: { elements[$0].name == "title" }) else { return }
        for index in open { elements[index].visibleText += string }
    }
}

extension ParsedChartSVG {
    /// Every coordinate-like attribute must be a plain decimal with at most one
    /// decimal place and every path use only what the path writer emits, i.e.
    /// no "nan", "inf", exponents or "-0". Returns the offending values.
    var badNumbers: [String] {
        let numeric = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"]
        var bad: [String] = []
        for element in elements {
            for key in numeric {
                guard let value = element.attributes[key], value != "100%" else { continue }
                if !Self.isPlainCoordinate(value) { bad.append("\(element.name) \(key)=\(value)") }
            }
            if let data = element.attributes["d"] {
                let allowed = Set("Ml0123456789.,- ")
                if !data.allSatisfy(allowed.contains) { bad.append("path d=\(data)") }
                let numbers = data.split(whereSeparator: { "Ml, ".contains($0) })
                for number in numbers where !Self.isPlainCoordinate(String(number)) { bad.append("path number \(number)") }
            }
        }
        return bad
    }

    /// "12", "-3.5"; not "-0", "1.0", "007", "1e5" or "nan".
    static func isPlainCoordinate(_ text: String) -> Bool {
        let unsigned = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, parts.count <= 2,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if parts.count == 2 {
            // One decimal digit; a trailing ".0" would mean zeros weren't trimmed.
            guard parts[1].count == 1, let digit = parts[1].first, digit.isASCII, digit.isNumber, digit != "0" else { return false }
        }
        if whole.count > 1 && whole.first == "0" { return false }
        return text != "-0"
    }
}

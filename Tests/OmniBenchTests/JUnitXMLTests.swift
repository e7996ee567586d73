import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import OmniBench

/// Reads a JUnit document back with a real XML parser (libxml2 through FoundationXML)
/// and counts what a CI dashboard counts.
private final class JUnitReader: NSObject, XMLParserDelegate {
    struct Suite { var name = ""; var tests = 0; var failures = 0; var cases = 0; var failureElements = 0 }
    var suites: [Suite] = []
    var rootTests = 0
    var rootFailures = 0
    var failureMessages: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "testsuites":
            rootTests = Int(attributes["tests"] ?? "") ?? -1
            rootFailures = Int(attributes["failures"] ?? "") ?? -1
        case "testsuite":
            suites.append(Suite(name: attributes["name"] ?? "", tests: Int(attributes["tests"] ?? "") ?? -1,
                                failures: Int(attributes["failures"] ?? "") ?? -1))
        case "testcase": suites[suites.count - 1].cases += 1
        case "failure":
            suites[suites.count - 1].failureElements += 1
            failureMessages.append(attributes["message"] ?? "")
        default: break
        }
    }
}

private func parse(_ xml: String) throws -> JUnitReader {
    let reader = JUnitReader()
    let parser = XMLParser(data: Data(xml.utf8))
    parser.delegate = reader
    guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderInvalidValue) }
    return reader
}

@Test func junitCountsInTheAttributesEqualTheElements() throws {
    let report = BenchReport(results: [
        BenchResult(suite: "requests/openai-to-anthropic", name: "basic-chat", failure: nil, seconds: 0.001),
        BenchResult(suite: "requests/openai-to-anthropic", name: "tool-loop", failure: "messages[1].content: expected \"a\", got \"b\"", seconds: 0.002),
        BenchResult(suite: "responses/gemini-to-openai", name: "text-basic", failure: nil, seconds: 0.0005),
    ])
    let reader = try parse(JUnitXML.render(report))
    #expect(reader.rootTests == 3)
    #expect(reader.rootFailures == 1)
    #expect(reader.suites.map(\.name) == ["requests/openai-to-anthropic", "responses/gemini-to-openai"])
    for suite in reader.suites {
        #expect(suite.tests == suite.cases)
        #expect(suite.failures == suite.failureElements)
    }
    #expect(reader.failureMessages == ["messages[1].content: expected \"a\", got \"b\""])
}

@Test func junitEscapesMarkupAndDropsCharactersXMLCannotHold() throws {
    let nasty = "a<b>&\"c\"'d' \u{1}\u{1F}tab\tnewline\n 日本語 🚀"
    let report = BenchReport(results: [BenchResult(suite: "s<&>", name: nasty, failure: nasty, seconds: 0)])
    let reader = try parse(JUnitXML.render(report))
    #expect(reader.suites.first?.name == "s<&>")
    #expect(reader.failureMessages.first == "a<b>&\"c\"'d' tab\tnewline\n 日本語 🚀")
}

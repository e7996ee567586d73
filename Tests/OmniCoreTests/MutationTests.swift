import OmniCore
import Testing

/// Damaged fixtures must never crash the translator: every call returns normally or
/// throws `TranslationError`, never any other error.
@Suite("Mutations: damaged input never crashes")
struct MutationTests {
    static let variantsPerFile = 80

    /// Translates `bytes` into every format; records anything but success or a TranslationError.
    static func check(_ bytes: [UInt8], kind: PayloadKind, from source: WireFormat, label: @autoclosure () -> String) -> (ok: Int, rejected: Int) {
        var ok = 0, rejected = 0
        for target in WireFormat.allCases {
            do {
                let out = try Translator.translate(bytes, kind: kind, from: source, to: target)
                // What we write must be JSON. (Not within 512 levels: tool-call arguments are a
                // string in openai/responses and become nested objects for anthropic/gemini.)
                if (try? JSONParser.parse(out, maxDepth: 2048)) == nil { Issue.record("\(label()) -> \(target): output is not valid JSON") }
                ok += 1
            } catch is TranslationError {
                rejected += 1
            } catch {
                Issue.record("\(label()) -> \(target): \(type(of: error)) \(error)")
            }
        }
        return (ok, rejected)
    }

    @Test(arguments: WireFormat.allCases)
    func damagedFixturesTranslateOrThrowTranslationError(_ source: WireFormat) throws {
        var variants = 0, ok = 0, rejected = 0
        var kinds: [Mutator.Kind: Int] = [:]
        for file in try FixtureFiles.all() where file.format == source {
            let tree = try JSONParser.parse(file.bytes)
            var mutator = Mutator(seed: stableSeed(file.path))
            for n in 0..<Self.variantsPerFile {
                let (kind, damaged) = mutator.mutate(file.bytes, tree: tree)
                kinds[kind, default: 0] += 1
                variants += 1
                let result = Self.check(damaged, kind: file.kind, from: source, label: "\(file.path) variant \(n) (\(kind))")
                ok += result.ok
                rejected += result.rejected
            }
        }
        #expect(variants >= 1000)
        #expect(Set(kinds.keys) == Set(Mutator.Kind.allCases), "every kind of damage was tried: \(kinds)")
        // Both outcomes occur: the damage is neither always fatal nor always harmless.
        #expect(ok > 0 && rejected > 0, "ok \(ok), rejected \(rejected)")
    }

    @Test func everyFixtureReadAsEveryFormatAndKindTranslatesOrThrows() throws {
        for file in try FixtureFiles.all() {
            for kind in PayloadKind.allCases {
                for source in WireFormat.allCases {
                    _ = Self.check(file.bytes, kind: kind, from: source, label: "\(file.path) read as \(source) \(kind)")
                }
            }
        }
    }

    @Test func theMutatorIsDeterministic() throws {
        let file = try #require(try FixtureFiles.all().first)
        let tree = try JSONParser.parse(file.bytes)
        var a = Mutator(seed: 42), b = Mutator(seed: 42)
        for _ in 0..<20 { #expect(a.mutate(file.bytes, tree: tree).1 == b.mutate(file.bytes, tree: tree).1) }
    }
}

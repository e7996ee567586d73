import Foundation
import Yams

/// Parsing a file into a node tree, with Yams' syntax errors turned into `ConfigError`s that
/// keep its line and column.
package enum YAMLDocument {
    /// The document's root; nil for an empty document.
    package static func compose(yaml: String, source: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw configError(error, source: source)
        }
    }

    package static func readFile(path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(source: path, path: "", message: "cannot read the file: \(error.localizedDescription)")
        }
    }

    package static func configError(_ error: YamlError, source: String) -> ConfigError {
        func syntax(_ context: YamlError.Context?, _ problem: String, _ mark: Mark, _ yaml: String) -> ConfigError {
            // libyaml's context ("while parsing a block mapping in line 3, column 1") says
            // where the construct began; the mark says where it went wrong.
            let during = context.map { "\($0.text) at \($0.mark.line):\($0.mark.column): " } ?? ""
            var message = "YAML syntax error: \(during)\(problem)"
            // `apiKeys: [${KEY}]` is the likeliest way to meet this: inside [ ] and { } the
            // braces of an unquoted environment reference end the value.
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            let near = lines[max(0, mark.line - 2)..<min(lines.count, mark.line)]
            if near.contains(where: { $0.contains("${") }) {
                message += " (inside [ ] or { }, quote an environment reference: \"${NAME}\")"
            }
            return ConfigError(source: source, path: "", line: mark.line, column: mark.column, message: message)
        }
        switch error {
        case let .scanner(context, problem, mark, yaml), let .parser(context, problem, mark, yaml), let .composer(context, problem, mark, yaml):
            return syntax(context, problem, mark, yaml)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return ConfigError(source: source, path: "", line: context.mark.line, column: context.mark.column,
                               message: "duplicate key \(keys) in one mapping: each key may appear once")
        case let .reader(problem, offset, _, _):
            return ConfigError(source: source, path: "", message: "cannot read the text: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
        default:
            return ConfigError(source: source, path: "", message: "YAML error: \(error)")
        }
    }
}

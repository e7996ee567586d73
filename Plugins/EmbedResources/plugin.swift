import Foundation
import PackagePlugin

/// Embeds a target's `Resources/*.yaml` files as string constants (`EmbeddedResources`), so
/// the binary needs no resource folder beside it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let resources = target.directoryURL.appending(path: "Resources")
        let names = try FileManager.default.contentsOfDirectory(atPath: resources.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let inputs = names.map { resources.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        // catalog.yaml → catalog, demo-gateway.yaml → demoGateway
        let arguments = zip(names, inputs).map { name, url in "\(Self.identifier(name))=\(url.path)" }
        return [.buildCommand(displayName: "Embedding \(names.joined(separator: ", "))",
                              executable: try context.tool(named: "embed-resources").url,
                              arguments: [output.path] + arguments,
                              inputFiles: inputs, outputFiles: [output])]
    }

    static func identifier(_ file: String) -> String {
        let parts = file.dropLast(".yaml".count).split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return parts.enumerated().map { $0 == 0 ? $1.lowercased() : $1.prefix(1).uppercased() + $1.dropFirst() }.joined()
    }
}

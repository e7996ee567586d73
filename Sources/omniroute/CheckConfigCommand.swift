import ArgumentParser
import Foundation
import OmniConfig
import OmniCore

/// `omniroute check-config`: load and compile a config the way `serve` will, so a typo is
/// found before deploying; `--route` shows what a model name resolves to.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a gateway config file against the provider catalog and show how model names route.",
        discussion: """
            Exits 1 with one line on standard error naming the file, line, column and path of
            the first problem (an unknown key, a wrong type, a combo naming an unknown model…).
            """
    )

    @Option(help: "The gateway config file (YAML).")
    var config: String

    @Option(help: "A catalog file to use instead of the bundled one.")
    var catalog: String?

    @Option(help: "Show the models this name routes to, in the order they are tried (repeatable).")
    var route: [String] = []

    func run() throws {
        let setup: GatewaySetup
        do {
            let catalog = try self.catalog.map { try CatalogLoader.load(path: $0) }
            setup = try GatewaySetup.load(path: config, catalog: catalog)
        } catch {
            FileHandle.standardError.write(Data("omniroute check-config: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let table = setup.table
        print("\(config): ok — \(table.providers.count) providers, \(table.accounts.count) accounts, \(table.models.count) models, \(table.combos.count) combos, \(table.keys.count) gateway keys")
        for provider in table.providers {
            print("  \(provider.id): \(provider.format.rawValue) at \(provider.baseURL), \(provider.accounts.count) account(s), \(provider.strategy.rawValue), \(provider.profile.rawValue) profile")
        }
        var failed = false
        for name in route {
            switch table.resolve(name) {
            case .success(let target):
                var state = GatewayState(table: table, seed: 0)
                let plan = state.plan(table.models(of: target), combo: target.comboIndex, fallback: table.fallback, table: table, now: .epoch)
                let steps = plan.models.map { model -> String in
                    let routed = table.models[model]
                    return routed.name + (routed.price.map { " ($\($0.input)/$\($0.output) per 1M)" } ?? "")
                }
                print("\(name) → " + steps.joined(separator: " → "))
            case .failure(let error):
                FileHandle.standardError.write(Data("omniroute check-config: \(error)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}

extension RouteTarget {
    var comboIndex: Int? { if case .combo(let c) = self { return c } else { return nil } }
}

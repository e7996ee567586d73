import Foundation
import Testing

/// `omniroute check-config` end to end, with the bundled catalog.
@Suite("omniroute check-config")
struct CheckConfigCLITests {
    func write(_ yaml: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-check-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aValidConfigPrintsItsRoutes() throws {
        let path = try write("""
        providers:
          - id: ds
            apiKeys: [sk-ds-1, sk-ds-2]
        combos:
          - name: main
            models: [ds/deepseek-chat, ds/deepseek-reasoner]
        """)
        let result = try TranslateCLITests().run(["check-config", "--config", path, "--route", "main"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("ok — 1 providers, 2 accounts"))
        #expect(result.stdout.contains("main → ds/deepseek-chat"))
    }

    @Test func aTypoIsReportedWithFileLineAndPath() throws {
        let path = try write("""
        providers:
          - id: ds
            apiKeys: [sk-ds-1]
            stratgy: round-robin
        """)
        let result = try TranslateCLITests().run(["check-config", "--config", path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("omniroute check-config: \(path):4:5: providers[0].stratgy: unknown key \"stratgy\" (did you mean \"strategy\"?)"))
    }
}

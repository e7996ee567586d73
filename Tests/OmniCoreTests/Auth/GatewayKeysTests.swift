import Testing
@testable import OmniCore

@Suite struct GatewayKeysTests {
    static let team = KeyHash(hex: String(repeating: "1c", count: 32))

    @Test func aKeyIsFoundByItsHashAndNotByAnyOther() throws {
        var keys = GatewayKeys()
        try keys.add(GatewayKeyConfig(hash: .test, name: "test", requestsPerMinute: 9))
        #expect(keys.key(presented: .test)?.name == "test")
        #expect(keys.key(presented: .test)?.requestsPerMinute == 9)
        #expect(keys.key(presented: .wrong) == nil)
    }

    @Test func aRevokedKeyIsRefusedButKeepsItsNumber() throws {
        var keys = GatewayKeys()
        try keys.add(GatewayKeyConfig(hash: .test, name: "test"))
        try keys.add(GatewayKeyConfig(hash: Self.team, name: "team"))
        #expect(keys.revoke(.test)?.name == "test")
        #expect(keys.key(presented: .test) == nil)
        #expect(keys.revoke(.test) == nil)
        #expect(keys.count == 1)
        #expect(keys.active.map(\.name) == ["team"])
        // Numbers never shift: the state arrays are addressed by them.
        #expect(keys.key(presented: Self.team)?.index == 1)
        let next = try keys.add(GatewayKeyConfig(hash: .wrong, name: "next"))
        #expect(next.index == 2)
    }

    @Test func aKeyOrANameAlreadyInForceIsAConflict() throws {
        var keys = GatewayKeys()
        try keys.add(GatewayKeyConfig(hash: .test, name: "test"))
        #expect(throws: GatewayKeyConflict.sameKey(name: "test")) { try keys.add(GatewayKeyConfig(hash: .test, name: "other")) }
        #expect(throws: GatewayKeyConflict.sameName("test")) { try keys.add(GatewayKeyConfig(hash: Self.team, name: "test")) }
        // A revoked key's name is free again.
        keys.revoke(.test)
        #expect(try keys.add(GatewayKeyConfig(hash: Self.team, name: "test")).index == 1)
    }

    @Test func aConfigListingAKeyTwiceIsRefusedWithoutShowingIt() {
        var config = GatewayConfig.twoProviders()
        config.auth.apiKeys.append(GatewayKeyConfig(hash: .test, name: "again"))
        #expect(throws: RoutingConfigError(path: "auth.apiKeys[1]", message: "this key is listed twice")) {
            try RoutingTable(catalog: Catalog(), config: config)
        }
    }

    /// The server swaps the table's key set while it runs; the shared state was sized for the
    /// keys at start and must serve a newer key's limit and budget all the same.
    @Test func aKeyAddedAfterStartIsAdmittedWithItsOwnLimitAndBudget() throws {
        var h = try FlowHarness(config: .twoProviders())
        try h.table.keys.add(GatewayKeyConfig(hash: Self.team, name: "team", requestsPerMinute: 2, budget: BudgetConfig(daily: 0.00003)))
        #expect(h.state.keys.count == 1)

        let first = h.run(body: Client.openAI(model: "a/m"), key: Self.team) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(first.response?.status == 200)
        #expect(first.record?.keyName == "team")
        #expect(h.state.keys.count == 2)
        #expect(h.run(body: Client.openAI(model: "a/m"), key: Self.team) { _ in .whole(status: 200, body: Upstream.openAIChat()) }.response?.status == 200)
        let overLimit = h.run(body: Client.openAI(model: "a/m"), key: Self.team) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(overLimit.response?.status == 429)
        // A minute later the limit allows it, but two requests at $0.00002 (see AdmissionTests) spent the day's budget.
        h.advance(.seconds(61))
        let overBudget = h.run(body: Client.openAI(model: "a/m"), key: Self.team) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(overBudget.response?.status == 402)

        // Revoked: refused from the next request on.
        h.table.keys.revoke(Self.team)
        let revoked = h.run(body: Client.openAI(model: "a/m"), key: Self.team) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        #expect(revoked.response?.status == 401)
    }

    @Test func aSnapshotCarriesTheStateOfKeysAddedAfterStart() throws {
        var h = try FlowHarness(config: .twoProviders())
        try h.table.keys.add(GatewayKeyConfig(hash: Self.team, name: "team", budget: BudgetConfig(daily: 1)))
        _ = h.run(body: Client.openAI(model: "a/m"), key: Self.team) { _ in .whole(status: 200, body: Upstream.openAIChat()) }
        let snapshot = h.state.snapshot(table: h.table)
        let spent = try #require(snapshot.keys["team"])
        #expect(spent != KeyState())

        let restored = GatewayState(table: h.table, restoring: snapshot)
        #expect(restored[key: try #require(h.table.keys.key(named: "team"))] == spent)
    }
}

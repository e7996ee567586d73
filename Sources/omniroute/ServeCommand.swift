import ArgumentParser
import Foundation
import OmniConfig
import OmniCore
import OmniServer

/// `omniroute serve`: the gateway. Options win over the environment (`PORT`, `HOSTNAME`,
/// `REQUIRE_API_KEY`, as in the original's guide), which wins over the config file.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: OpenAI, Anthropic, Gemini and Responses endpoints in front of the configured providers.",
        discussion: """
            Endpoints: POST /v1/chat/completions, /v1/messages, /v1/responses,
            /v1beta/models/{model}:generateContent and :streamGenerateContent (also under /v1/models/),
            /v1/providers/{provider}/chat/completions, POST /v1/embeddings; GET /v1/models, /health,
            /metrics; management: GET/POST /api/keys, DELETE /api/keys/{id} (needs --data-dir).
            Environment: PORT, HOSTNAME, DATA_DIR, REQUIRE_API_KEY, API_KEY_SECRET (keys are kept
            as HMAC-SHA256 hashes under it), OMNIROUTE_CONFIG.
            Stops gracefully on SIGTERM or SIGINT.
            """
    )

    @Option(help: "The gateway config file (YAML, the format in DESIGN.md). Default: $OMNIROUTE_CONFIG, else the bundled demo config.")
    var config: String?

    @Option(help: "Address to bind (default: $HOSTNAME or 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default: $PORT or 20128).")
    var port: Int?

    @Option(help: "Data directory (default: $DATA_DIR or ./data).")
    var dataDir: String?

    @Option(help: "Largest request body accepted, in bytes (default 10 MB).")
    var bodyLimit: Int = 10 * 1024 * 1024

    @Option(help: "Upstream connections per host (streams hold one each).")
    var connectionsPerHost: Int = 512

    @Option(help: "A PEM file of CA certificates that upstream TLS trusts besides the system's (default: $OMNIROUTE_UPSTREAM_CA).")
    var upstreamCA: String?

    @Option(help: "Record every finished request, anonymised (no prompts, no keys), to this file for `simulate` to replay (traffic: {replay: FILE}).")
    var record: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path = config ?? environment["OMNIROUTE_CONFIG"]
        var setup: GatewaySetup
        do {
            if let path {
                setup = try GatewaySetup.load(path: path)
            } else {
                setup = try GatewaySetup.demo()
                FileHandle.standardError.write(Data("omniroute serve: no --config: serving the demo config (providers on mock-upstream at 127.0.0.1:9101, key sk-omni-demo)\n".utf8))
            }
            if let flag = environment["REQUIRE_API_KEY"] {
                setup.config.auth.requireApiKey = ["1", "true", "yes", "on"].contains(flag.lowercased())
                setup = GatewaySetup(catalog: setup.catalog, config: setup.config, table: try RoutingTable(catalog: setup.catalog, config: setup.config),
                                     keyHasher: setup.keyHasher)
            }
        } catch {
            FileHandle.standardError.write(Data("omniroute serve: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if setup.keyHasher.usesDefaultSecret {
            FileHandle.standardError.write(Data("omniroute serve: API_KEY_SECRET is not set: gateway keys are hashed with the default secret; set one in production\n".utf8))
        }
        var options = GatewayServer.Options()
        options.host = host ?? environment["HOSTNAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        options.port = port ?? environment["PORT"].flatMap(Int.init) ?? 20128
        options.bodyLimit = bodyLimit
        options.connectionsPerHost = connectionsPerHost
        options.upstreamCA = upstreamCA ?? environment["OMNIROUTE_UPSTREAM_CA"].flatMap { $0.isEmpty ? nil : $0 }
        options.recordPath = record
        options.dataDirectory = dataDir ?? environment["DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let host = options.host
        let summary = "\(setup.table.providers.count) providers, \(setup.table.accounts.count) accounts"
        try await GatewayServer(setup: setup, options: options).run { port in
            FileHandle.standardError.write(Data("omniroute serve: listening on http://\(host):\(port) (\(summary))\n".utf8))
        }
    }
}

/// `omniroute mock-upstream`: a provider stand-in for demos and tests.
struct MockUpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-upstream",
        abstract: "Run a provider stand-in that speaks all four formats, whole and streaming.",
        discussion: """
            Paths as the vendors': /v1/chat/completions, /v1/responses, /v1/messages,
            /v1beta/models/{model}:generateContent|:streamGenerateContent. Any key is accepted.
            The model name picks the behaviour: it echoes the last user message, unless the name
            contains stamp (checked first: stamp-200ms-5x100ms, the default, waits 200 ms, then
            streams 5 events 100 ms apart, each with the wall clock when written as t=<ns>),
            tool, think, 503, 429, 401, slow (1 s before headers), cut (ends half-way),
            malformed, html (a 502 HTML page) or hang.
            """
    )

    @Option(help: "Port to listen on (0: any free port).")
    var port: Int = 9101

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Streamed words per second.")
    var wordsPerSecond: Double = 200

    func run() async throws {
        let host = self.host
        try await MockUpstream(host: host, port: port, wordsPerSecond: wordsPerSecond).run { port in
            FileHandle.standardError.write(Data("omniroute mock-upstream: listening on http://\(host):\(port)\n".utf8))
        }
    }
}

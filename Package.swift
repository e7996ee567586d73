// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "OmniRoute",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "omniroute", targets: ["omniroute"]),
        .library(name: "OmniCore", targets: ["OmniCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // Pure: no package dependencies, Foundation at most, no clock/disk/network/randomness.
        .target(name: "OmniCore", swiftSettings: strict),
        // Fixtures and corpus -> results -> JUnit XML.
        .target(
            name: "OmniBench",
            dependencies: ["OmniCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Adapter: the provider catalog (a bundled YAML file) and the gateway config file, read
        // with Yams into OmniCore's values, with the path and line of anything wrong; gateway
        // keys hashed with API_KEY_SECRET (HMAC-SHA256 from swift-crypto) as they are read.
        .target(
            name: "OmniConfig",
            dependencies: ["OmniCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Resources"],
            swiftSettings: strict,
            plugins: ["EmbedResources"]
        ),
        // Data files into the binary: the release binary runs alone, without a resource folder.
        .executableTarget(name: "embed-resources", swiftSettings: strict),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["embed-resources"]),
        // The simulator (issue 6): the real engine on a virtual clock against simulated
        // providers. Deterministic: a seed replays a run exactly; no clock, no threads.
        // Scenario files are read with OmniConfig's strict YAML reader (errors with path and line).
        .target(
            name: "OmniSim",
            dependencies: ["OmniCore", "OmniConfig", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // The simulator's live mode: a scenario played for real against a real serve and its
        // providers on loopback, to hold the simulation to the truth.
        .target(
            name: "OmniLive",
            dependencies: [
                "OmniSim", "OmniServer", "OmniConfig", "OmniCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Usage rows and engine state in SQLite (WAL), written off the request path.
        .target(
            name: "OmniStore",
            dependencies: ["OmniCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Adapter: the management endpoints under /api/… (gateway keys), transport-neutral:
        // method, path and body in, an OmniCore ClientResponse out; keys kept in OmniStore.
        .target(
            name: "OmniManagement",
            dependencies: ["OmniCore", "OmniConfig", "OmniStore"],
            swiftSettings: strict
        ),
        // The production gateway: SwiftNIO in and out on one event loop per connection, the
        // engine in between (docs/server.md says why not Hummingbird + AsyncHTTPClient there);
        // Hummingbird serves mock-upstream.
        .target(
            name: "OmniServer",
            dependencies: [
                "OmniCore", "OmniConfig", "OmniStore", "OmniManagement",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "omniroute",
            dependencies: [
                "OmniCore", "OmniBench", "OmniConfig", "OmniServer", "OmniSim", "OmniLive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Release-build speed comparison: Foundation Codable vs our translate (scripts/bench-translate.sh).
        .executableTarget(name: "translate-speed", dependencies: ["OmniCore"], swiftSettings: strict),
        // Release-build routing decisions per second (scripts/bench-routing.sh).
        .executableTarget(name: "route-speed", dependencies: ["OmniCore", "BenchClock"], swiftSettings: strict),
        // Release-build simulator speed: simulated requests per wall second (scripts/bench-sim.sh).
        .executableTarget(name: "sim-speed", dependencies: ["OmniSim", "OmniCore", "OmniConfig", "BenchClock"], swiftSettings: strict),
        // Release-build engine cost per proxied request, without I/O (scripts/bench-flow.sh).
        .executableTarget(name: "flow-speed", dependencies: ["OmniCore", "OmniConfig", "OmniStore", "BenchClock"], swiftSettings: strict),
        // The bench executables' one stopwatch.
        .target(name: "BenchClock", swiftSettings: strict),
        // Release-build load checker: N concurrent SSE streams, each first event's relay delay after
        // the mock upstream's write (scripts/loadtest/run.sh). Raw NIO for precise timing.
        .executableTarget(
            name: "stream-check",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "OmniCoreTests", dependencies: ["OmniCore"], swiftSettings: strict),
        .testTarget(
            name: "OmniServerTests",
            dependencies: ["OmniServer", "OmniStore", "OmniCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                           .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OmniStoreTests",
            dependencies: ["OmniStore", "OmniCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "OmniManagementTests",
            dependencies: ["OmniManagement", "OmniStore", "OmniConfig", "OmniCore"],
            swiftSettings: strict
        ),
        .testTarget(name: "OmniBenchTests", dependencies: ["OmniBench", "OmniCore"], swiftSettings: strict),
        .testTarget(name: "OmniLiveTests", dependencies: ["OmniLive", "OmniSim", "OmniCore"], swiftSettings: strict),
        .testTarget(name: "OmniSimTests", dependencies: ["OmniSim", "OmniCore", "OmniConfig"], swiftSettings: strict),
        .testTarget(
            name: "OmniConfigTests",
            dependencies: ["OmniConfig", "OmniCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

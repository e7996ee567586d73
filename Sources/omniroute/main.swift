import OmniServer

// Before any task starts: Swift concurrency on NIO's event loops (see ConcurrencyOnEventLoops).
ConcurrencyOnEventLoops.install()
await OmniRoute.start()

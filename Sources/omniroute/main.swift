import Foundation
import NIOCore
import OmniServer

if let loops = ProcessInfo.processInfo.environment["OMNIROUTE_LOOPS"].flatMap({ Int($0) }) { NIOSingletons.groupLoopCountSuggestion = loops }
// Before any task starts: Swift concurrency on NIO's event loops (see ConcurrencyOnEventLoops).
ConcurrencyOnEventLoops.install()
await OmniRoute.start()

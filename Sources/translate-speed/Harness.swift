/// One benchmark's result: nanoseconds per operation of each timed run.
struct Measurement: Sendable {
    var name: String
    var samples: [Double]
    var iterations: Int
    /// Bytes (or another size) the operation produced once: shows what it did.
    var outputSize: Int

    var median: Double {
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
    var requestsPerSecond: Double { 1e9 / median }
    /// (max − min) / median: how much the runs disagree.
    var spread: Double { ((samples.max() ?? 0) - (samples.min() ?? 0)) / median }
}

/// Times closures with `ContinuousClock`: calibrates (which also warms up), then
/// `runs` runs of enough iterations to last `minSeconds` each.
///
/// Every operation returns a size (e.g. output byte count); the sizes are summed into
/// `checksum`, which the caller prints, so the optimizer cannot drop the work.
struct Harness {
    let runs: Int
    let minSeconds: Double
    private(set) var checksum = 0

    init(runs: Int, minSeconds: Double) {
        self.runs = runs
        self.minSeconds = minSeconds
    }

    mutating func measure(_ name: String, _ body: () throws -> Int) throws -> Measurement {
        let outputSize = try body()
        // Calibration and warm-up: double the batch until it lasts a tenth of a run.
        var n = 1
        var batch = try time(n, body)
        while batch < minSeconds * 1e8 {
            n *= 2
            batch = try time(n, body)
        }
        let iterations = max(1, Int((minSeconds * 1e9 / (batch / Double(n))).rounded(.up)))
        var samples: [Double] = []
        for _ in 0..<runs { samples.append(try time(iterations, body) / Double(iterations)) }
        return Measurement(name: name, samples: samples, iterations: iterations, outputSize: outputSize)
    }

    /// Nanoseconds for `n` calls.
    private mutating func time(_ n: Int, _ body: () throws -> Int) throws -> Double {
        let clock = ContinuousClock()
        var sink = 0
        let start = clock.now
        for _ in 0..<n { sink &+= try body() }
        let elapsed = start.duration(to: clock.now)
        checksum &+= sink
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}

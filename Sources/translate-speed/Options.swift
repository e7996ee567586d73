/// Command-line options of `translate-speed`.
struct Options {
    var runs = 7
    var minSeconds = 0.3
    var jsonPath: String?
    var comparePath: String?
    var inputPath = "scripts/bench-data/openai-4k.json"
    var check = false
    var minRequestsPerSecond = 50_000.0
    var only: String?

    static let usage = """
        usage: translate-speed [--runs N] [--min-seconds S] [--json FILE] [--compare FILE]
                               [--input FILE] [--check] [--min-rps N] [--only PREFIX]

          --runs N         timed runs per benchmark; the median is reported (default 7)
          --min-seconds S  minimum duration of one run (default 0.3)
          --json FILE      also write the results as JSON
          --compare FILE   a JSON file from an earlier run: adds a column earlier/now per row
          --input FILE     the openai request (default scripts/bench-data/openai-4k.json)
          --check          exit 1 unless the goals hold: openai → anthropic ≥ --min-rps req/s,
                           faster than both Foundation baselines, input 3.8–4.4 KB
          --min-rps N      the req/s goal for --check (default 50000)
          --only PREFIX    run only the rows whose id starts with PREFIX (e.g. translate/openai/anthropic,
                           stage/, baseline/): for profiling
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
        /// `--help`: print the usage and exit 0.
        var isHelp = false
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let v = rest.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
            return v
        }
        func number(_ flag: String) throws(UsageError) -> Double {
            let text = try value(flag)
            guard let d = Double(text), d > 0 else { throw UsageError(description: "\(flag): expected a positive number, got \(text)") }
            return d
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--runs":
                let text = try value(flag)
                guard let n = Int(text), n > 0 else { throw UsageError(description: "--runs: expected a positive integer, got \(text)") }
                options.runs = n
            case "--min-seconds": options.minSeconds = try number(flag)
            case "--json": options.jsonPath = try value(flag)
            case "--compare": options.comparePath = try value(flag)
            case "--input": options.inputPath = try value(flag)
            case "--check": options.check = true
            case "--min-rps": options.minRequestsPerSecond = try number(flag)
            case "--only": options.only = try value(flag)
            case "-h", "--help": throw UsageError(description: usage, isHelp: true)
            default: throw UsageError(description: "unknown option \(flag)\n\(usage)")
            }
        }
        return options
    }
}

using System.Globalization;
using Sagas.Bench.Workload;

namespace Sagas.Bench;

/// <summary>The command line of one benchmark invocation.</summary>
public sealed record BenchOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string InMemory = "inmemory";
    public const string Usage = """
        dotnet run -c Release --project bench/Sagas.Bench -- [options]
          --storage sqlite|postgres   the in-process platform's database (default sqlite, on fresh files)
          --connection TEXT           PostgreSQL connection string (or SAGAS_BENCH_POSTGRES)
          --url URL                   drive a platform already running there instead of starting one
          --rate R                    offer R sagas per second (open loop)
          --concurrency C             keep at most C sagas in flight (closed loop; default 32 without --rate)
          --count N | --duration S    how many sagas to start (default 1000), or for how many seconds
          --warmup N                  first run N sagas on accounts of their own, unmeasured (JIT, pools, caches)
          --mix plain=85,fraud=5,funds=5,compensated=5   weights of the transfer outcomes
          --orders P                  percentage of sagas that are orders (default 0)
          --accounts N                funded accounts (default 50)
          --brokers B                 brokers of the embedded Kafka cluster (default 1); topics get replication factor B
          --set KEY=VALUE             a configuration setting of the in-process platform (repeatable), e.g. Kafka:FetchWaitMaxMs=20
          --partitions P              partitions of each topic (default: the platform's, 6)
          --baseline inmemory         also run the same workload on the in-memory ceiling and print the ratio
          --json FILE                 write every figure and the parameters to FILE
          --profile FILE              record an EventPipe CPU sampling trace (.nettrace) of the platform run
          --seed N, --step-timeout HH:MM:SS, --drain-timeout SECONDS, --poll-ms MS, --progress-seconds S
          --help                      print this text and exit
        """;

    static readonly HashSet<string> Known =
    [
        "storage", "connection", "url", "rate", "concurrency", "count", "duration", "warmup", "mix", "orders", "accounts",
        "brokers", "set", "partitions", "baseline", "json", "profile", "seed", "step-timeout", "drain-timeout", "poll-ms",
        "progress-seconds",
    ];

    /// <summary>Whether the command line asks for the usage rather than a run.</summary>
    public static bool AsksForHelp(IReadOnlyList<string> args) => args.Any(arg => arg is "--help" or "-h" or "-?");

    public string Storage { get; init; } = Sqlite;
    public string? ConnectionString { get; init; }
    public Uri? Url { get; init; }
    public double? Rate { get; init; }
    public int Concurrency { get; init; } = 32;
    public int? Count { get; init; }
    public TimeSpan? Duration { get; init; }
    public int Warmup { get; init; }
    public SagaMix Mix { get; init; } = SagaMix.Default;
    public int Accounts { get; init; } = 50;
    public int Brokers { get; init; } = 1;
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public int? Partitions { get; init; }
    public bool InMemoryBaseline { get; init; }
    public string? JsonFile { get; init; }
    public string? ProfileFile { get; init; }
    public int Seed { get; init; } = 20261127;
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many sagas to start; the duration, when given alone, ends the run instead.</summary>
    public int? SagaLimit => Count ?? (Duration is null ? 1000 : null);

    /// <summary>The warm-up run: the same load shape, <see cref="Warmup"/> sagas, no files written.</summary>
    public BenchOptions ForWarmup() => this with { Count = Warmup, Duration = null, JsonFile = null, ProfileFile = null };

    /// <exception cref="FormatException">An unknown option, a missing or malformed value, or a contradiction.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new FormatException($"Unexpected argument '{args[i]}': options are '--option value'.");
            if (!Known.Contains(args[i][2..]))
                throw new FormatException($"Unknown option {args[i]}.");
            if (i + 1 >= args.Count)
                throw new FormatException($"{args[i]} needs a value.");
            if (args[i] == "--set")
            {
                var setting = args[++i].Split('=', 2);
                if (setting.Length != 2 || setting[0].Length == 0)
                    throw new FormatException($"--set takes KEY=VALUE, not '{args[i]}'.");
                settings[setting[0]] = setting[1];
                continue;
            }
            values[args[i][2..]] = args[++i];
        }

        var mix = values.Remove("mix", out var mixText) ? mixText : "plain=85,fraud=5,funds=5,compensated=5";
        var options = new BenchOptions
        {
            Storage = Take(values, "storage") ?? Sqlite,
            ConnectionString = Take(values, "connection") ?? Environment.GetEnvironmentVariable("SAGAS_BENCH_POSTGRES"),
            Url = Take(values, "url") is { } url ? new Uri(url) : null,
            Rate = Number(values, "rate", double.Parse),
            Concurrency = Number(values, "concurrency", int.Parse) ?? 32,
            Count = Number(values, "count", int.Parse),
            Duration = Number(values, "duration", double.Parse) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Warmup = Number(values, "warmup", int.Parse) ?? 0,
            Mix = SagaMix.Parse(mix, Number(values, "orders", int.Parse) ?? 0),
            Accounts = Number(values, "accounts", int.Parse) ?? 50,
            Brokers = Number(values, "brokers", int.Parse) ?? 1,
            Settings = settings,
            Partitions = Number(values, "partitions", int.Parse),
            InMemoryBaseline = Take(values, "baseline") switch
            {
                null => false,
                InMemory => true,
                var other => throw new FormatException($"--baseline takes '{InMemory}', not '{other}'."),
            },
            JsonFile = Take(values, "json"),
            ProfileFile = Take(values, "profile"),
            Seed = Number(values, "seed", int.Parse) ?? 20261127,
            StepTimeout = Take(values, "step-timeout") is { } timeout ? TimeSpan.Parse(timeout, CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(30),
            DrainTimeout = TimeSpan.FromSeconds(Number(values, "drain-timeout", double.Parse) ?? 300),
            PollInterval = TimeSpan.FromMilliseconds(Number(values, "poll-ms", double.Parse) ?? 100),
            ProgressInterval = TimeSpan.FromSeconds(Number(values, "progress-seconds", double.Parse) ?? 2),
        };

        if (values.Count > 0)
            throw new FormatException($"Unknown option --{values.Keys.First()}.");
        return options.Validated();
    }

    /// <summary>The parameters as the result file records them; the connection string is left out, it may hold a password.</summary>
    public IReadOnlyDictionary<string, string?> Describe() => new Dictionary<string, string?>
    {
        ["storage"] = Url is null ? Storage : null,
        ["url"] = Url?.ToString(),
        ["rate"] = Rate?.ToString(CultureInfo.InvariantCulture),
        ["concurrency"] = Rate is null ? Concurrency.ToString(CultureInfo.InvariantCulture) : null,
        ["count"] = SagaLimit?.ToString(CultureInfo.InvariantCulture),
        ["durationSeconds"] = Duration?.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        ["warmup"] = Warmup.ToString(CultureInfo.InvariantCulture),
        ["mix"] = Mix.ToString(),
        ["accounts"] = Accounts.ToString(CultureInfo.InvariantCulture),
        ["brokers"] = Brokers.ToString(CultureInfo.InvariantCulture),
        ["settings"] = Settings.Count == 0 ? null : string.Join(' ', Settings.Select(setting => $"{setting.Key}={setting.Value}")),
        ["partitions"] = Partitions?.ToString(CultureInfo.InvariantCulture),
        ["baseline"] = InMemoryBaseline ? InMemory : null,
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["stepTimeout"] = StepTimeout.ToString(),
        ["pollMs"] = PollInterval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
        ["profile"] = ProfileFile,
        ["commandLine"] = string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
    };

    BenchOptions Validated()
    {
        if (Storage is not (Sqlite or Postgres))
            throw new FormatException($"--storage is '{Sqlite}' or '{Postgres}'.");
        if (Storage == Postgres && Url is null && string.IsNullOrWhiteSpace(ConnectionString))
            throw new FormatException("--storage postgres needs --connection or SAGAS_BENCH_POSTGRES.");
        if (Rate is <= 0 || Concurrency <= 0 || Count is <= 0 || Duration <= TimeSpan.Zero || Accounts < 2 || Warmup < 0)
            throw new FormatException("--rate, --concurrency, --count and --duration are positive; --accounts is at least 2; --warmup is not negative.");
        if (Brokers < 1 || Partitions < 1)
            throw new FormatException("--brokers and --partitions are at least 1.");
        if (PollInterval <= TimeSpan.Zero || ProgressInterval <= TimeSpan.Zero || DrainTimeout <= TimeSpan.Zero)
            throw new FormatException("--poll-ms, --progress-seconds and --drain-timeout are positive.");
        return this;
    }

    static string? Take(Dictionary<string, string> values, string name) => values.Remove(name, out var value) ? value : null;

    static T? Number<T>(Dictionary<string, string> values, string name, Func<string, IFormatProvider, T> parse)
        where T : struct
    {
        if (Take(values, name) is not { } text)
            return null;
        try
        {
            return parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new FormatException($"--{name} takes a number, not '{text}'.");
        }
    }
}

using System.Globalization;

namespace Microfactory.LoadTest;

/// <summary>One load scenario: how many agents, how fast they connect, and the order rate to hold for how long.</summary>
public sealed record Scenario(string Name, int Agents, int OrdersPerSecond, TimeSpan Duration);

/// <summary>The command line: <c>--agents 5000 --rate 500 --duration 30s [--baseline-agents 100 --baseline-rate 50 ...]</c>.</summary>
public sealed class LoadOptions
{
    public Scenario Main { get; private set; } = new("main", 5000, 500, TimeSpan.FromSeconds(30));

    /// <summary>A small run first, on its own orchestrator, so the main figures have something to compare with; null: none.</summary>
    public Scenario? Baseline { get; private set; } = new("baseline", 100, 50, TimeSpan.FromSeconds(15));

    /// <summary>New agent connections per second during the ramp.</summary>
    public int ConnectRate { get; private set; } = 500;

    /// <summary>Orders in flight (sent, no HTTP answer yet) at most; beyond it a due order is counted as skipped.</summary>
    public int MaxInFlight { get; private set; } = 256;

    /// <summary>An order whose assignment has not reached its agent this long after its 201 counts as not received.</summary>
    public TimeSpan ReceiveTimeout { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>Orders sent at the scenario's rate before the measured window, so JIT and first-use costs stay out of the figures.</summary>
    public TimeSpan WarmUp { get; private set; } = TimeSpan.FromSeconds(3);

    /// <summary>The whole run stops (and kills the orchestrator) after this, whatever state it is in.</summary>
    public TimeSpan TimeLimit { get; private set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The silo counts to run the main scenario on, one after another in this order (<c>--silos 1,2</c>: one silo, then a
    /// two-silo cluster, side by side); the baseline always runs on one.
    /// </summary>
    public IReadOnlyList<int> Silos { get; private set; } = [1];

    /// <summary>Microfactory.Orchestrator.dll; by default the Release (else Debug) build output in the repository.</summary>
    public string? OrchestratorDll { get; private set; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        int agents = options.Main.Agents, rate = options.Main.OrdersPerSecond;
        var duration = options.Main.Duration;
        int baseAgents = 100, baseRate = 50;
        var baseDuration = TimeSpan.FromSeconds(15);
        var noBaseline = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--no-baseline")
            {
                noBaseline = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Option {name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--agents": agents = PositiveInt(name, value); break;
                case "--rate": rate = PositiveInt(name, value); break;
                case "--duration": duration = Span(name, value); break;
                case "--baseline-agents": baseAgents = PositiveInt(name, value); break;
                case "--baseline-rate": baseRate = PositiveInt(name, value); break;
                case "--baseline-duration": baseDuration = Span(name, value); break;
                case "--connect-rate": options.ConnectRate = PositiveInt(name, value); break;
                case "--max-in-flight": options.MaxInFlight = PositiveInt(name, value); break;
                case "--receive-timeout": options.ReceiveTimeout = Span(name, value); break;
                case "--warmup": options.WarmUp = Span(name, value); break;
                case "--time-limit": options.TimeLimit = Span(name, value); break;
                case "--orchestrator": options.OrchestratorDll = value; break;
                case "--silos": options.Silos = SiloCounts(name, value); break;
                default:
                    throw new ArgumentException(
                        $"Unknown option {name}. Options: --agents N --rate N --duration 30s --baseline-agents N --baseline-rate N " +
                        "--baseline-duration 15s --no-baseline --connect-rate N --max-in-flight N --receive-timeout 5s --warmup 3s --time-limit 10m --silos 1,2 --orchestrator <dll>");
            }
        }

        options.Main = new Scenario("main", agents, rate, duration);
        options.Baseline = noBaseline ? null : new Scenario("baseline", baseAgents, baseRate, baseDuration);
        return options;
    }

    /// <summary>A comma-separated list of silo counts, each 1 to 4 (one machine's worth).</summary>
    private static IReadOnlyList<int> SiloCounts(string name, string value)
    {
        var counts = value.Split(',', StringSplitOptions.TrimEntries).Select(part => PositiveInt(name, part)).ToList();
        return counts.All(n => n <= 4)
            ? counts
            : throw new ArgumentException($"{name} takes silo counts from 1 to 4 (for example 1,2), not '{value}'.");
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");

    /// <summary>Durations as 500ms, 30s, 2m or a TimeSpan (00:00:30).</summary>
    private static TimeSpan Span(string name, string value)
    {
        var units = new (string Suffix, Func<double, TimeSpan> Make)[]
        {
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes),
        };
        foreach (var (suffix, make) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return make(n);
            }
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new ArgumentException($"{name} must be a positive duration such as 30s, 500ms or 2m, not '{value}'.");
    }
}

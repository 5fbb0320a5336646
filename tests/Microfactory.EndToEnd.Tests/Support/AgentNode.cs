using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microfactory.EndToEnd.Tests.Support;

/// <summary>
/// A real site agent process (`dotnet Microfactory.SiteAgent.dll`) for one site with one simulated CNC cell that has
/// the test design installed. Its working directory holds its appsettings.json, its state directory and one log file
/// per run; a restart reuses the state directory, as an agent restarted on the same machine does.
/// </summary>
public sealed class AgentNode : IAsyncDisposable
{
    public const string CellId = "cell-1";

    /// <summary>How each of the agent's log lines begins (then a space).</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    private readonly string _directory;
    private ChildProcess? _process;
    private int _runs;

    public AgentNode(string directory, string siteId, Uri orchestrator, TimeSpan cycleTime, int seed, string? failInstallFor = null)
    {
        _directory = directory;
        SiteId = siteId;
        Credential = $"{siteId}-credential-0123456789abcdef";
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), Settings(siteId, orchestrator, cycleTime, seed, failInstallFor));
    }

    public string SiteId { get; }

    public string Credential { get; }

    public string StateDirectory => Path.Combine(_directory, "state");

    public IEnumerable<string> LogFiles => Directory.EnumerateFiles(_directory, "agent-*.log").Order();

    public void Start()
    {
        _runs++;
        // The credential goes through the environment, as the agent's README asks.
        _process = ChildProcess.Start(BuiltApp.SiteAgent, _directory, Path.Combine(_directory, $"agent-{_runs}.log"),
            new Dictionary<string, string> { ["Agent__Credential"] = Credential });
    }

    /// <summary>kill -9 while whatever it does is under way.</summary>
    public Task CrashAsync() => _process?.KillHard() ?? Task.CompletedTask;

    /// <summary>The job as the agent's durable state file records it, or null while it holds no such job.</summary>
    public AgentJob? Job(string jobId)
    {
        var path = Path.Combine(StateDirectory, "agent-state.json");
        if (!File.Exists(path))
        {
            return null;
        }

        // The agent replaces the file by rename, so a read sees a whole old or a whole new file.
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var job in document.RootElement.GetProperty("Jobs").EnumerateArray())
        {
            if (job.GetProperty("JobId").GetString() == jobId)
            {
                return new AgentJob(jobId, job.GetProperty("Status").GetInt32(), job.GetProperty("Good").GetInt32(), job.GetProperty("Scrap").GetInt32(), job.GetProperty("Quantity").GetInt32());
            }
        }

        return null;
    }

    /// <summary>When the agent logged <paramref name="line"/> (one of <see cref="LogLines"/>), from its UTC stamp.</summary>
    public static DateTimeOffset LoggedAt(string line) => DateTimeOffset.ParseExact(
        line[..(TimestampFormat.Length - 1)], TimestampFormat.TrimEnd(), System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AssumeUniversal);

    /// <summary>Every line any run of this agent logged that contains <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LogLines(string text) =>
        LogFiles.SelectMany(ReadShared).Where(line => line.Contains(text, StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    internal static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string Settings(string siteId, Uri orchestrator, TimeSpan cycleTime, int seed, string? failInstallFor)
    {
        var settings = new JsonObject
        {
            ["Logging"] = new JsonObject
            {
                ["LogLevel"] = new JsonObject { ["Default"] = "Information" },

                // One line per entry, stamped in UTC to the millisecond: when the agent received a job is a measurement.
                ["Console"] = new JsonObject
                {
                    ["FormatterName"] = "simple", // without it the formatter options below are not read
                    ["FormatterOptions"] = new JsonObject { ["SingleLine"] = true, ["UseUtcTimestamp"] = true, ["TimestampFormat"] = AgentNode.TimestampFormat },
                },
            },
            ["Agent"] = new JsonObject
            {
                ["OrchestratorUrl"] = orchestrator.ToString(),
                ["SiteId"] = siteId,
                ["StateDirectory"] = "state",
                ["ProgressInterval"] = "00:00:00.200",
                ["Designs"] = new JsonObject
                {
                    ["RetryBackoff"] = "00:00:00.200",
                    ["FailInstallFor"] = failInstallFor is null ? new JsonArray() : new JsonArray(failInstallFor),
                },
                ["Cells"] = new JsonArray(new JsonObject
                {
                    ["Id"] = CellId,
                    ["Driver"] = "simulated",
                    ["Capabilities"] = new JsonArray("cnc"),
                    ["HoursAvailablePerDay"] = 16,
                    ["Simulated"] = new JsonObject
                    {
                        ["CycleTime"] = cycleTime.ToString("c"),
                        ["ChangeoverTime"] = "00:00:00",
                        ["ScrapRate"] = 0.1,
                        ["Seed"] = seed,
                        ["InstalledDesigns"] = new JsonArray(Network.Design),
                        ["LoadedDesign"] = Network.Design,
                    },
                }),
            },
        };
        return settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}

/// <summary>A job in the agent's state file; Status is the agent's HeldJobStatus (0 queued, 1 running, 2 finished).</summary>
public sealed record AgentJob(string JobId, int Status, int Good, int Scrap, int Quantity)
{
    public const int Running = 1;
    public const int Finished = 2;

    public int Made => Good + Scrap;
}

using System.Text.RegularExpressions;

namespace Microfactory.Orchestrator.Tests.Demo;

/// <summary>
/// The built orchestrator started as <c>--demo</c> in a temp directory of its own (its .data, keys and logs go
/// there), on free ports, with its appsettings.json from the build output.
/// </summary>
public sealed partial class DemoProcess : IAsyncDisposable
{
    private DemoProcess(string directory, string terminalLog, ChildProcess process)
    {
        Directory = directory;
        TerminalLog = terminalLog;
        Process = process;
    }

    public string Directory { get; }

    /// <summary>What the demo wrote to its standard output and error.</summary>
    public string TerminalLog { get; }

    public ChildProcess Process { get; }

    public static string ContentRoot => Path.GetDirectoryName(BuiltApp.Orchestrator)!;

    /// <summary>The variables that put a demo on free loopback ports, with surge and quick rebalancing so moves show.</summary>
    public static Dictionary<string, string> Settings() => new(SiloPorts.Environment())
    {
        ["Urls"] = $"http://127.0.0.1:{FreeTcpPort.Next()}",
        ["AgentLink__Port"] = FreeTcpPort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Store__Kind"] = "Memory",
        ["Demo__SummaryInterval"] = "00:00:01",
        ["Demo__Surge__City"] = "osaka",
        ["Demo__Surge__At"] = "00:00:02",
        ["Demo__Surge__RebalanceInterval"] = "00:00:03",
    };

    public static DemoProcess Start(IReadOnlyDictionary<string, string> environment, params string[] flags)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("mf-demo-").FullName;
        var log = Path.Combine(directory, "terminal.log");
        var process = ChildProcess.Start(BuiltApp.Orchestrator, directory, log, environment, ["--contentRoot", ContentRoot, .. flags, "--demo"]);
        return new DemoProcess(directory, log, process);
    }

    public IReadOnlyList<string> TerminalLines()
    {
        using var stream = new FileStream(TerminalLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The log file the demo said it writes to, from its first line.</summary>
    public static string? LogFileNamedIn(string terminal) => LogFileLine().Match(terminal) is { Success: true } m ? m.Groups[1].Value.Trim() : null;

    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    [GeneratedRegex(@"logs \(Information and up\) go to (\S+)")]
    private static partial Regex LogFileLine();
}

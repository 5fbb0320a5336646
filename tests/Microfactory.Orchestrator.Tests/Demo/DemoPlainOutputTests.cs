namespace Microfactory.Orchestrator.Tests.Demo;

/// <summary>
/// The main job in a CI log or a pipe: a summary line every interval, the Information logs in the file it names, only
/// warnings and errors on the terminal; --verbose brings the logs back.
/// </summary>
public sealed class DemoPlainOutputTests
{
    [Fact]
    public async Task Redirected_the_demo_prints_summary_lines_and_keeps_information_logs_in_the_file_it_names()
    {
        var settings = DemoProcess.Settings();
        settings["CI"] = "true";
        await using var demo = DemoProcess.Start(settings);

        await Await.Until(() => Task.FromResult(demo.TerminalLines().Count(IsSummary) >= 3),
            $"three summary lines with every agent connected in {demo.TerminalLog}", TimeSpan.FromSeconds(90));

        var lines = demo.TerminalLines();
        var logFile = DemoProcess.LogFileNamedIn(string.Join('\n', lines));
        Assert.True(logFile is not null, $"the demo did not say where its logs go:\n{string.Join('\n', lines)}");
        Assert.StartsWith(demo.Directory, logFile, StringComparison.Ordinal);
        var logged = DemoProcess.ReadShared(logFile);
        Assert.Contains("INF Microsoft.Hosting.Lifetime: Now listening on", logged, StringComparison.Ordinal);
        Assert.Contains("INF Microfactory.SiteAgent", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("info:", StringComparison.Ordinal) || l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("API", StringComparison.Ordinal) && l.Contains("/api", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("OpenAPI", StringComparison.Ordinal) && l.Contains("/openapi/v1.json", StringComparison.Ordinal));

        // Everything else on the terminal is the frame printed once, or a warning or error.
        var other = lines.Where(l => !IsSummary(l) && !l.StartsWith("  ", StringComparison.Ordinal) && !l.Contains(" warn: ", StringComparison.Ordinal)
            && !l.Contains(" fail: ", StringComparison.Ordinal) && !l.StartsWith("Microfactory Network demo", StringComparison.Ordinal)
            && !l.StartsWith("[", StringComparison.Ordinal)).ToList();
        Assert.True(other.Count == 0, "unexpected terminal lines:\n" + string.Join('\n', other));
    }

    [Fact]
    public async Task Verbose_brings_the_logs_back_to_the_terminal()
    {
        var settings = DemoProcess.Settings();
        settings["CI"] = "true";
        await using var demo = DemoProcess.Start(settings, "--verbose");

        await Await.Until(() => Task.FromResult(demo.TerminalLines().Any(IsSummary)), $"a summary line in {demo.TerminalLog}", TimeSpan.FromSeconds(90));

        Assert.Contains(demo.TerminalLines(), l => l.Contains("Now listening on", StringComparison.Ordinal));
    }

    // Every site's agent connected, so the line shows the network running, not starting.
    private static bool IsSummary(string line) =>
        line.StartsWith('[') && line.Contains("] orders", StringComparison.Ordinal) && line.Contains("| utilisation ", StringComparison.Ordinal)
        && line.Contains("agents connected 24", StringComparison.Ordinal);
}

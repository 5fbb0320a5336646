using System.Text.RegularExpressions;

namespace Microfactory.Orchestrator.Tests.Demo;

/// <summary>
/// The main job on an interactive terminal (tmux gives it one): the live view with orders by state, utilisation per
/// city, agents, rebalance moves and where to look, and no log lines. The captured screen is kept as ANSI text and
/// rendered to a PNG (aha, then headless chromium) under artifacts/screenshots, which the README shows.
/// </summary>
public sealed partial class DemoLiveViewTests
{
    private const string Tmux = "/usr/bin/tmux";

    [Fact]
    public async Task On_an_interactive_terminal_the_demo_draws_its_live_view_and_no_logs()
    {
        var session = "mf-demo-" + Guid.NewGuid().ToString("N")[..8];
        var settings = DemoProcess.Settings();
        var directory = Directory.CreateTempSubdirectory("mf-demo-live-").FullName;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "/usr/bin/dotnet";
        var command = string.Join(' ', ["env", "-u", "CI", "-u", "OTEL_EXPORTER_OTLP_ENDPOINT", "TERM=xterm-256color", "DOTNET_ENVIRONMENT=Production", "ASPNETCORE_ENVIRONMENT=Production", .. settings.Select(s => $"{s.Key}={s.Value}"),
            dotnet, BuiltApp.Orchestrator, "--contentRoot", DemoProcess.ContentRoot, "--demo"]);
        await ProcessRunner.RunAsync(Tmux, ["new-session", "-d", "-s", session, "-x", "132", "-y", "46", "-c", directory, command], "tmux to start the demo");
        try
        {
            var screen = "";
            await Await.Until(async () =>
            {
                screen = (await ProcessRunner.RunAsync(Tmux, ["capture-pane", "-p", "-t", session], "tmux capture-pane")).StandardOutput;
                return CompletedOrders().IsMatch(screen) && screen.Contains("agents connected 24", StringComparison.Ordinal) && PlanLine().IsMatch(screen);
            }, "the live view to show completed orders, every agent and a rebalance", TimeSpan.FromSeconds(120));

            Assert.Contains("Orders by state", screen, StringComparison.Ordinal);
            Assert.Contains("Utilisation per city", screen, StringComparison.Ordinal);
            Assert.Matches(@"osaka\s+█+", screen);
            Assert.Contains("Recent rebalance moves", screen, StringComparison.Ordinal);
            Assert.Matches(@"API\s+http://127\.0\.0\.1:\d+/api", screen);
            Assert.Matches(@"OpenAPI\s+http://127\.0\.0\.1:\d+/openapi/v1\.json", screen);
            Assert.Contains($"Logs (Information and up): {directory}", screen.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("info:", screen, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening on", screen, StringComparison.Ordinal);

            await SaveScreenshotAsync(session);
        }
        finally
        {
            await ProcessRunner.RunAsync(Tmux, ["kill-session", "-t", session], "tmux to stop the demo");
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // a temp directory left behind is harmless
            }
        }
    }

    /// <summary>artifacts/screenshots/demo-view.ans (the screen with its colours) and demo-view.png.</summary>
    private static async Task SaveScreenshotAsync(string session)
    {
        var folder = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots")).FullName;
        var ansi = (await ProcessRunner.RunAsync(Tmux, ["capture-pane", "-e", "-p", "-t", session], "tmux capture-pane -e")).StandardOutput;
        await File.WriteAllTextAsync(Path.Combine(folder, "demo-view.ans"), ansi);
        var html = (await ProcessRunner.RunAsync("/usr/bin/aha", ["--black", "--title", "mf demo"], "aha to turn the screen into HTML", standardInput: ansi)).StandardOutput;
        var page = Path.Combine(folder, "demo-view.html");
        await File.WriteAllTextAsync(page, html.Replace("<pre>", "<pre style=\"font-family: 'DejaVu Sans Mono', monospace; font-size: 14px; line-height: 1.2; margin: 8px\">", StringComparison.Ordinal));
        var png = Path.Combine(folder, "demo-view.png");
        File.Delete(png);
        var shot = await ProcessRunner.RunAsync("/usr/bin/chromium",
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1150,620", $"--screenshot={png}", new Uri(page).AbsoluteUri],
            "headless chromium to screenshot the demo view");
        Assert.True(File.Exists(png) && new FileInfo(png).Length > 10_000, $"chromium made no screenshot (exit {shot.ExitCode}): {shot.StandardError}");
    }

    [GeneratedRegex(@"Completed\s+[1-9]")]
    private static partial Regex CompletedOrders();

    [GeneratedRegex(@"plan-\d{8}-\d{6}-[0-9a-f]+: [1-9]")]
    private static partial Regex PlanLine();
}

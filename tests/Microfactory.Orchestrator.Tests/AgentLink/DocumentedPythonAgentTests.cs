using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.Testing;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// The Python skeleton in docs/agent-protocol.md, taken from the Markdown as a factory's engineer would copy it and run
/// unchanged on Debian's python3-grpcio against the real orchestrator: the page's promise that it runs as written.
/// </summary>
public sealed partial class DocumentedPythonAgentTests : IAsyncLifetime
{
    private const string Credential = "osaka-01-credential-0123456789";
    private RealOrchestrator _orchestrator = null!;

    public async Task InitializeAsync()
    {
        _orchestrator = await RealOrchestrator.StartAsync(new Dictionary<string, string> { ["osaka-01"] = Credential });
        await _orchestrator.SeedAsync("osaka-01");
    }

    public async Task DisposeAsync() => await _orchestrator.DisposeAsync();

    [Fact]
    public async Task The_documented_skeleton_runs_as_written_and_completes_an_order()
    {
        var directory = Directory.CreateTempSubdirectory("mf-skeleton-").FullName;
        var script = Path.Combine(directory, "minimal_agent.py");
        await File.WriteAllTextAsync(script, Skeleton());
        var environment = new Dictionary<string, string>
        {
            ["MF_ORCHESTRATOR"] = $"{_orchestrator.AgentLink.Host}:{_orchestrator.AgentLink.Port}",
            ["MF_SITE_ID"] = "osaka-01",
            ["MF_SITE_CREDENTIAL"] = Credential,
            ["MF_CELL"] = "cell-1:cnc",
            ["MF_INSECURE"] = "1",
        };

        using var agent = PythonGrpc.Start(script, await PythonPeer.ContractCodeAsync(), environment);
        var lines = new ConcurrentQueue<string>();
        var reading = Task.WhenAll(Collect(agent.StandardOutput, lines), Collect(agent.StandardError, lines));
        try
        {
            await Await.Until(() => Task.FromResult(lines.Any(l => l.StartsWith("connected: session ", StringComparison.Ordinal)) || agent.HasExited),
                "the skeleton to connect", TimeSpan.FromSeconds(60));
            Assert.False(agent.HasExited, $"the skeleton exited: {string.Join('\n', lines)}");

            var orderId = await _orchestrator.SubmitOrderAsync("skeleton-1", quantity: 4);

            await Await.Until(async () => (await _orchestrator.OrderAsync(orderId)).Status == "Completed",
                $"order {orderId} to complete at the skeleton (its output: {string.Join(" | ", lines)})", TimeSpan.FromSeconds(60));
            var order = await _orchestrator.OrderAsync(orderId);
            Assert.Equal(4, order.Good);
            Assert.Equal("osaka-01", order.Assignment!.SiteId);
            Assert.Single(lines, l => l.StartsWith($"made job {order.Assignment.JobId}:", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(Credential, StringComparison.Ordinal));
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync().Within("the skeleton to exit");
            await reading;
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The first python block under the page's "A minimal Python skeleton" heading.</summary>
    private static string Skeleton()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "agent-protocol.md"));
        var section = page.IndexOf("## A minimal Python skeleton", StringComparison.Ordinal);
        Assert.True(section >= 0, "docs/agent-protocol.md has no \"A minimal Python skeleton\" section");
        var block = PythonBlock().Match(page, section);
        Assert.True(block.Success, "the skeleton section has no ```python block");
        return block.Groups["code"].Value;
    }

    private static async Task Collect(StreamReader reader, ConcurrentQueue<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
        }
    }

    [GeneratedRegex("```python\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}

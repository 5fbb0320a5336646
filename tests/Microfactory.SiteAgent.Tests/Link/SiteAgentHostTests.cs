using Microfactory.Contracts.Agent.V1;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Tests.Link;

/// <summary>Many agents in one process, as the orchestrator's demo runs them.</summary>
public sealed class SiteAgentHostTests
{
    [Fact]
    public async Task Agents_started_in_process_from_options_each_connect_as_their_own_site()
    {
        await using var peer = await TestOrchestrator.StartAsync();
        var clock = new SteppedClock();
        var sites = new[] { "kyoto-01", "lyon-02" };
        var agents = new List<RunningSiteAgent>();
        foreach (var site in sites)
        {
            agents.Add(await SiteAgentHost.StartAsync(Options(peer.Address, site), NullLoggerFactory.Instance, clock, CancellationToken.None).Within($"agent {site} to start"));
        }

        var hellos = new List<Hello>();
        foreach (var _ in sites)
        {
            hellos.Add((await peer.NextConnectionAsync("an in-process agent's Connect")).Hello);
        }

        Assert.Equal(sites, hellos.Select(h => h.SiteId).Order());
        Assert.All(hellos, h => Assert.Equal("mill-1", Assert.Single(h.Cells).CellId));
        foreach (var agent in agents)
        {
            await agent.DisposeAsync().AsTask().Within("an in-process agent to stop");
        }
    }

    [Fact]
    public async Task Bad_options_fail_the_start_naming_the_key()
    {
        var options = Options(new Uri("http://127.0.0.1:1"), "Not A Slug");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => SiteAgentHost.StartAsync(options, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).Within("the start to fail"));

        Assert.Contains("Agent:SiteId", error.Message, StringComparison.Ordinal);
    }

    private static AgentOptions Options(Uri orchestrator, string site) => new()
    {
        OrchestratorUrl = orchestrator,
        SiteId = site,
        Credential = $"{site}-credential-0123456789",
        StateDirectory = Path.Combine(Path.GetTempPath(), "mf-agent-tests", Guid.NewGuid().ToString("N")),
        Cells = [new CellOptions { Id = "mill-1", Driver = "simulated", Capabilities = ["cnc-milling"] }],
    };
}

using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.SiteAgent.Hosting;
using Microfactory.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// Real site agents over loopback gRPC: a site whose agent went away gets no new work (the next order goes to the
/// connected site, or is unroutable saying why when none is), the API says since when it is disconnected, and the
/// agent's return brings work back to it.
/// </summary>
public sealed class RealAgentDisconnectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_site_whose_agent_disconnected_gets_no_new_work_until_the_agent_is_back()
    {
        var credentials = new Dictionary<string, string>
        {
            ["near-01"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["far-01"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        var states = credentials.Keys.ToDictionary(id => id, id => Directory.CreateTempSubdirectory($"mf-{id}-"));
        await using var orchestrator = await RealOrchestrator.StartAsync(credentials);
        await orchestrator.SeedAsync("near-01", "far-01"); // near-01 is the nearer to the delivery city
        var agents = new Dictionary<string, IAsyncDisposable>();
        try
        {
            foreach (var id in credentials.Keys)
            {
                agents[id] = await StartAgentAsync(orchestrator, id, credentials[id], states[id]);
                await UntilConnectedAsync(orchestrator, id, connected: true);
            }

            Assert.Equal("near-01", await AssignedSiteAsync(orchestrator, await orchestrator.SubmitOrderAsync("both-up", quantity: 1)));

            // The near site's agent goes away: the site stays Online (its jobs stay until lost_after) but gets nothing new.
            var droppedBefore = DateTimeOffset.UtcNow;
            await agents["near-01"].DisposeAsync();
            agents.Remove("near-01");
            var near = await UntilConnectedAsync(orchestrator, "near-01", connected: false);
            Assert.Equal("Online", near.GetProperty("status").GetString());
            var since = near.GetProperty("disconnectedSince").GetDateTimeOffset();
            Assert.InRange(since, droppedBefore.AddSeconds(-1), DateTimeOffset.UtcNow);

            var whileAway = await orchestrator.SubmitOrderAsync("near-away", quantity: 1);
            Assert.Equal("far-01", await AssignedSiteAsync(orchestrator, whileAway));
            var why = await orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{whileAway}/routing");
            Assert.Equal(1, why.GetProperty("decision").GetProperty("rejections").GetProperty("siteDisconnected").GetInt32());

            // No agent connected at all: the order waits, unroutable, and says why.
            await agents["far-01"].DisposeAsync();
            agents.Remove("far-01");
            await UntilConnectedAsync(orchestrator, "far-01", connected: false);
            var stranded = await orchestrator.SubmitOrderAsync("none-connected", quantity: 1);
            var order = await orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/orders/{stranded}");
            Assert.Equal("Unroutable", order.GetProperty("status").GetString());
            Assert.Contains("at sites whose agents are disconnected", order.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);

            // The near agent returns: the site is connected again and the waiting order goes to it and is made.
            agents["near-01"] = await StartAgentAsync(orchestrator, "near-01", credentials["near-01"], states["near-01"]);
            near = await UntilConnectedAsync(orchestrator, "near-01", connected: true);
            Assert.False(near.TryGetProperty("disconnectedSince", out _), "disconnectedSince is still set on a connected site");
            await Await.Until(async () => (await orchestrator.OrderAsync(stranded)) is { Status: "Completed", Assignment.SiteId: "near-01" },
                "the stranded order to be routed to the returning site and made there", Patience);
        }
        finally
        {
            foreach (var agent in agents.Values)
            {
                await agent.DisposeAsync();
            }

            foreach (var state in states.Values)
            {
                state.Delete(recursive: true);
            }
        }
    }

    private static async Task<IAsyncDisposable> StartAgentAsync(RealOrchestrator orchestrator, string siteId, string credential, DirectoryInfo state) =>
        await SiteAgentHost.StartAsync(SimulatedCncAgent.Options(orchestrator, siteId, credential, state), NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None)
            .Within($"the agent of {siteId} to start");

    private static async Task<JsonElement> UntilConnectedAsync(RealOrchestrator orchestrator, string siteId, bool connected)
    {
        JsonElement site = default;
        await Await.Until(async () => (site = await orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/sites/{siteId}")).GetProperty("connected").GetBoolean() == connected,
            $"site {siteId} to show connected={connected}", Patience);
        return site;
    }

    private static async Task<string?> AssignedSiteAsync(RealOrchestrator orchestrator, string orderId) =>
        (await orchestrator.OrderAsync(orderId)).Assignment?.SiteId;
}

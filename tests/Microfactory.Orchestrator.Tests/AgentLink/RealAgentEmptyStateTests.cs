using System.Net.Http.Json;
using System.Security.Cryptography;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Link;
using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Orchestrator.Tests.AgentLink;

/// <summary>
/// A real site agent over loopback gRPC whose running job is lost with its state directory (the machine was replaced):
/// the agent that comes back empty gets the order again as a new job, makes it once, and the order completes.
/// </summary>
public sealed class RealAgentEmptyStateTests
{
    private const string SiteId = "osaka-01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_agent_back_with_an_empty_state_directory_leaves_no_order_stuck_and_makes_it_once()
    {
        var credential = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var before = Directory.CreateTempSubdirectory("mf-lost-before-");
        var after = Directory.CreateTempSubdirectory("mf-lost-after-");
        await using var orchestrator = await RealOrchestrator.StartAsync(new Dictionary<string, string> { [SiteId] = credential });
        try
        {
            await orchestrator.SeedAsync(SiteId);
            string order;
            string firstJob;
            await using (var slow = await StartAgentAsync(orchestrator, credential, before, TimeSpan.FromHours(1)))
            {
                order = await orchestrator.SubmitOrderAsync("empty-state", quantity: 3);
                firstJob = (await orchestrator.UntilStatusAsync(order, "InProgress", Patience)).Assignment!.JobId;
            }

            await using var replaced = await StartAgentAsync(orchestrator, credential, after, TimeSpan.FromMilliseconds(20));
            var done = await orchestrator.UntilStatusAsync(order, "Completed", Patience);

            Assert.Equal(3, done.Good + done.Scrap);
            Assert.NotEqual(firstJob, done.Assignment!.JobId);
            var held = Assert.Single(replaced.Services.GetRequiredService<JobBook>().Jobs);
            Assert.Equal(done.Assignment.JobId, held.JobId); // the lost job was never sent to the new agent: made once
            var history = (await orchestrator.Admin.GetFromJsonAsync<OrderHistory>($"/api/orders/{order}").Within("the order's history"))!;
            Assert.Equal(2, history.Attempts);
            Assert.Contains(history.History, h => h.Reason.StartsWith($"site {SiteId}'s agent no longer holds job {firstJob} (it reconnected without it)", StringComparison.Ordinal));
            Assert.Single(history.History, h => h.Status == "Completed");
        }
        finally
        {
            before.Delete(recursive: true);
            after.Delete(recursive: true);
        }
    }

    private static Task<RunningSiteAgent> StartAgentAsync(RealOrchestrator orchestrator, string credential, DirectoryInfo state, TimeSpan cycleTime) =>
        SiteAgentHost.StartAsync(
            SimulatedCncAgent.Options(orchestrator, SiteId, credential, state, cell =>
            {
                cell.Simulated!.CycleTime = cycleTime;
                cell.Simulated.ChangeoverTime = TimeSpan.Zero;
            }),
            NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None).Within("the agent to start");

    private sealed record OrderHistory(int Attempts, List<Transition> History);

    private sealed record Transition(string Status, string Reason);
}

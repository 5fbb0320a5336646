using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Hosting;
using Microfactory.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microfactory.Orchestrator.Tests.CellOperations;

/// <summary>
/// A real site agent over loopback gRPC with an operator-gated cell: after a job the orchestrator's views show the
/// cell waiting, the next order waits queued on the agent, and a remote confirmation through the API releases it.
/// </summary>
public sealed class RealAgentOperatorGateTests
{
    private const string SiteId = "gate-01";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_remote_confirmation_releases_a_cell_waiting_for_its_operator_and_the_next_job_starts()
    {
        var credential = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var state = Directory.CreateTempSubdirectory("mf-gate-");
        await using var orchestrator = await RealOrchestrator.StartAsync(new Dictionary<string, string> { [SiteId] = credential });
        await orchestrator.SeedAsync(SiteId);
        var agent = await SiteAgentHost.StartAsync(Options(orchestrator, credential, state), NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None)
            .Within("the agent to start");
        try
        {
            await Await.Until(async () => (await SiteAsync(orchestrator)).GetProperty("connected").GetBoolean(), "the agent to connect", Patience);

            var first = await orchestrator.SubmitOrderAsync("gate-first", quantity: 2);
            await orchestrator.UntilStatusAsync(first, "Completed", Patience);
            await Await.Until(async () => CellOf(await SiteAsync(orchestrator)).GetProperty("awaitingOperator").GetBoolean(),
                "the site view to show cell-1 waiting for its operator", Patience);

            var second = await orchestrator.SubmitOrderAsync("gate-second", quantity: 2);
            await orchestrator.UntilStatusAsync(second, "Accepted", Patience);
            // The gate is closed in the agent's durable book: the job cannot start until someone confirms.
            Assert.Equal("Accepted", (await orchestrator.OrderAsync(second)).Status);

            using var confirmed = await orchestrator.Admin.PostAsJsonAsync($"/api/sites/{SiteId}/cells/cell-1/operator-confirmation", new { note = "bed cleared" })
                .Within("the remote confirmation");
            Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);

            var done = await orchestrator.UntilStatusAsync(second, "Completed", Patience);
            Assert.Equal(2, done.Good + done.Scrap);
            // It ran, so the gate closed again behind it: the first confirmation is not applied twice.
            await Await.Until(async () => CellOf(await SiteAsync(orchestrator)).GetProperty("awaitingOperator").GetBoolean(),
                "cell-1 to wait for its operator again after the second job", Patience);
        }
        finally
        {
            await agent.DisposeAsync();
            state.Delete(recursive: true);
        }
    }

    private static AgentOptions Options(RealOrchestrator orchestrator, string credential, DirectoryInfo state) =>
        SimulatedCncAgent.Options(orchestrator, SiteId, credential, state, cell =>
        {
            cell.OperatorGate = true;
            cell.Simulated.ChangeoverTime = TimeSpan.Zero;
        });

    private static async Task<JsonElement> SiteAsync(RealOrchestrator orchestrator) =>
        await orchestrator.Admin.GetFromJsonAsync<JsonElement>($"/api/sites/{SiteId}");

    private static JsonElement CellOf(JsonElement site) => site.GetProperty("cells").EnumerateArray().Single();
}

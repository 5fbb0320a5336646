using System.Text.Json;
using Microfactory.Cli.Tests.Support;
using Microfactory.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Microfactory.Cli.Tests;

/// <summary>
/// A planner drains two of three sites, so new orders pile up on the third, resumes them, and rebalances with mf:
/// the dry run prints the moves and moves nothing, --apply moves the orders where the plan said.
/// </summary>
public sealed class PlanCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_rebalance_dry_run_prints_the_moves_and_apply_makes_them()
    {
        // Parts take seconds, so queued orders stay queued while the test plans.
        await using var network = await Network.StartAsync(output, sites: 3, cycleTime: TimeSpan.FromSeconds(5));
        using var mf = new Mf(network.Orchestrator.Api, OrchestratorNode.AdminKey);
        foreach (var site in new[] { "osaka-02", "osaka-03" })
        {
            var drained = await mf.RunAsync("sites", "drain", site);
            Assert.True(drained.ExitCode == 0, drained.ToString());
            Assert.Contains($"Site {site} is Draining", drained.Out, StringComparison.Ordinal);
        }

        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await network.SubmitAsync($"pile-{i}", quantity: 20));
        }

        foreach (var site in new[] { "osaka-02", "osaka-03" })
        {
            var resumed = await mf.RunAsync("sites", "resume", site);
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
        }

        await network.AllSitesOnlineAsync("the resumed sites to take work");
        var rules = new[] { "--band-low", "0.1", "--band-high", "0.3" };

        var dryRun = await mf.RunAsync(["plan", "rebalance", .. rules]);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Matches(@"│ ord-\S+\s+│ osaka-01\s+│ osaka-0[23]\s+│", dryRun.Out);
        Assert.Contains("Dry run: nothing moved.", dryRun.Out, StringComparison.Ordinal);
        foreach (var id in ids)
        {
            Assert.Equal("osaka-01", (await network.OrderAsync(id)).Assignment?.SiteId);
        }

        var applied = await mf.RunAsync(["plan", "rebalance", "--apply", "--json", .. rules]);

        Assert.True(applied.ExitCode == 0, applied.ToString());
        var moves = applied.Json().GetProperty("lastApplication").GetProperty("moves").EnumerateArray().ToList();
        Assert.NotEmpty(moves);
        foreach (var move in moves)
        {
            Assert.Equal("Moved", move.GetProperty("outcome").GetString());
            var order = await network.OrderAsync(move.GetProperty("orderId").GetString()!);
            Assert.Equal(move.GetProperty("toSiteId").GetString(), order.Assignment?.SiteId);
        }

        var shown = await mf.RunAsync("plan", "show", applied.Json().GetProperty("id").GetString()!);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains($"applied: {moves.Count} moved", shown.Out, StringComparison.Ordinal);
    }
}

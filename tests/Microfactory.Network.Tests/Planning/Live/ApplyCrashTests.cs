using Microfactory.Network.Orders;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Planning.Live;

/// <summary>A node dies at every single write of applying a plan in turn; after a restart every order has exactly one job.</summary>
public sealed class ApplyCrashTests
{
    private const int Orders = 4;

    // Four 1.5 h orders on a 16 h/day cell are 0.375 of a day: above this band, so some go to kyoto.
    private static readonly PlanParameters Rules = OverloadedOsaka.Rules with { BandLow = 0.1, BandHigh = 0.25 };

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task A_crash_at_any_write_of_an_apply_leaves_every_order_on_exactly_one_site_after_restart()
    {
        var writes = await CountApplyWritesAsync();
        Assert.True(writes >= 6, $"applying a move should write plan, order and both sites (saw {writes} writes)");

        for (var crashAt = 1; crashAt <= writes; crashAt++)
        {
            var store = new FaultyStore(new InMemoryBlobStore());
            string planId;
            int plannedMoves;
            await using (var node = await NetworkNode.StartNodeAsync(store, _clock))
            {
                await OverloadedOsaka.SeedAsync(node, Orders);
                var plan = await node.Planning.PlanAsync(Rules);
                (planId, plannedMoves) = (plan.Id, plan.Plan.Moves.Count);
                store.FailWrite(crashAt);
                var crash = await Record.ExceptionAsync(() => node.Planning.ApplyAsync(planId));
                Assert.True(SimulatedCrashException.IsCrash(crash), $"expected the simulated crash, got {crash}");
            }

            store.Heal();
            await using var restarted = await NetworkNode.StartNodeAsync(store, _clock);
            await restarted.StartAsync();
            await restarted.PlanRecovery.RecoverAsync(CancellationToken.None);
            await restarted.Recovery.PassAsync(TimeSpan.Zero, CancellationToken.None);

            var plan2 = (await restarted.Planning.GetAsync(planId))!;
            Assert.True(plan2.Status == PlanStatus.Applied || crashAt == 1, $"crash at write {crashAt}: the plan is {plan2.Status} after recovery");
            var moved = 0;
            for (var i = 0; i < Orders; i++)
            {
                var order = (await restarted.OrderAsync(OverloadedOsaka.Key(i)))!;
                var jobs = await OverloadedOsaka.JobsOfAsync(restarted, order.Id);
                Assert.True(jobs.Count == 1, $"crash at write {crashAt} of {writes}: {order.Id} has {jobs.Count} jobs ({string.Join(", ", jobs)})");
                Assert.Equal((order.Assignment!.SiteId, order.Assignment.JobId), jobs[0]);
                moved += jobs[0].Site == "osaka-01" ? 0 : 1;
            }

            if (plan2.Status == PlanStatus.Applied)
            {
                Assert.Equal(plannedMoves, moved);
            }
        }
    }

    private async Task<int> CountApplyWritesAsync()
    {
        var store = new FaultyStore(new InMemoryBlobStore());
        await using var node = await NetworkNode.StartNodeAsync(store, _clock);
        await OverloadedOsaka.SeedAsync(node, Orders);
        var plan = await node.Planning.PlanAsync(Rules);
        Assert.NotEmpty(plan.Plan.Moves);
        store.FailWrite(int.MaxValue);
        await node.Planning.ApplyAsync(plan.Id);
        return store.Writes;
    }
}

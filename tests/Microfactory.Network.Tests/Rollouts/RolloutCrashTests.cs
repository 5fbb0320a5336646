using Microfactory.Network.Designs;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;

namespace Microfactory.Network.Tests.Rollouts;

/// <summary>A node dies at each write of a wave change in turn; after a restart the rollout carries on in wave order.</summary>
public sealed class RolloutCrashTests
{
    [Fact]
    public async Task A_crash_at_any_write_while_moving_to_the_next_wave_loses_no_site_and_keeps_the_wave_order()
    {
        for (var crashAt = 1; crashAt <= 3; crashAt++)
        {
            var store = new FaultyStore(new InMemoryBlobStore());
            await using var s = await RolloutScenario.StartAsync(10, store);
            var created = await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
            await s.PassAsync();
            s.Delivery.FinishInstalls();

            // The pass that closes the canary wave writes: wave succeeded, next wave started, installs sent.
            store.FailWrite(crashAt);
            var failures = await s.Node.StepRolloutsAsync(); // the grain logs the failure and tries again at its next tick
            Assert.True(failures.All(SimulatedCrashException.IsCrash), $"only the simulated crash may fail the step: {string.Join("; ", failures)}");
            Assert.True(store.Writes >= crashAt, $"the pass made only {store.Writes} writes, so write {crashAt} never failed");
            store.Heal();
            await s.RestartAsync();

            var view = await s.PassAsync();
            for (var pass = 0; pass < 10 && view.Phase == RolloutPhase.Running; pass++)
            {
                s.Delivery.FinishInstalls();
                view = await s.PassAsync();
            }

            Assert.True(view.Phase == RolloutPhase.Completed, $"crash at write {crashAt}: rollout ended {view.Phase} ({view.Reason})");
            Assert.All(view.Sites, x => Assert.Equal(SiteDesignState.Installed, x.State));

            // Each site's first install came in wave order; a re-send after the crash is the only repeat allowed.
            var waveOf = created.Sites.ToDictionary(x => x.SiteId, x => x.Wave);
            var firstSends = s.Delivery.SitesSent(DesignAction.Install).Distinct().Select(site => waveOf[site]).ToList();
            Assert.Equal(firstSends.Order(), firstSends);
            Assert.All(s.Delivery.SitesSent(DesignAction.Install).GroupBy(x => x), g => Assert.InRange(g.Count(), 1, 2));
        }
    }
}

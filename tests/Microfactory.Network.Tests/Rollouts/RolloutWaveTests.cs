using Microfactory.Network.Designs;
using Microfactory.Network.Rollouts;

namespace Microfactory.Network.Tests.Rollouts;

public sealed class RolloutWaveTests
{
    [Fact]
    public async Task A_clean_rollout_over_twelve_sites_completes_wave_by_wave_each_starting_only_after_the_previous_met_its_threshold()
    {
        await using var s = await RolloutScenario.StartAsync(12);
        var created = await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");

        // canary 1 site, then cumulative 25% (3), 50% (6), 100% (12) of 12 targets, in site id order
        Assert.Equal(["canary", "25%", "50%", "100%"], created.Waves.Select(w => w.Name));
        Assert.Equal([1, 2, 3, 6], created.Waves.Select(w => w.Sites));
        Assert.Equal(RolloutScenario.SiteId(1), created.Sites.Single(x => x.Wave == 0).SiteId);

        var sentBefore = 0;
        for (var wave = 0; wave < 4; wave++)
        {
            var view = await s.PassAsync();
            var expected = created.Sites.Where(x => x.Wave == wave).Select(x => x.SiteId).ToList();
            Assert.Equal(wave, view.CurrentWave);
            Assert.Equal(expected, s.Delivery.SitesSent(DesignAction.Install).Skip(sentBefore));

            // Without installs the wave holds: a second pass sends nothing to the next wave.
            view = await s.PassAsync();
            Assert.Equal(wave, view.CurrentWave);
            Assert.Equal(WavePhase.Running, view.Waves[wave].Phase);
            Assert.Equal(sentBefore + expected.Count, s.Delivery.SitesSent(DesignAction.Install).Count);

            sentBefore += expected.Count;
            s.Delivery.FinishInstalls();
        }

        var done = await s.PassAsync();
        Assert.Equal(RolloutPhase.Completed, done.Phase);
        Assert.All(done.Waves, w => Assert.Equal(WavePhase.Succeeded, w.Phase));
        Assert.All(done.Sites, x => Assert.Equal(SiteDesignState.Installed, x.State));
        Assert.Equal(12, s.Delivery.SitesSent(DesignAction.Install).Distinct().Count());
        Assert.Empty(s.Delivery.SitesSent(DesignAction.Rollback));
        Assert.All(s.Delivery.Sent, x => Assert.Equal(RolloutScenario.Sha, x.Instruction.Sha256));
        var startTimes = done.Waves.Select(w => w.StartedAt!.Value).ToList();
        Assert.Equal(startTimes.Order(), startTimes);
    }

    [Fact]
    public async Task A_wave_moves_on_at_its_success_threshold_without_waiting_for_every_site()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(canaryCount: 0, steps: [100], threshold: 80, errorThreshold: 5), "fp");
        await s.PassAsync();

        // 7 of 10 installed is below 80%; the other 3 are still downloading.
        s.Delivery.FinishInstalls(fails: site => string.CompareOrdinal(site, RolloutScenario.SiteId(8)) >= 0);
        var view = await s.PassAsync();
        Assert.Equal(RolloutPhase.Running, view.Phase);
        Assert.Equal(3, view.Failures);
        Assert.Equal(7, view.Waves[0].Installed);
        Assert.Equal(8, view.Waves[0].RequiredInstalled);
        Assert.Equal("bundle checksum mismatch", view.Sites.Single(x => x.SiteId == RolloutScenario.SiteId(9)).Reason);
    }

    [Fact]
    public async Task A_completed_rollout_still_records_the_outcome_of_sites_that_reported_after_its_last_wave_passed()
    {
        await using var s = await RolloutScenario.StartAsync(4);
        await s.Rollout().CreateAsync(RolloutScenario.Request(canaryCount: 0, steps: [100], threshold: 50, errorThreshold: 3), "fp");
        await s.PassAsync();

        // Two of four installed passes the 50 % threshold: the rollout completes while the other two are still busy.
        s.Delivery.Finish(RolloutScenario.SiteId(1), failed: false);
        s.Delivery.Finish(RolloutScenario.SiteId(2), failed: false);
        Assert.Equal(RolloutPhase.Completed, (await s.PassAsync()).Phase);

        s.Delivery.Finish(RolloutScenario.SiteId(3), failed: false);
        s.Delivery.Finish(RolloutScenario.SiteId(4), failed: true);
        var view = await s.PassAsync();

        Assert.Equal(RolloutPhase.Completed, view.Phase);
        Assert.Equal(SiteDesignState.Installed, view.Sites.Single(x => x.SiteId == RolloutScenario.SiteId(3)).State);
        Assert.Equal(SiteDesignState.Failed, view.Sites.Single(x => x.SiteId == RolloutScenario.SiteId(4)).State);
        Assert.Equal(1, view.Failures);
    }

    [Fact]
    public async Task Injected_failures_abort_at_the_error_threshold_and_roll_back_exactly_the_instructed_sites()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(steps: [30, 60, 100], errorThreshold: 2), "fp");
        await s.PassAsync();
        s.Delivery.FinishInstalls();
        var view = await s.PassAsync(); // canary done, 30% wave (sites 2, 3) sent
        Assert.Equal(1, view.CurrentWave);

        s.Delivery.FinishInstalls(); // wave 1 installs; wave 2 (sites 4..6) is sent next
        view = await s.PassAsync();
        Assert.Equal(2, view.CurrentWave);
        var instructed = s.Delivery.SitesSent(DesignAction.Install);
        Assert.Equal(6, instructed.Count);

        s.Delivery.Finish(RolloutScenario.SiteId(4), failed: true);
        view = await s.PassAsync();
        Assert.Equal(RolloutPhase.Running, view.Phase); // one failure is below the threshold of 2
        Assert.Equal(1, view.Failures);
        Assert.Equal(SiteDesignState.Failed, view.Sites.Single(x => x.SiteId == RolloutScenario.SiteId(4)).State);

        s.Delivery.Finish(RolloutScenario.SiteId(5), failed: true);
        view = await s.PassAsync();

        Assert.Equal(RolloutPhase.RolledBack, view.Phase);
        Assert.Contains("error threshold of 2", view.Reason);
        Assert.Equal(instructed.Order(), s.Delivery.SitesSent(DesignAction.Rollback).Order());
        Assert.DoesNotContain(s.Delivery.Sent, x => string.CompareOrdinal(x.Site, RolloutScenario.SiteId(7)) >= 0);
        Assert.All(s.Delivery.Sent.Where(x => x.Instruction.Action == DesignAction.Rollback),
            x => Assert.Equal("bracket@1.0.0", x.Instruction.PreviousDesign));
        Assert.Equal(2, view.Failures);
        var failed = view.Sites.Single(x => x.SiteId == RolloutScenario.SiteId(4));
        Assert.True(failed.InstallFailed);
        Assert.Equal(SiteDesignState.RolledBack, failed.State);
        Assert.Equal("bundle checksum mismatch", failed.Reason);
    }
}

using Microfactory.Network.Designs;
using Microfactory.Network.Rollouts;

namespace Microfactory.Network.Tests.Rollouts;

public sealed class RolloutControlTests
{
    [Fact]
    public async Task A_paused_rollout_sends_nothing_new_and_moves_on_after_resume()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
        await s.PassAsync();
        await s.Rollout().PauseAsync();
        s.Delivery.FinishInstalls();

        var paused = await s.PassAsync();
        Assert.Equal(RolloutPhase.Paused, paused.Phase);
        Assert.Equal(0, paused.CurrentWave);
        Assert.Equal(SiteDesignState.Installed, paused.Sites[0].State); // statuses are still read while paused
        Assert.Single(s.Delivery.SitesSent(DesignAction.Install));

        await s.Rollout().ResumeAsync();
        var resumed = await s.PassAsync();
        Assert.Equal(RolloutPhase.Running, resumed.Phase);
        Assert.Equal(1, resumed.CurrentWave);
        Assert.Equal(2, s.Delivery.SitesSent(DesignAction.Install).Count - 1);
    }

    [Fact]
    public async Task An_aborted_rollout_stops_where_it_is_keeps_installs_and_refuses_illegal_transitions()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
        await s.PassAsync();
        var aborted = await s.Rollout().AbortAsync("bad tolerance on the new fixture");
        Assert.Equal(RolloutPhase.Aborted, aborted.Phase);
        Assert.Equal("bad tolerance on the new fixture", aborted.Reason);

        s.Delivery.FinishInstalls();
        await s.PassAsync();
        Assert.Single(s.Delivery.Sent); // nothing sent after the abort, no rollback either

        var resume = await Assert.ThrowsAsync<InvalidStateException>(() => s.Rollout().ResumeAsync());
        Assert.Contains("while it is Aborted", resume.Message);
        await Assert.ThrowsAsync<InvalidStateException>(() => s.Rollout().PauseAsync());

        var rolledBack = await s.Rollout().RollbackAsync(null);
        Assert.Equal(RolloutPhase.RolledBack, rolledBack.Phase);
        Assert.Equal([RolloutScenario.SiteId(1)], s.Delivery.SitesSent(DesignAction.Rollback));
    }

    [Fact]
    public async Task A_restart_resumes_the_rollout_at_the_wave_its_state_records_without_repeating_earlier_waves()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
        await s.PassAsync();
        s.Delivery.FinishInstalls();
        await s.PassAsync(); // canary done, wave 1 sent

        await s.RestartAsync();
        s.Delivery.FinishInstalls();
        var view = await s.PassAsync();
        Assert.Equal(2, view.CurrentWave);
        while (view.Phase == RolloutPhase.Running)
        {
            s.Delivery.FinishInstalls();
            view = await s.PassAsync();
        }

        Assert.Equal(RolloutPhase.Completed, view.Phase);
        var installs = s.Delivery.SitesSent(DesignAction.Install);
        Assert.Equal(10, installs.Count);
        Assert.Equal(installs.Distinct().Count(), installs.Count);
    }

    [Fact]
    public async Task Creating_again_with_the_same_request_returns_the_rollout_and_a_different_one_is_refused()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        var first = await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
        await s.PassAsync();
        var again = await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
        Assert.Equal(first.CreatedAt, again.CreatedAt);
        Assert.Single(s.Delivery.Sent);
        var clash = await Assert.ThrowsAsync<InvalidStateException>(() => s.Rollout().CreateAsync(RolloutScenario.Request(threshold: 50), "other"));
        Assert.Contains("different request", clash.Message);
    }

    [Fact]
    public async Task A_wave_that_misses_its_timeout_aborts_and_rolls_back()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(waveTimeout: TimeSpan.FromMinutes(30)), "fp");
        await s.PassAsync();
        s.Clock.Advance(TimeSpan.FromMinutes(31));
        var view = await s.PassAsync();
        Assert.Equal(RolloutPhase.RolledBack, view.Phase);
        Assert.Contains("wave 'canary' did not reach 100% installed", view.Reason);
    }

    [Theory]
    [InlineData("bracket@9.9.9", "abc", "design")]
    [InlineData("bracket", null, "design")]
    [InlineData("bracket@2.0.0", "XYZ", "sha256")]
    public async Task Bad_requests_name_the_field(string design, string? sha, string field)
    {
        await using var s = await RolloutScenario.StartAsync(2);
        var request = RolloutScenario.Request() with { Design = design, Sha256 = sha == "abc" ? RolloutScenario.Sha : sha };
        var error = await Assert.ThrowsAsync<DomainValidationException>(() => s.Rollout().CreateAsync(request, "fp"));
        Assert.Equal(field, error.Field);
        Assert.Null(await s.Rollout().GetAsync());
    }

    [Fact]
    public async Task Steps_must_end_at_100_and_canaries_must_be_targets()
    {
        await using var s = await RolloutScenario.StartAsync(3);
        var steps = await Assert.ThrowsAsync<DomainValidationException>(() => s.Rollout().CreateAsync(RolloutScenario.Request(steps: [10, 50]), "fp"));
        Assert.Contains("must be 100", steps.Message);
        var canary = await Assert.ThrowsAsync<DomainValidationException>(() =>
            s.Rollout().CreateAsync(RolloutScenario.Request() with { CanarySites = ["nowhere-01"] }, "fp"));
        Assert.Contains("nowhere-01", canary.Message);
        var cities = await Assert.ThrowsAsync<DomainValidationException>(() =>
            s.Rollout().CreateAsync(RolloutScenario.Request() with { Cities = ["tokyo"] }, "fp"));
        Assert.Equal("cities", cities.Field);
    }
}

using Microfactory.Network.Designs;
using Microfactory.Network.Rollouts;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Rollouts;

/// <summary>A rollout drives itself: its grain timer on the injected clock, and a restart brings it back.</summary>
public sealed class RolloutTimerTests
{
    [Fact]
    public async Task After_a_restart_the_woken_rollout_moves_on_by_its_own_timer_every_poll_interval()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
        await s.RestartAsync(); // a fresh node that knows the rollout only from the store; start-up wakes it

        var interval = new RolloutOptions().PollInterval;
        await Await.Until(() =>
        {
            s.Clock.Advance(interval); // the grain's timer runs on the injected clock; each step lets one tick run
            return Task.FromResult(s.Delivery.SitesSent(DesignAction.Install).Count == 1);
        }, "the woken rollout's first tick to send the canary");

        s.Delivery.FinishInstalls();
        await Await.Until(() =>
        {
            s.Clock.Advance(interval);
            return Task.FromResult(s.Delivery.SitesSent(DesignAction.Install).Count == 3);
        }, "a tick on the poll interval to close the canary wave and send the next");
    }
}

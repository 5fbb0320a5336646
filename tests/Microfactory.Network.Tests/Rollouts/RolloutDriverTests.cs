using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Rollouts;
using Microfactory.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Network.Tests.Rollouts;

public sealed class RolloutDriverTests
{
    [Fact]
    public async Task The_hosted_driver_finds_a_stored_rollout_at_start_and_moves_it_on_every_poll_interval()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await s.Rollout().CreateAsync(RolloutScenario.Request(), "fp");
        await s.RestartAsync(); // a fresh node that knows the rollout only from the store

        var loader = s.Node.Services.GetRequiredService<DirectoryLoader>();
        await loader.StartAsync(CancellationToken.None);
        await s.Node.Rollouts.StartAsync(CancellationToken.None);
        try
        {
            await Await.Until(() => Task.FromResult(s.Delivery.SitesSent(DesignAction.Install).Count == 1), "the first pass after start to send the canary");

            s.Delivery.FinishInstalls();
            var interval = new RolloutOptions().PollInterval;
            await Await.Until(() =>
            {
                s.Clock.Advance(interval); // the driver waits on the injected clock; each step lets one pass run
                return Task.FromResult(s.Delivery.SitesSent(DesignAction.Install).Count == 3);
            }, "a pass on the poll interval to close the canary wave and send the next");
        }
        finally
        {
            await s.Node.Rollouts.StopAsync(CancellationToken.None);
            await loader.StopAsync(CancellationToken.None);
        }
    }
}

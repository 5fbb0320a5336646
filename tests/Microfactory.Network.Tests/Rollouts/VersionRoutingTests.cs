using Microfactory.Network.Cells;
using Microfactory.Network.Orders;
using Microfactory.Network.Rollouts;
using Microfactory.Network.Sites;
using Microfactory.Network.Tests.Support;
using Microfactory.Storage;
using Microfactory.Testing;

namespace Microfactory.Network.Tests.Rollouts;

public sealed class VersionRoutingTests
{
    [Fact]
    public async Task An_order_without_a_version_gets_the_newest_completed_rollout_not_one_still_rolling_out_or_rolled_back()
    {
        await using var s = await RolloutScenario.StartAsync(10);
        await CompleteAsync(s, "two", "bracket@2.0.0");
        await s.Node.RegisterDesignAsync("bracket", "3.0.0", "cnc");

        await s.Rollout("three").CreateAsync(RolloutScenario.Request() with { Id = "three", Design = "bracket@3.0.0" }, "fp3");
        await s.PassAsync("three");
        s.Delivery.FinishInstalls();
        Assert.Equal(RolloutPhase.Running, (await s.PassAsync("three")).Phase);
        Assert.Equal("2.0.0", (await SubmitAsync(s, "while-rolling", null)).Spec.DesignVersion);
        Assert.Equal("3.0.0", (await SubmitAsync(s, "pinned", "3.0.0")).Spec.DesignVersion);

        var three = await CompleteAsync(s, "three", "bracket@3.0.0");
        Assert.Equal(RolloutPhase.Completed, three.Phase);
        Assert.Equal("3.0.0", (await SubmitAsync(s, "after-complete", null)).Spec.DesignVersion);

        await s.Rollout("three").RollbackAsync("field returns");
        Assert.Equal("2.0.0", (await SubmitAsync(s, "after-rollback", null)).Spec.DesignVersion);
    }

    [Fact]
    public async Task A_pinned_order_goes_only_where_its_version_is_installed_when_installs_are_not_allowed_and_says_why_otherwise()
    {
        var clock = new ManualTimeProvider();
        await using var node = await NetworkNode.StartNodeAsync(new InMemoryBlobStore(), clock, new Dictionary<string, string?> { ["Network:AllowDesignInstall"] = "false" });
        await node.DefineCityAsync("osaka", 34.6937, 135.5023);
        await node.DefineCityAsync("tokyo", 35.6762, 139.6503);
        foreach (var version in new[] { "1.0.0", "2.0.0", "3.0.0" })
        {
            await node.RegisterDesignAsync("bracket", version, "cnc");
        }

        await ConnectedSiteAsync(node, "osaka-01", "osaka", 34.70, 135.50, "bracket@1.0.0");
        await ConnectedSiteAsync(node, "tokyo-01", "tokyo", 35.68, 139.65, "bracket@2.0.0");

        Assert.Equal("tokyo-01", (await PinnedAsync(node, "v2", "2.0.0")).Assignment?.SiteId);
        Assert.Equal("osaka-01", (await PinnedAsync(node, "v1", "1.0.0")).Assignment?.SiteId);

        var nowhere = await PinnedAsync(node, "v3", "3.0.0");
        Assert.Equal(OrderStatus.Unroutable, nowhere.Status);
        Assert.Contains("without design bracket@3.0.0", nowhere.History[^1].Reason);
    }

    private static async Task<RolloutView> CompleteAsync(RolloutScenario s, string id, string design)
    {
        if (await s.Rollout(id).GetAsync() is null)
        {
            await s.Rollout(id).CreateAsync(RolloutScenario.Request() with { Id = id, Design = design }, "fp-" + id);
        }

        var view = await s.PassAsync(id);
        for (var pass = 0; pass < 10 && view.Phase == RolloutPhase.Running; pass++)
        {
            s.Delivery.FinishInstalls();
            view = await s.PassAsync(id);
        }

        Assert.Equal(RolloutPhase.Completed, view.Phase);
        return view;
    }

    private static async Task<OrderView> SubmitAsync(RolloutScenario s, string key, string? version)
    {
        var submission = new OrderSubmission("bracket", version, 5, s.Clock.GetUtcNow().AddDays(3), "osaka", null);
        var submitted = await s.Node.Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey(key)).SubmitAsync(submission, OrderIds.Fingerprint(submission), null);
        return submitted.Order;
    }

    private static async Task<OrderView> PinnedAsync(NetworkNode node, string key, string version)
    {
        var submission = new OrderSubmission("bracket", version, 5, node.Clock.GetUtcNow().AddDays(3), "osaka", null);
        await node.Grains.GetGrain<IOrderGrain>(OrderIds.FromIdempotencyKey(key)).SubmitAsync(submission, OrderIds.Fingerprint(submission), null);
        return await node.OrderAsync(key);
    }

    private static async Task ConnectedSiteAsync(NetworkNode node, string id, string city, double latitude, double longitude, string installed)
    {
        await node.Grains.GetGrain<ISiteGrain>(id).RegisterAsync(new SiteRegistration(id, city, latitude, longitude,
            [new CellDefinition("cell-1", ["cnc"], 16, 1, 80, [installed])]));
        node.Sessions.Open(id, "session-1");
        await node.Link.ConnectAsync(id, "session-1", 0, []);
    }
}

using System.Net;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

/// <summary>The orchestrator on the embedded local-directory store, as `dotnet run` uses it.</summary>
public sealed class LocalDirectoryApiFactory(string directory) : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Store:Kind"] = "LocalDirectory",
        ["Store:Directory"] = directory,
    };
}

public sealed class RestartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"mf-restart-{Guid.NewGuid():N}");

    [Fact]
    public async Task Orders_sites_and_cities_are_all_still_there_after_a_restart()
    {
        OrderView dispatched, unroutable;
        await using (var before = new LocalDirectoryApiFactory(_directory))
        {
            var seed = new Seed(before);
            await seed.CityAsync("sendai", 38.2682, 140.8694);
            await seed.DesignAsync("bracket", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
            await seed.DesignAsync("lattice", "1.0.0", ["additive"], TimeSpan.FromMinutes(5));
            await seed.SiteAsync("sendai-01", "sendai", 38.27, 140.87, ["cnc"]);
            await seed.ConnectAsync("sendai-01");
            dispatched = await Seed.PlaceAsync(before.Planner(), "restart-1", Seed.Order("bracket", 6, "sendai"));
            unroutable = await Seed.PlaceAsync(before.Planner(), "restart-2", Seed.Order("lattice", 2, "sendai"));
            Assert.Equal((OrderStatus.Dispatched, OrderStatus.Unroutable), (dispatched.Status, unroutable.Status));
        }

        await using var after = new LocalDirectoryApiFactory(_directory);
        var planner = after.Planner();
        await Await.Until(async () => (await after.Anonymous().GetAsync("/readyz").Within("GET /readyz")).StatusCode == HttpStatusCode.OK, "the restarted node to be ready");

        var order = await Seed.GetOrderAsync(planner, dispatched.Id);
        Assert.Equal(dispatched.Status, order.Status);
        Assert.Equal(dispatched.Assignment, order.Assignment);
        Assert.Equal(dispatched.History.Select(h => (h.Status, h.Reason)), order.History.Select(h => (h.Status, h.Reason)));
        var listed = (await (await planner.GetAsync("/api/orders").Within("GET /api/orders after restart")).ReadAsync<OrderPage>()).Orders;
        Assert.Equal(new[] { dispatched.Id, unroutable.Id }.Order(StringComparer.Ordinal), listed.Select(o => o.Id));
        Assert.Equal([dispatched.Id], (await (await planner.GetAsync("/api/orders?site=sendai-01").Within("GET orders by site")).ReadAsync<OrderPage>()).Orders.Select(o => o.Id));

        var sites = await (await planner.GetAsync("/api/sites").Within("GET /api/sites after restart")).ReadAsync<List<SiteView>>();
        var site = Assert.Single(sites);
        Assert.Equal(("sendai-01", "sendai", 1), (site.Id, site.CityId, site.QueuedJobs));
        // Its agent's stream died with the node: the stored "connected" is not trusted.
        Assert.False(site.Connected, "a site counted as connected after a restart, before its agent reconnected");
        Assert.NotNull(site.DisconnectedSince);
        var cities = await (await planner.GetAsync("/api/cities").Within("GET /api/cities after restart")).ReadAsync<List<CityLoadView>>();
        var city = Assert.Single(cities);
        Assert.Equal(("sendai", 1), (city.Id, city.Sites));

        // The routing index is whole again too: it knows the site, gives it nothing while its agent is away, and a new
        // order finds it once the agent reconnects.
        var waiting = await Seed.PlaceAsync(planner, "restart-3", Seed.Order("bracket", 2, "sendai"));
        Assert.Equal(OrderStatus.Unroutable, waiting.Status);
        Assert.Contains("1 capable cell, at a site whose agent is disconnected", waiting.History[^1].Reason, StringComparison.Ordinal);
        await new Seed(after).ConnectAsync("sendai-01");
        var routed = await Seed.PlaceAsync(planner, "restart-4", Seed.Order("bracket", 2, "sendai"));
        Assert.Equal(OrderStatus.Dispatched, routed.Status);
        Assert.Equal("sendai-01", routed.Assignment?.SiteId);

        // The idempotency key still leads to the same order, so a client retrying across the restart makes no duplicate.
        var retried = await Seed.SubmitAsync(planner, "restart-1", new { product = "bracket", quantity = 6, dueAt = dispatched.Spec.DueAt, deliveryCityId = "sendai" });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(dispatched.Id, (await retried.ReadAsync<OrderView>()).Id);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

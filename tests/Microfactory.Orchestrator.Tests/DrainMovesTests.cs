using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Planning.Live;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Orchestrator.Tests;

/// <summary>Draining a site for maintenance moves its queued orders (own network: routing must not see other tests' sites).</summary>
public sealed class DrainMovesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task Draining_moves_queued_orders_within_the_distance_limit_and_lets_running_jobs_finish()
    {
        await _seed.CityAsync("nagoya", 35.1815, 136.9066);
        await _seed.CityAsync("gifu", 35.4233, 136.7607);
        await _seed.DesignAsync("gear", "1.0.0", ["cnc"], TimeSpan.FromMinutes(6));
        await _seed.SiteAsync("nagoya-01", "nagoya", 35.18, 136.90, ["cnc"]);
        await _seed.ConnectAsync("nagoya-01");
        var orders = new List<OrderView>();
        for (var i = 0; i < 4; i++)
        {
            orders.Add(await Seed.PlaceAsync(_planner, $"nagoya-{i}", Seed.Order("gear", 10, "nagoya")));
        }

        await _seed.SiteAsync("gifu-01", "gifu", 35.42, 136.76, ["cnc"]);
        await _seed.ConnectAsync("gifu-01");
        var running = orders[0];
        var link = factory.Services.GetRequiredService<SiteLink>();
        await link.ReportJobAsync("nagoya-01", new JobUpdate(running.Assignment!.JobId, JobUpdateKind.Started, 0, 0, null, DateTimeOffset.UtcNow)).Within("agent starts a job");

        var body = Json.Body(new { band = new { low = 0.0, high = 2.0 }, maxTransferKm = 100 });
        var drain = await (await _planner.PostAsync("/api/sites/nagoya-01/drain", body).Within("drain nagoya-01")).ReadAsync<DrainView>();

        Assert.Equal(SiteStatus.Draining, drain.Site.Status);
        Assert.Equal(PlanStatus.Applied, drain.Plan.Status);
        Assert.True(drain.Plan.LastApplication!.Moved == 3, System.Text.Json.JsonSerializer.Serialize(drain.Plan, Json.Options));
        Assert.Equal("nagoya-01", (await Seed.GetOrderAsync(_planner, running.Id)).Assignment?.SiteId);
        foreach (var moved in orders.Skip(1))
        {
            Assert.Equal("gifu-01", (await Seed.GetOrderAsync(_planner, moved.Id)).Assignment?.SiteId);
        }

        Assert.Equal((0, 1), (drain.Load.QueuedOrders, drain.Load.RunningOrders));
        Assert.True(drain.Load.EmptyAt > DateTimeOffset.UtcNow, $"the site empties when its running job ends, not at {drain.Load.EmptyAt}");
        var load = await (await _planner.GetAsync("/api/sites/nagoya-01/load").Within("site load")).ReadAsync<SiteLoadView>();
        Assert.Equal((0, 1), (load.QueuedOrders, load.RunningOrders));
    }
}

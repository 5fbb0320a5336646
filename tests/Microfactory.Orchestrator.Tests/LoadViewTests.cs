using Microfactory.Network.Planning.Live;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

/// <summary>Per-site and per-city load views with at-risk orders.</summary>
public sealed class LoadViewTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task The_load_view_lists_orders_predicted_to_finish_after_their_due_date()
    {
        await _seed.CityAsync("sendai", 38.2682, 140.8694);
        await _seed.DesignAsync("shaft", "1.0.0", ["welding"], TimeSpan.FromMinutes(6));
        await _seed.SiteAsync("sendai-01", "sendai", 38.27, 140.87, ["welding"]);
        await _seed.ConnectAsync("sendai-01");
        // 100 parts of 6 min are 10 work hours: 15 calendar hours on a 16 h/day cell, due in 2 hours.
        var late = await Seed.PlaceAsync(_planner, "sendai-late", new { product = "shaft", quantity = 100, dueAt = DateTimeOffset.UtcNow.AddHours(2), deliveryCityId = "sendai" });

        var load = await (await _planner.GetAsync("/api/sites/sendai-01/load").Within("site load")).ReadAsync<SiteLoadView>();
        Assert.Contains(late.Id, load.AtRiskOrderIds);
        Assert.Equal(1, load.OrdersAtRisk);
        var city = await (await _planner.GetAsync("/api/cities/sendai").Within("city load")).ReadAsync<CityLoadView>();
        Assert.Equal(1, city.OrdersAtRisk);
        Assert.Equal((true, null, 1), (load.Connected, load.DisconnectedSince, city.SitesConnected));
    }

    [Fact]
    public async Task The_load_views_say_which_sites_agents_are_disconnected_and_since_when()
    {
        await _seed.CityAsync("akita", 39.72, 140.10);
        await _seed.SiteAsync("akita-01", "akita", 39.72, 140.11, ["cnc"]);
        await _seed.SiteAsync("akita-02", "akita", 39.73, 140.11, ["cnc"]);
        await _seed.ConnectAsync("akita-01");
        await _seed.ConnectAsync("akita-02");
        var before = DateTimeOffset.UtcNow;
        await _seed.DisconnectAsync("akita-02");

        var loads = await (await _planner.GetAsync("/api/loads?city=akita").Within("site loads")).ReadAsync<List<SiteLoadView>>();
        var city = await (await _planner.GetAsync("/api/cities/akita").Within("city load")).ReadAsync<CityLoadView>();

        Assert.Equal([("akita-01", true), ("akita-02", false)], loads.OrderBy(l => l.SiteId).Select(l => (l.SiteId, l.Connected)));
        Assert.InRange(loads.Single(l => l.SiteId == "akita-02").DisconnectedSince!.Value, before, DateTimeOffset.UtcNow);
        Assert.Equal((2, 2, 1), (city.Sites, city.SitesOnline, city.SitesConnected));
    }
}

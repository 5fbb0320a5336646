using Microfactory.Network.Orders;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

public sealed class CityLoadTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task Cities_show_capacity_backlog_utilisation_and_orders_by_state_once_orders_are_placed()
    {
        await _seed.CityAsync("kyoto", 35.0116, 135.7681);
        await _seed.CityAsync("kobe", 34.6901, 135.1955);
        await _seed.DesignAsync("hinge", "1.0.0", ["cnc"], TimeSpan.FromMinutes(30));
        await _seed.SiteAsync("kyoto-01", "kyoto", 35.01, 135.77, ["cnc"], ["cnc"]);
        await _seed.ConnectAsync("kyoto-01");

        var first = await Seed.PlaceAsync(_planner, "load-1", Seed.Order("hinge", 8, "kyoto"));
        var second = await Seed.PlaceAsync(_planner, "load-2", Seed.Order("hinge", 4, "kobe"));
        var backlog = Math.Round(first.Assignment!.LoadHours + second.Assignment!.LoadHours, 2);
        Assert.True(backlog > 0);

        // Sites report to their city one way, after their own turn: the figure arrives shortly after the order.
        CityLoadView? kyoto = null;
        await Await.Until(async () => (kyoto = (await CitiesAsync()).Single(c => c.Id == "kyoto")).BacklogHours == backlog,
            $"kyoto's backlog to reach {backlog} h");

        Assert.Equal((1, 1), (kyoto!.Sites, kyoto.SitesOnline));
        Assert.Equal(32, kyoto.CapacityHoursPerDay); // two cells of 16 h a day
        Assert.Equal(Math.Round(backlog / 32, 3), kyoto.Utilisation);
        Assert.Equal(2, kyoto.OrdersAtSites.GetValueOrDefault(OrderStatus.Dispatched));
        Assert.Equal(1, kyoto.OrdersDeliveredHere.GetValueOrDefault(OrderStatus.Dispatched));
        var kobe = (await CitiesAsync()).Single(c => c.Id == "kobe");
        Assert.Equal((0, 0.0), (kobe.Sites, kobe.CapacityHoursPerDay));
        Assert.Equal(1, kobe.OrdersDeliveredHere.GetValueOrDefault(OrderStatus.Dispatched));
        Assert.Empty(kobe.OrdersAtSites);
    }

    private async Task<IReadOnlyList<CityLoadView>> CitiesAsync() =>
        await (await _planner.GetAsync("/api/cities").Within("GET /api/cities")).ReadAsync<List<CityLoadView>>();
}

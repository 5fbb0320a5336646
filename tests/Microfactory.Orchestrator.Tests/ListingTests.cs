using System.Net;
using Microfactory.Network.Link;
using Microfactory.Network.Orders;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Orchestrator.Tests;

public sealed class ListingTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("tokyo", 35.6762, 139.6503);
        await _seed.CityAsync("osaka", 34.6937, 135.5023);
        await _seed.DesignAsync("bracket", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        await _seed.DesignAsync("housing", "1.0.0", ["cnc", "assembly"], TimeSpan.FromMinutes(5));
        await _seed.DesignAsync("lattice", "1.0.0", ["additive"], TimeSpan.FromMinutes(5));
        await _seed.SiteAsync("tokyo-a", "tokyo", 35.68, 139.65, ["cnc"]);
        await _seed.SiteAsync("tokyo-b", "tokyo", 35.69, 139.66, ["additive"]);
        await _seed.SiteAsync("osaka-a", "osaka", 34.69, 135.50, ["cnc", "assembly"]);
        await _seed.ConnectAsync("tokyo-a");
        await _seed.ConnectAsync("osaka-a");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sites_filter_by_city_capability_and_status()
    {
        Assert.Equal(["tokyo-a", "tokyo-b"], await SiteIdsAsync("?city=tokyo"));
        Assert.Equal(["tokyo-b"], await SiteIdsAsync("?capability=additive"));
        Assert.Equal(["osaka-a"], await SiteIdsAsync("?capability=assembly"));
        Assert.Equal(["tokyo-b"], await SiteIdsAsync("?status=Offline"));
        Assert.Equal(["osaka-a", "tokyo-a"], await SiteIdsAsync("?status=online"));
        Assert.Equal(["tokyo-a"], await SiteIdsAsync("?city=tokyo&status=Online&capability=cnc"));
        Assert.Equal(["osaka-a", "tokyo-a", "tokyo-b"], await SiteIdsAsync(""));
    }

    [Fact]
    public async Task A_bad_site_status_filter_is_400_naming_the_allowed_values()
    {
        var response = await _planner.GetAsync("/api/sites?status=asleep").Within("GET sites with a bad status");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("asleep", problem.Detail);
        Assert.Contains("Online", problem.Detail);
    }

    [Fact]
    public async Task Orders_filter_by_status_site_and_city()
    {
        var inTokyo = await Seed.PlaceAsync(_planner, "list-tokyo", Seed.Order("bracket", 2, "tokyo"));
        var inOsaka = await Seed.PlaceAsync(_planner, "list-osaka", Seed.Order("housing", 2, "osaka"));
        var nowhere = await Seed.PlaceAsync(_planner, "list-nowhere", Seed.Order("lattice", 2, "tokyo"));
        await factory.Services.GetRequiredService<SiteLink>()
            .ReportJobAsync("tokyo-a", new JobUpdate(inTokyo.Assignment!.JobId, JobUpdateKind.Done, 2, 0, null, DateTimeOffset.UtcNow))
            .Within("tokyo-a reporting the job done");

        Assert.Equal([inTokyo.Id], await OrderIdsAsync("?status=Completed"));
        Assert.Equal([inOsaka.Id], await OrderIdsAsync("?status=dispatched"));
        Assert.Equal([nowhere.Id], await OrderIdsAsync("?status=Unroutable"));
        Assert.Equal([inOsaka.Id], await OrderIdsAsync("?site=osaka-a"));
        Assert.Equal([inTokyo.Id], await OrderIdsAsync("?city=tokyo"));
        Assert.Equal([inTokyo.Id, nowhere.Id], (await OrderIdsAsync("?deliveryCity=tokyo")).Order(StringComparer.Ordinal));
        Assert.Empty(await OrderIdsAsync("?site=osaka-a&status=Completed"));
    }

    [Fact]
    public async Task A_bad_order_status_filter_is_400_naming_the_allowed_values()
    {
        var response = await _planner.GetAsync("/api/orders?status=Lost").Within("GET orders with a bad status");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("Lost", problem.Detail);
        Assert.Contains("Unroutable", problem.Detail);
    }

    private async Task<IReadOnlyList<string>> SiteIdsAsync(string query)
    {
        var response = await _planner.GetAsync($"/api/sites{query}").Within($"GET /api/sites{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<List<SiteView>>()).Select(s => s.Id).ToList();
    }

    private async Task<IReadOnlyList<string>> OrderIdsAsync(string query)
    {
        var response = await _planner.GetAsync($"/api/orders{query}").Within($"GET /api/orders{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<OrderPage>()).Orders.Select(o => o.Id).ToList();
    }
}

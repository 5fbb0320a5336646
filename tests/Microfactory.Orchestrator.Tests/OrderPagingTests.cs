using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

public sealed class OrderPagingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();

    [Fact]
    public async Task Paging_through_orders_with_the_cursor_visits_each_once()
    {
        var seed = new Seed(factory);
        await seed.CityAsync("tokyo", 35.6762, 139.6503);
        await seed.DesignAsync("bracket", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        for (var i = 0; i < 5; i++)
        {
            await Seed.PlaceAsync(_planner, $"page-{i}", Seed.Order("bracket", 1, "tokyo"));
        }

        var all = await OrderIdsAsync("?limit=1000");
        var paged = new List<string>();
        string? next = null;
        do
        {
            var query = next is null ? "?limit=2" : $"?limit=2&after={next}";
            var page = await (await _planner.GetAsync($"/api/orders{query}").Within($"GET /api/orders{query}")).ReadAsync<OrderPage>();
            Assert.InRange(page.Orders.Count, 1, 2);
            paged.AddRange(page.Orders.Select(o => o.Id));
            next = page.Next;
        }
        while (next is not null && paged.Count <= all.Count);

        Assert.Equal(5, all.Count);
        Assert.Equal(all, paged);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?limit=lots", "limit")]
    public async Task A_bad_limit_is_400_naming_it(string query, string named)
    {
        var response = await _planner.GetAsync($"/api/orders{query}").Within($"GET /api/orders{query}");

        var problem = await response.ProblemAsync(400);
        Assert.Contains(named, problem.Detail);
    }

    private async Task<IReadOnlyList<string>> OrderIdsAsync(string query) =>
        (await (await _planner.GetAsync($"/api/orders{query}").Within($"GET /api/orders{query}")).ReadAsync<OrderPage>()).Orders.Select(o => o.Id).ToList();
}

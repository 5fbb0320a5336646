using Microfactory.Network.Orders;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.PlannerApi;

/// <summary>List filters take several values both documented ways; a value that cannot match is a 400 naming it.</summary>
public sealed class ListFilterTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);
    private string _cancelled = "";
    private string _dispatched = "";
    private string _unroutable = "";

    // xunit makes an instance per test on the one shared node: each instance places its own orders.
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("kobe", 34.69, 135.19);
        await _seed.CityAsync("nara", 34.68, 135.80);
        await _seed.DesignAsync("flange", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        await _seed.DesignAsync("mould", "1.0.0", ["molding"], TimeSpan.FromMinutes(5));
        await _seed.SiteAsync("kobe-01", "kobe", 34.69, 135.19, ["cnc"]);
        await _seed.ConnectAsync("kobe-01");
        _dispatched = (await Seed.PlaceAsync(_planner, $"filters-dispatched-{_run}", Seed.Order("flange", 2, "kobe"))).Id;
        _unroutable = (await Seed.PlaceAsync(_planner, $"filters-unroutable-{_run}", Seed.Order("mould", 2, "nara"))).Id;
        _cancelled = (await Seed.PlaceAsync(_planner, $"filters-cancelled-{_run}", Seed.Order("flange", 2, "nara"))).Id;
        var cancel = await _planner.PostAsync($"/api/orders/{_cancelled}/cancel", null).Within("cancel an order");
        cancel.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("status=Dispatched,Unroutable")]
    [InlineData("status=Dispatched&status=Unroutable")]
    [InlineData("status=dispatched, unroutable")]
    public async Task Several_statuses_list_orders_in_any_of_them_and_no_other(string query)
    {
        var ids = await OrderIdsAsync(query);

        Assert.Contains(_dispatched, ids);
        Assert.Contains(_unroutable, ids);
        Assert.DoesNotContain(_cancelled, ids);
    }

    [Fact]
    public async Task Two_statuses_are_not_combined_into_a_third_as_flags()
    {
        // Completed (5) | Accepted (3) is 7, Cancelled, when read as enum flags: the reported bug.
        var ids = await OrderIdsAsync("status=Completed,Accepted");

        Assert.DoesNotContain(_cancelled, ids);
    }

    [Theory]
    [InlineData("status=7", "'7'")]
    [InlineData("status=Dispatched,Teleported", "'Teleported'")]
    [InlineData("status=Completed%2C%20Accepted&status=Lost", "'Lost'")]
    public async Task A_status_that_is_not_one_is_400_naming_it_and_the_allowed_ones(string query, string named)
    {
        var problem = await (await _planner.GetAsync($"/api/orders?{query}").Within("GET orders with a bad status")).ProblemAsync(400);

        Assert.Contains(named, problem.Detail, StringComparison.Ordinal);
        Assert.Contains(nameof(OrderStatus.Unroutable), problem.Detail, StringComparison.Ordinal);
        Assert.Equal("status", problem.Extensions["field"]?.ToString());
    }

    [Fact]
    public async Task Several_delivery_cities_and_sites_filter_the_same_way()
    {
        Assert.Equal(new[] { _cancelled, _unroutable }.Order(), (await OrderIdsAsync("deliveryCity=nara")).Order());
        Assert.Equal(new[] { _cancelled, _dispatched, _unroutable }.Order(), (await OrderIdsAsync("deliveryCity=kobe,nara")).Order());
        Assert.Equal(new[] { _cancelled, _dispatched }.Order(), (await OrderIdsAsync("site=kobe-01&site=osaka-99")).Order());
    }

    [Fact]
    public async Task Sites_take_several_statuses_and_cities()
    {
        var response = await _planner.GetAsync("/api/sites?status=Online,Offline&city=kobe&city=nara").Within("GET sites");
        var sites = await response.ReadAsync<List<Network.Sites.SiteView>>();

        Assert.Equal(["kobe-01"], sites.Select(s => s.Id));
        var problem = await (await _planner.GetAsync("/api/sites?status=Online,1").Within("GET sites with a numeric status")).ProblemAsync(400);
        Assert.Contains("'1'", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=1001")]
    [InlineData("limit=0")]
    [InlineData("limit=99999999999")]
    [InlineData("limit=ten")]
    public async Task A_limit_out_of_range_or_not_a_number_is_400_with_the_range_in_the_APIs_own_words(string query)
    {
        var problem = await (await _planner.GetAsync($"/api/orders?{query}").Within("GET orders with a bad limit")).ProblemAsync(400);

        Assert.Contains($"from 1 to {OrderEndpoints.MaxPage}", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("limit", problem.Extensions["field"]?.ToString());
        Assert.DoesNotContain("bind", problem.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Int32", problem.Detail, StringComparison.Ordinal);
    }

    private async Task<List<string>> OrderIdsAsync(string query)
    {
        var response = await _planner.GetAsync($"/api/orders?{query}").Within($"GET orders?{query}");
        var page = await response.ReadAsync<OrderPage>();
        return page.Orders.Select(o => o.Id).Where(id => id == _cancelled || id == _dispatched || id == _unroutable).ToList();
    }
}

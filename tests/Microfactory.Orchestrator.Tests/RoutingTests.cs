using System.Net;
using Microfactory.Network.Orders;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

public sealed class RoutingTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("osaka", 34.6937, 135.5023);
        await _seed.CityAsync("sapporo", 43.0618, 141.3545);
        await _seed.DesignAsync("panel", "1.0.0", ["cnc", "finishing"], TimeSpan.FromMinutes(6));
        await _seed.SiteAsync("sapporo-01", "sapporo", 43.06, 141.35, ["cnc", "finishing"]);
        await _seed.SiteAsync("osaka-01", "osaka", 34.70, 135.50, ["cnc", "finishing"]);
        await _seed.ConnectAsync("sapporo-01");
        await _seed.ConnectAsync("osaka-01");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_nearer_of_two_capable_sites_wins_and_the_explanation_shows_why()
    {
        var order = await Seed.PlaceAsync(_planner, "near-1", Seed.Order("panel", 5, "osaka"));

        Assert.Equal("osaka-01", order.Assignment?.SiteId);
        var response = await _planner.GetAsync($"/api/orders/{order.Id}/routing").Within("GET the routing explanation");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var explanation = await response.ReadAsync<RoutingExplanation>();
        var decision = explanation.Decision;
        Assert.Equal("osaka-01", decision.Chosen?.SiteId);
        Assert.Contains("osaka-01", explanation.Summary);
        Assert.Equal(2, decision.CandidateCount);
        var near = Assert.Single(decision.TopCandidates, c => c.SiteId == "osaka-01");
        var far = Assert.Single(decision.TopCandidates, c => c.SiteId == "sapporo-01");
        Assert.True(near.Score < far.Score, $"near scored {near.Score}, far {far.Score}");
        Assert.True(near.Components.DistanceKm < 5 && far.Components.DistanceKm > 900,
            $"distances near {near.Components.DistanceKm} km, far {far.Components.DistanceKm} km");
        Assert.Equal(near.Score, decision.TopCandidates[0].Score);
    }

    [Fact]
    public async Task The_explanation_of_an_unknown_order_is_404()
    {
        var response = await _planner.GetAsync("/api/orders/ord-nosuchorder/routing").Within("GET routing of an unknown order");

        await response.ProblemAsync(404);
    }
}

/// <summary>
/// Recovery is nudged when a site connects, but the site catalog raises that nudge before the routing index sees the
/// site online (SitePublisher), so under load the nudged pass can still find no capable site. A short interval
/// covers that race until it is fixed in Microfactory.Network.
/// </summary>
public sealed class ShortRecoveryApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Network:RecoveryInterval"] = "00:00:02",
    };
}

public sealed class UnroutableOrderTests(ShortRecoveryApiFactory factory) : IClassFixture<ShortRecoveryApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task An_order_no_site_can_make_is_kept_with_a_reason_and_routed_once_a_capable_site_connects()
    {
        await _seed.CityAsync("nagoya", 35.1815, 136.9066);
        await _seed.DesignAsync("engraving", "1.0.0", ["laser"], TimeSpan.FromMinutes(3));
        await _seed.SiteAsync("nagoya-cnc", "nagoya", 35.18, 136.90, ["cnc"]);
        await _seed.ConnectAsync("nagoya-cnc");

        var order = await Seed.PlaceAsync(_planner, "unroutable-1", Seed.Order("engraving", 2, "nagoya"));

        Assert.Equal(OrderStatus.Unroutable, order.Status);
        Assert.False(string.IsNullOrWhiteSpace(order.History[^1].Reason));
        var explanation = await (await _planner.GetAsync($"/api/orders/{order.Id}/routing").Within("GET routing of the unroutable order"))
            .ReadAsync<RoutingExplanation>();
        Assert.Equal(OrderStatus.Unroutable, explanation.Status);
        Assert.Null(explanation.Decision.Chosen);
        Assert.False(string.IsNullOrWhiteSpace(explanation.Decision.UnroutableReason));
        Assert.Contains("unroutable", explanation.Summary);
        Assert.Equal(1, explanation.Decision.Rejections.MissingCapability);

        await _seed.SiteAsync("nagoya-laser", "nagoya", 35.19, 136.91, ["laser"]);
        await _seed.ConnectAsync("nagoya-laser");

        var routed = await Seed.UntilStatusAsync(_planner, order.Id, OrderStatus.Dispatched);
        Assert.Equal("nagoya-laser", routed.Assignment?.SiteId);
        var statuses = routed.History.Select(h => h.Status).ToList();
        Assert.True(statuses.IndexOf(OrderStatus.Routed) > statuses.IndexOf(OrderStatus.Unroutable), string.Join(", ", statuses));
    }
}

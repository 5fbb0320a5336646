using Microfactory.Network.Orders;
using Microfactory.Network.Planning.Live;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

/// <summary>Rebalancing through the API: a dry run stored as a plan, applied later, once.</summary>
public sealed class PlanApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task A_dry_run_is_stored_and_applying_it_moves_the_planned_orders_once()
    {
        // Every order went to sapporo-01 before otaru-01 (33 km away) came online.
        await _seed.CityAsync("sapporo", 43.0618, 141.3545);
        await _seed.CityAsync("otaru", 43.1907, 140.9947);
        await _seed.DesignAsync("hinge", "1.0.0", ["cnc"], TimeSpan.FromMinutes(6));
        await _seed.SiteAsync("sapporo-01", "sapporo", 43.06, 141.35, ["cnc"]);
        await _seed.ConnectAsync("sapporo-01");
        for (var i = 0; i < 12; i++)
        {
            await Seed.PlaceAsync(_planner, $"sapporo-{i}", Seed.Order("hinge", 10, "sapporo"));
        }

        await _seed.SiteAsync("otaru-01", "otaru", 43.19, 141.00, ["cnc"]);
        await _seed.ConnectAsync("otaru-01");

        var body = new { cityIds = new[] { "sapporo", "otaru" }, band = new { low = 0.2, high = 0.9 }, maxTransferKm = 100 };
        var response = await _planner.PostAsync("/api/plans/rebalance", Json.Body(body)).Within("rebalance dry run");
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var plan = await response.ReadAsync<StoredPlan>();
        Assert.Equal($"/api/plans/{plan.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(PlanStatus.Planned, plan.Status);
        Assert.NotEmpty(plan.Plan.Moves);
        Assert.All(plan.Plan.Moves, m => Assert.Equal(("sapporo-01", "otaru-01"), (m.FromSiteId, m.ToSiteId)));
        Assert.All(plan.Plan.Moves, m => Assert.InRange(m.DistanceKmAfter, 0, 100));
        Assert.True(plan.Plan.Totals.UtilisationSpreadAfter < plan.Plan.Totals.UtilisationSpreadBefore, "the plan should narrow the spread");
        Assert.Equal(0, plan.Plan.Totals.LateOrdersAfter);
        foreach (var move in plan.Plan.Moves)
        {
            Assert.Equal("sapporo-01", (await Seed.GetOrderAsync(_planner, move.OrderId)).Assignment?.SiteId); // a dry run moves nothing
        }

        var stored = await (await _planner.GetAsync($"/api/plans/{plan.Id}").Within("GET plan")).ReadAsync<StoredPlan>();
        Assert.Equal(plan.Plan.Moves.Select(m => m.OrderId), stored.Plan.Moves.Select(m => m.OrderId));

        var applied = await (await _planner.PostAsync($"/api/plans/{plan.Id}/apply", null).Within("apply plan")).ReadAsync<StoredPlan>();
        Assert.Equal(PlanStatus.Applied, applied.Status);
        Assert.Equal(plan.Plan.Moves.Count, applied.LastApplication!.Moved);
        foreach (var move in plan.Plan.Moves)
        {
            var order = await Seed.GetOrderAsync(_planner, move.OrderId);
            Assert.Equal(("otaru-01", OrderStatus.Dispatched), (order.Assignment?.SiteId, order.Status));
        }

        var again = await (await _planner.PostAsync($"/api/plans/{plan.Id}/apply", null).Within("apply plan again")).ReadAsync<StoredPlan>();
        Assert.Equal((0, plan.Plan.Moves.Count), (again.LastApplication!.Moved, again.LastApplication.AlreadyMoved));
    }

    [Theory]
    [InlineData("""{ "band": { "low": 0.8, "high": 0.5 } }""", "band.high")]
    [InlineData("""{ "maxTransferKm": -5 }""", "maxTransferKm")]
    [InlineData("""{ "cityIds": ["atlantis"] }""", "cityIds")]
    public async Task Bad_rebalance_requests_are_refused_naming_the_field(string json, string field)
    {
        var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await _planner.PostAsync("/api/plans/rebalance", content).Within("bad rebalance");

        var problem = await response.ProblemAsync(422);
        Assert.Equal(field, problem.Extensions["field"]?.ToString());
    }

    [Fact]
    public async Task Unknown_plans_are_404()
    {
        (await (await _planner.GetAsync("/api/plans/plan-nope").Within("GET unknown plan")).ProblemAsync(404)).Detail!.Contains("plan-nope");
        var apply = await (await _planner.PostAsync("/api/plans/plan-nope/apply", null).Within("apply unknown plan")).ProblemAsync(404);
        Assert.Contains("plan-nope", apply.Detail);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microfactory.Network.Link;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.Orchestrator.Tests;

/// <summary>
/// GET /api/kpis and /api/orders/{id}/kpis on a fixed network along the equator (one degree of longitude is
/// 111.195 km on the haversine sphere): an order completed as its site reports it has the hand-computed figures.
/// </summary>
public sealed class KpiApiTests(KpiApiTests.Factory factory) : IClassFixture<KpiApiTests.Factory>, IAsyncLifetime
{
    private const double Degree = 6371.0088 * Math.PI / 180;
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    public sealed class Factory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Kpis:ReferenceSiteId"] = "central-01",
            ["Kpis:Co2GramsPerKm:truck"] = "1000",
        };
    }

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("alpha", 0, 0);
        await _seed.CityAsync("beta", 0, 1);
        var design = await factory.Admin().PutAsync("/api/designs/plate/versions/1.0.0",
            Json.Body(new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:05:00", energyKwhPerPart = 0.5 }));
        Assert.True(design.IsSuccessStatusCode, await design.Content.ReadAsStringAsync());
        await _seed.SiteAsync("alpha-01", "alpha", 0, 0, ["cnc"]);
        await _seed.SiteAsync("central-01", "beta", 0, 3, ["cnc"]); // never connected: the reference, not a producer
        await _seed.ConnectAsync("alpha-01");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_completed_orders_km_co2_energy_and_reference_comparison_are_the_hand_computed_values()
    {
        var placed = await Seed.PlaceAsync(_planner, "kpi-1", new { product = "plate", quantity = 10, dueAt = Seed.DueInDays(3), deliveryCityId = "beta", deliveryMode = "truck" });
        var link = factory.Services.GetRequiredService<SiteLink>();
        Assert.True(await link.ReportJobAsync("alpha-01", new JobUpdate(placed.Assignment!.JobId, JobUpdateKind.Done, 9, 1, null, DateTimeOffset.UtcNow)).Within("the site reporting the job done"));

        var order = await _planner.GetFromJsonAsync<JsonElement>($"/api/orders/{placed.Id}/kpis").Within("GET the order's KPIs");
        Assert.Equal(Degree, order.GetProperty("distanceKm").GetDouble(), 6);
        Assert.Equal(Degree * 1000, order.GetProperty("co2Grams").GetDouble(), 3);
        Assert.Equal(5, order.GetProperty("energyKwh").GetDouble(), 9); // 0.5 kWh per part × 10 parts made
        Assert.True(order.GetProperty("onTime").GetBoolean());
        Assert.Equal(2 * Degree, order.GetProperty("referenceDistanceKm").GetDouble(), 6);

        var report = await _planner.GetFromJsonAsync<JsonElement>("/api/kpis?city=beta").Within("GET /api/kpis for beta");
        var network = report.GetProperty("network");
        Assert.Equal(1, network.GetProperty("orders").GetInt32());
        Assert.Equal(0.1, network.GetProperty("scrapRate").GetDouble(), 9);
        Assert.Equal(Degree / 9, network.GetProperty("distanceKmPerPart").GetDouble(), 6);
        Assert.Equal(Degree, network.GetProperty("distanceSavedKm").GetDouble(), 6);
        Assert.Equal("central-01", report.GetProperty("referenceSiteId").GetString());
        Assert.Equal("alpha-01", Assert.Single(report.GetProperty("sites").EnumerateArray()).GetProperty("siteId").GetString());
    }

    [Fact]
    public async Task An_order_not_yet_completed_has_no_kpis()
    {
        var placed = await Seed.PlaceAsync(_planner, "kpi-open", new { product = "plate", quantity = 1, dueAt = Seed.DueInDays(3), deliveryCityId = "alpha" });

        var problem = await (await _planner.GetAsync($"/api/orders/{placed.Id}/kpis").Within("GET KPIs of an open order")).ProblemAsync(409);
        Assert.Contains("Dispatched", problem.Detail);
    }

    [Fact]
    public async Task A_window_that_ends_before_it_starts_is_400_and_an_unknown_mode_or_city_is_named()
    {
        var window = await _planner.GetAsync("/api/kpis?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z").Within("GET /api/kpis with a reversed window");
        Assert.Contains("'from' must be before 'to'", (await window.ProblemAsync(400)).Detail);

        var city = await _planner.GetAsync("/api/kpis?city=nowhere").Within("GET /api/kpis for an unknown city");
        await city.ProblemAsync(404);

        var mode = await Seed.SubmitAsync(_planner, "kpi-mode", new { product = "plate", quantity = 1, dueAt = Seed.DueInDays(3), deliveryCityId = "alpha", deliveryMode = "rocket" });
        Assert.Contains("cargo-bike, truck, van", (await mode.ProblemAsync(422)).Detail);
    }
}

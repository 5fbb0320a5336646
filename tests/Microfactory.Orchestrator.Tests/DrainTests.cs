using System.Net;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

public sealed class DrainTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task A_drained_site_gets_no_new_work_until_it_resumes()
    {
        await _seed.CityAsync("osaka", 34.6937, 135.5023);
        await _seed.CityAsync("kobe", 34.6901, 135.1955);
        await _seed.DesignAsync("panel", "1.0.0", ["cnc"], TimeSpan.FromMinutes(6));
        await _seed.SiteAsync("osaka-01", "osaka", 34.69, 135.50, ["cnc"]);
        await _seed.SiteAsync("kobe-01", "kobe", 34.69, 135.19, ["cnc"]);
        await _seed.ConnectAsync("osaka-01");
        await _seed.ConnectAsync("kobe-01");

        var drained = (await (await _planner.PostAsync("/api/sites/osaka-01/drain", null).Within("drain osaka-01")).ReadAsync<DrainView>()).Site;
        Assert.Equal((SiteStatus.Draining, true), (drained.Status, drained.Draining));
        var whileDrained = await Seed.PlaceAsync(_planner, "drain-1", Seed.Order("panel", 2, "osaka"));
        Assert.Equal("kobe-01", whileDrained.Assignment?.SiteId);

        var resumed = await (await _planner.PostAsync("/api/sites/osaka-01/resume", null).Within("resume osaka-01")).ReadAsync<SiteView>();
        Assert.Equal(SiteStatus.Online, resumed.Status);
        var afterResume = await Seed.PlaceAsync(_planner, "drain-2", Seed.Order("panel", 2, "osaka"));
        Assert.Equal("osaka-01", afterResume.Assignment?.SiteId);
    }

    [Fact]
    public async Task Draining_with_a_bad_band_is_refused_before_the_site_stops_taking_work()
    {
        var body = Json.Body(new { band = new { low = 0.9, high = 0.1 } });
        var problem = await (await _planner.PostAsync("/api/sites/osaka-99/drain", body).Within("bad drain")).ProblemAsync(422);
        Assert.Equal("band.high", problem.Extensions["field"]?.ToString());
    }

    [Fact]
    public async Task Draining_an_unknown_site_is_404()
    {
        var response = await _planner.PostAsync("/api/sites/ghost-01/drain", null).Within("drain an unknown site");

        var problem = await response.ProblemAsync(404);
        Assert.Contains("ghost-01", problem.Detail);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}

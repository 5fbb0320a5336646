using System.Text;
using Microfactory.Network.Routing;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

/// <summary>What an admin sees when shaping the network goes wrong, and that what went right reads back.</summary>
public sealed class NetworkSetupTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.Admin();
    private readonly Seed _seed = new(factory);

    [Fact]
    public async Task A_registered_site_reads_back_offline_until_its_agent_connects()
    {
        await _seed.CityAsync("fukuoka", 33.5904, 130.4017);
        await _seed.SiteAsync("fukuoka-01", "fukuoka", 33.59, 130.40, ["cnc", "finishing"], ["assembly"]);

        var offline = await GetSiteAsync("fukuoka-01");
        Assert.Equal((SiteStatus.Offline, false, 2), (offline.Status, offline.Connected, offline.Cells.Count));
        Assert.Equal(["assembly", "cnc", "finishing"], offline.Capabilities.Order(StringComparer.Ordinal));

        await _seed.ConnectAsync("fukuoka-01");
        Assert.Equal(SiteStatus.Online, (await GetSiteAsync("fukuoka-01")).Status);
    }

    [Fact]
    public async Task A_site_in_an_undefined_city_is_422_naming_the_city()
    {
        var body = new { name = "x", cityId = "atlantis", latitude = 10.0, longitude = 10.0, cells = new[] { new { id = "c1", capabilities = new[] { "cnc" } } } };

        var response = await _admin.PutAsync("/api/sites/atlantis-01", Json.Body(body)).Within("PUT a site in an unknown city");

        var problem = await response.ProblemAsync(422);
        Assert.Contains("atlantis", problem.Detail);
    }

    [Fact]
    public async Task A_site_id_that_breaks_the_rules_is_400_stating_them()
    {
        var response = await _admin.PutAsync("/api/sites/Not_Valid", Json.Body(new { })).Within("PUT a site with a bad id");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("lower-case", problem.Detail);
    }

    [Fact]
    public async Task A_design_with_an_unknown_capability_is_422_listing_the_known_ones()
    {
        var body = new { capabilities = new[] { "teleport" }, cycleTimePerPart = "00:05:00" };

        var response = await _admin.PutAsync("/api/designs/widget/versions/1.0.0", Json.Body(body)).Within("PUT a design with an unknown capability");

        var problem = await response.ProblemAsync(422);
        Assert.Contains("teleport", problem.Detail);
        Assert.Contains("cnc", problem.Detail);
    }

    [Fact]
    public async Task Malformed_json_on_an_admin_endpoint_is_400_with_the_reason()
    {
        var response = await _admin.PutAsync("/api/cities/oita", new StringContent("{\"name\": \"Oita\", \"latitude\": north}", Encoding.UTF8, "application/json"))
            .Within("PUT a city with malformed JSON");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("latitude", problem.Detail);
    }

    [Theory]
    [InlineData("/api/cities/nowhere", "nowhere")]
    [InlineData("/api/sites/nowhere-01", "nowhere-01")]
    [InlineData("/api/designs/nothing", "nothing")]
    public async Task Unknown_ids_are_404_naming_them(string path, string id)
    {
        var response = await factory.Planner().GetAsync(path).Within($"GET {path}");

        var problem = await response.ProblemAsync(404);
        Assert.Contains(id, problem.Detail);
    }

    private async Task<SiteView> GetSiteAsync(string id) =>
        await (await _admin.GetAsync($"/api/sites/{id}").Within($"GET site {id}")).ReadAsync<SiteView>();
}

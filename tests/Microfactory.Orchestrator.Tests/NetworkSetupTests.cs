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
    public async Task A_design_or_a_cell_whose_capability_breaks_the_one_rule_is_422_naming_it_and_the_rule()
    {
        var design = new { capabilities = new[] { "cnc", "5 axis milling" }, cycleTimePerPart = "00:05:00" };
        await _seed.CityAsync("oita", 33.24, 131.61);
        var cell = new { name = "Oita", cityId = "oita", latitude = 33.2, longitude = 131.6, cells = new[] { new { id = "cell-1", capabilities = new[] { "cnc_milling" } } } };

        var designResponse = await _admin.PutAsync("/api/designs/widget/versions/1.0.0", Json.Body(design)).Within("PUT a design with a bad capability");
        var siteResponse = await _admin.PutAsync("/api/sites/oita-01", Json.Body(cell)).Within("PUT a site with a bad capability");

        foreach (var (problem, bad) in new[] { (await designResponse.ProblemAsync(422), "'5 axis milling'"), (await siteResponse.ProblemAsync(422), "'cnc_milling'") })
        {
            Assert.Contains(bad, problem.Detail);
            Assert.Contains("lowercase letters, digits and '-'", problem.Detail);
        }
    }

    [Fact]
    public async Task Any_capability_that_follows_the_rule_is_the_networks_own_and_upper_case_is_read_as_lower_case()
    {
        var body = new { capabilities = new[] { "FDM-Printing" }, cycleTimePerPart = "00:05:00" };

        var response = await _admin.PutAsync("/api/designs/widget/versions/1.0.0", Json.Body(body)).Within("PUT a design with a new capability");

        response.EnsureSuccessStatusCode();
        Assert.Contains("\"capabilities\":[\"fdm-printing\"]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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

using System.Net;
using Microfactory.Network.Designs;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.PlannerApi;

/// <summary>Design versions are SemVer 2.0.0: pre-releases and build metadata are accepted and ordered as semver.org says.</summary>
public sealed class SemanticVersionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = factory.Admin();

    [Fact]
    public async Task Versions_with_pre_releases_and_build_metadata_are_listed_in_SemVer_precedence()
    {
        // semver.org's own example order, registered shuffled; 2.0.0+build.7 ranks as 2.0.0.
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0+build.7"];
        foreach (var version in ordered.Reverse().Where((_, i) => i % 2 == 0).Concat(ordered.Reverse().Where((_, i) => i % 2 == 1)))
        {
            var response = await RegisterAsync("gasket", version);
            Assert.True(response.IsSuccessStatusCode, $"{version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var listed = await (await _admin.GetAsync("/api/designs/gasket").Within("GET the versions")).ReadAsync<List<DesignVersion>>();

        Assert.Equal(ordered, listed.Select(v => v.Version));
    }

    [Fact]
    public async Task A_version_differing_only_in_build_metadata_is_refused_because_it_ties_in_precedence()
    {
        Assert.True((await RegisterAsync("shim", "3.1.0+build.1")).IsSuccessStatusCode);

        var problem = await (await RegisterAsync("shim", "3.1.0+build.2")).ProblemAsync(422);

        Assert.Contains("same precedence", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("3.1.0+build.1", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0-rc..1")]
    [InlineData("1.0.0%0A")]
    [InlineData("v1.0.0")]
    public async Task What_is_not_SemVer_is_400_saying_what_is(string version)
    {
        var problem = await (await RegisterAsync("washer", version)).ProblemAsync(400);

        Assert.Contains("SemVer 2.0.0", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("version", problem.Extensions["field"]?.ToString());
    }

    [Theory]
    [InlineData("1.0.0-rc.2", "1.0.0-rc.10")]
    [InlineData("1.0.0-rc.99999999999999999999", "1.0.0-rc.100000000000000000000")]
    [InlineData("1.0.0-9", "1.0.0-a")]
    [InlineData("1.0.0-rc", "1.0.0-rc.0")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.9.0", "1.10.0")]
    public void Precedence_follows_semver_org_rule_11(string lower, string higher)
    {
        Assert.True(SemanticVersion.TryParse(lower, out var low), lower);
        Assert.True(SemanticVersion.TryParse(higher, out var high), higher);

        Assert.True(low.CompareTo(high) < 0, $"{lower} < {higher}");
        Assert.True(high.CompareTo(low) > 0, $"{higher} > {lower}");
    }

    private async Task<HttpResponseMessage> RegisterAsync(string product, string version) =>
        await _admin.PutAsync($"/api/designs/{product}/versions/{version}", Json.Body(new { capabilities = new[] { "cnc" }, cycleTimePerPart = "00:05:00" }))
            .Within($"PUT {product}@{version}");
}

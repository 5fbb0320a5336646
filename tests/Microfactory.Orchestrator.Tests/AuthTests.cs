using System.Net;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

public sealed class AuthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_request_without_a_credential_gets_401_problem_details()
    {
        var response = await factory.Anonymous().GetAsync("/api/orders").Within("anonymous GET /api/orders");

        await response.ProblemAsync(401);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task An_unknown_key_gets_401()
    {
        var response = await factory.WithKey("not-a-configured-key-0123456789").GetAsync("/api/cities").Within("GET /api/cities with a wrong key");

        await response.ProblemAsync(401);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_planner_key_on_an_admin_endpoint_gets_403()
    {
        var site = new { name = "x", cityId = "tokyo", latitude = 35.0, longitude = 139.0, cells = new[] { new { id = "c1", capabilities = new[] { "cnc" } } } };

        var response = await factory.Planner().PutAsync("/api/sites/x", Json.Body(site)).Within("PUT /api/sites/x as a planner");

        await response.ProblemAsync(403);
    }

    [Fact]
    public async Task The_admin_key_can_do_what_planners_can()
    {
        var response = await factory.Admin().GetAsync("/api/orders").Within("GET /api/orders as admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_keys_never_reach_the_logs()
    {
        // A refused key (one character off a real one) and accepted keys, on success and error paths.
        var nearMiss = ApiFactory.PlannerKey[..^1] + "!";
        await factory.WithKey(nearMiss).GetAsync("/api/cities").Within("GET with a near-miss key");
        await factory.Planner().GetAsync("/api/cities").Within("GET /api/cities as planner");
        await factory.Planner().PutAsync("/api/sites/y", Json.Body(new { })).Within("PUT /api/sites/y as planner");
        await factory.Admin().GetAsync("/api/orders/ord-doesnotexist").Within("GET an unknown order as admin");

        var entries = factory.Logs.Entries;
        Assert.NotEmpty(entries);
        foreach (var secret in new[] { ApiFactory.PlannerKey, ApiFactory.AdminKey, nearMiss })
        {
            Assert.DoesNotContain(entries, e => e.Contains(secret, StringComparison.Ordinal));
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microfactory.Orchestrator.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Microfactory.Orchestrator.Tests;

/// <summary>The Orleans Dashboard has no authentication of its own: the orchestrator lets admins in and nobody else.</summary>
public sealed class DashboardAccessTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Without_a_credential_the_dashboard_sends_the_browser_to_sign_in_and_shows_nothing()
    {
        using var anonymous = Client(key: null);

        using var response = await anonymous.GetAsync("/dashboard/").Within("anonymous GET /dashboard/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_planner_key_is_refused()
    {
        using var planner = Client(ApiFactory.PlannerKey);

        using var response = await planner.GetAsync("/dashboard/").Within("GET /dashboard/ as a planner");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_key_opens_it()
    {
        using var admin = Client(ApiFactory.AdminKey);

        using var response = await admin.GetAsync("/dashboard/").Within("GET /dashboard/ as admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("html", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }

    private HttpClient Client(string? key)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}

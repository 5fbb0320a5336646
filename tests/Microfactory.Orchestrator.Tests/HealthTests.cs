using System.Net;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

public sealed class HealthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Healthz_answers_without_a_key()
    {
        var response = await factory.Anonymous().GetAsync("/healthz").Within("GET /healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_answers_200_when_the_store_answers()
    {
        var response = await factory.Anonymous().GetAsync("/readyz").Within("GET /readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (await response.ReadAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_openapi_document_lists_the_orders_path()
    {
        var response = await factory.Anonymous().GetAsync("/openapi/v1.json").Within("GET /openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadAsync<JsonElement>()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/orders", out var orders), "the document has no /api/orders path");
        Assert.True(orders.TryGetProperty("post", out _), "/api/orders has no POST operation");
        Assert.True(paths.TryGetProperty("/api/orders/{id}/routing", out _), "the document has no routing explanation path");
    }
}

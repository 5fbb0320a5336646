using System.Net;
using System.Text;
using Microfactory.Network.Planning.Live;
using Microfactory.Orchestrator.Api.Validation;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests.PlannerApi;

/// <summary>
/// Every client string has a maximum length and every number a range; a request over them is refused with the API's
/// own ProblemDetails naming the field and the rule, never repeating the oversized value and never storing it.
/// </summary>
public sealed class RequestBoundsTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _admin = factory.Admin();
    private readonly Seed _seed = new(factory);

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("sendai", 38.27, 140.87);
        await _seed.DesignAsync("strut", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_city_name_of_a_megabyte_less_one_is_refused_without_repeating_it_and_is_not_stored()
    {
        var name = new string('n', 1024 * 1000);
        var response = await _admin.PutAsync("/api/cities/sendai", Json.Body(new { name, latitude = 38.27, longitude = 140.87 })).Within("PUT a huge city name");

        var body = await response.Content.ReadAsStringAsync().Within("the error body");
        var problem = await response.ProblemAsync(400);
        Assert.True(body.Length < 2000, $"the error is {body.Length} characters long");
        Assert.Contains($"at most {Limits.Name} characters", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("name", problem.Extensions["field"]?.ToString());
        var cities = await (await _admin.GetAsync("/api/cities").Within("GET cities")).Content.ReadAsStringAsync().Within("the cities");
        Assert.DoesNotContain("nnnnnnnnnn", cities, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_a_megabyte_is_413_whether_its_length_is_declared_or_not()
    {
        // Kestrel itself (not the test server) enforces the limit on a chunked body as it is read.
        await using var node = await RealOrchestrator.StartAsync(new Dictionary<string, string>());
        var json = $$"""{ "name": "{{new string('n', 2 * 1024 * 1024)}}", "latitude": 1, "longitude": 2 }""";
        var declared = await node.Admin.PutAsync("/api/cities/sendai", new StringContent(json, Encoding.UTF8, "application/json")).Within("PUT 2 MB declared");
        Assert.Contains($"{Limits.JsonBodyBytes} bytes", (await declared.ProblemAsync(413)).Detail, StringComparison.Ordinal);

        using var chunked = new HttpRequestMessage(HttpMethod.Put, "/api/cities/sendai")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))) { Headers = { ContentType = new("application/json") } },
        };
        chunked.Headers.TransferEncodingChunked = true;
        var streamed = await node.Admin.SendAsync(chunked).Within("PUT 2 MB chunked");
        Assert.Contains($"{Limits.JsonBodyBytes} bytes", (await streamed.ProblemAsync(413)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_wrong_field_is_named_at_once_with_its_rule()
    {
        var body = new
        {
            name = new string('s', 500),
            cityId = new string('c', 64),
            latitude = 38.2,
            longitude = 140.8,
            cells = new[] { new { id = "c1", capabilities = Enumerable.Repeat("cnc", 40).ToArray() } },
        };
        var problem = await (await _admin.PutAsync("/api/sites/sendai-01", Json.Body(body)).Within("PUT an oversized site")).ProblemAsync(400);

        var errors = Errors(problem);
        Assert.Equal(["cells[0].capabilities", "cityId", "name"], errors.Keys.Order());
        Assert.Contains($"at most {Limits.CapabilitiesPerCell} items", errors["cells[0].capabilities"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "product": "strut", "quantity": 0, "dueAt": "2099-01-01T00:00:00Z", "deliveryCityId": "sendai" }""", "quantity", "from 1 to 1000000")]
    [InlineData("""{ "product": "strut", "quantity": 2000000, "dueAt": "2099-01-01T00:00:00Z", "deliveryCityId": "sendai" }""", "quantity", "from 1 to 1000000")]
    public async Task A_number_out_of_its_documented_range_is_422_with_the_range(string json, string field, string rule)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var problem = await (await _admin.SendAsync(request).Within("POST an order out of range")).ProblemAsync(422);

        Assert.Equal(field, problem.Extensions["field"]?.ToString());
        Assert.Contains(rule, problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "product": "strut", "quantity": "5", "dueAt": "2099-01-01T00:00:00Z", "deliveryCityId": "sendai" }""", "quantity", "a whole number")]
    [InlineData("""{ "product": "strut", "quantity": 2.5, "dueAt": "2099-01-01T00:00:00Z", "deliveryCityId": "sendai" }""", "quantity", "a whole number")]
    [InlineData("""{ "product": "strut", "quantity": 5, "dueAt": "soon", "deliveryCityId": "sendai" }""", "dueAt", "ISO 8601")]
    [InlineData("""{ "product": "strut", "quantity": 5, "dueAt": "2099-01-01T00:00:00Z", "deliveryCityId": "sendai", "priority": 3 }""", "priority", "one of")]
    [InlineData("""{ "product": "strut", "quantity": 5, "dueAt": "2099-01-01T00:00:00Z", "deliveryCityId": "sendai", "priority": "High, Low" }""", "priority", "one of")]
    [InlineData("""{ "product": ["strut"], "quantity": 5, "dueAt": "2099-01-01T00:00:00Z", "deliveryCityId": "sendai" }""", "product", "a string")]
    public async Task A_value_of_the_wrong_type_names_the_field_and_what_it_must_be_without_NET_words(string json, string field, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var problem = await (await _admin.SendAsync(request).Within("POST an order with a wrong type")).ProblemAsync(400);

        Assert.Equal(field, problem.Extensions["field"]?.ToString());
        Assert.Contains(expected, problem.Detail, StringComparison.Ordinal);
        foreach (var framework in new[] { "System.", "Nullable", "Int32", "JSON value could not be converted", "Path:", "parameter" })
        {
            Assert.DoesNotContain(framework, problem.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("POST", "/api/orders")]
    [InlineData("PUT", "/api/cities/sendai")]
    [InlineData("PUT", "/api/sites/sendai-01")]
    [InlineData("PUT", "/api/designs/strut/versions/2.0.0")]
    [InlineData("POST", "/api/plans/rebalance")]
    [InlineData("POST", "/api/sites/sendai-01/drain")]
    [InlineData("POST", "/api/sites/sendai-01/resume")]
    [InlineData("POST", "/api/orders/ord-x/cancel")]
    [InlineData("POST", "/api/rollouts")]
    [InlineData("POST", "/api/rollouts/ro-x/abort")]
    [InlineData("PUT", "/api/designs/strut/versions/1.0.0/bundle")]
    public async Task A_body_of_the_wrong_media_type_is_415_on_every_endpoint_that_takes_one(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("X-Content-SHA256", new string('0', 64));

        var problem = await (await _admin.SendAsync(request).Within($"{method} {path} as a form")).ProblemAsync(415);

        Assert.Contains("application/x-www-form-urlencoded", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    public async Task An_empty_rebalance_body_takes_the_documented_defaults(string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/plans/rebalance");
        if (contentType is not null)
        {
            request.Content = new StringContent("", Encoding.UTF8, contentType);
        }

        var response = await _admin.SendAsync(request).Within("POST rebalance without a body");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var plan = await response.ReadAsync<StoredPlan>();
        var defaults = new PlanningOptions();
        Assert.Equal((PlanStatus.Planned, defaults.BandLow, defaults.BandHigh, defaults.MaxTransferKm, defaults.MayRiskDueDates),
            (plan.Status, plan.Parameters.BandLow, plan.Parameters.BandHigh, plan.Parameters.MaxTransferKm, plan.Parameters.MayRiskDueDates));
    }

    [Fact]
    public async Task A_path_id_of_a_kilobyte_is_400_without_repeating_it_whole()
    {
        var id = new string('x', 1000);
        var response = await _admin.GetAsync($"/api/orders/{id}").Within("GET an order with a huge id");

        var problem = await response.ProblemAsync(400);
        Assert.True(problem.Detail!.Length < 300, $"the detail is {problem.Detail.Length} characters long");
        Assert.Contains("1000 characters", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/nothing/here/at/all", 404, "Nothing answers")]
    [InlineData("DELETE", "/api/cities", 405, "not allowed")]
    public async Task What_the_framework_answers_by_itself_is_ProblemDetails_that_say_what_to_do(string method, string path, int status, string says)
    {
        var problem = await (await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).Within($"{method} {path}")).ProblemAsync(status);

        Assert.Contains(says, problem.Detail, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", problem.Detail, StringComparison.Ordinal);
    }

    private static Dictionary<string, string[]> Errors(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string[]>>(problem.Extensions["errors"]!.ToString()!)!;
}

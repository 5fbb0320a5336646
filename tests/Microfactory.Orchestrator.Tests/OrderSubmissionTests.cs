using System.Net;
using System.Text;
using Microfactory.Network.Orders;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

public sealed class OrderSubmissionTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly Seed _seed = new(factory);

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("tokyo", 35.6762, 139.6503);
        await _seed.DesignAsync("bracket", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Without_an_idempotency_key_the_answer_is_400_naming_the_header()
    {
        var response = await _planner.PostAsync("/api/orders", Json.Body(Seed.Order("bracket", 3, "tokyo"))).Within("POST /api/orders without a key");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("Idempotency-Key", problem.Detail);
    }

    [Fact]
    public async Task Malformed_json_is_400_with_a_detail_that_says_what_is_wrong()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = new StringContent("{\"product\": \"bracket\", \"quantity\": ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "malformed-1");

        var response = await _planner.SendAsync(request).Within("POST of malformed JSON");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("JSON", problem.Detail);
    }

    [Fact]
    public async Task A_submission_without_a_body_is_400_asking_for_the_order()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("", Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "no-body-1");

        var response = await _planner.SendAsync(request).Within("POST /api/orders without a body");

        var problem = await response.ProblemAsync(400);
        Assert.Contains("JSON body", problem.Detail);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_field()
    {
        var response = await Seed.SubmitAsync(_planner, "wrong-type-1", new { product = "bracket", quantity = "three", dueAt = Seed.DueInDays(3), deliveryCityId = "tokyo" });

        var problem = await response.ProblemAsync(400);
        Assert.Contains("quantity", problem.Detail);
    }

    [Fact]
    public async Task Missing_fields_are_400_naming_each_of_them()
    {
        var response = await Seed.SubmitAsync(_planner, "missing-1", new { product = "bracket" });

        var problem = await response.ProblemAsync(400);
        Assert.Contains("quantity", problem.Detail);
        Assert.Contains("dueAt", problem.Detail);
        Assert.Contains("deliveryCityId", problem.Detail);
        Assert.DoesNotContain("product", problem.Detail);
    }

    [Fact]
    public async Task An_unknown_delivery_city_is_422_naming_it()
    {
        var response = await Seed.SubmitAsync(_planner, "unknown-city-1", Seed.Order("bracket", 2, "atlantis"));

        var problem = await response.ProblemAsync(422);
        Assert.Contains("atlantis", problem.Detail);
        Assert.Equal("deliveryCityId", problem.Extensions["field"]?.ToString());
    }

    [Fact]
    public async Task An_unknown_design_is_422_naming_it()
    {
        var response = await Seed.SubmitAsync(_planner, "unknown-design-1", Seed.Order("flux-capacitor", 2, "tokyo"));

        var problem = await response.ProblemAsync(422);
        Assert.Contains("flux-capacitor", problem.Detail);
    }

    [Fact]
    public async Task The_same_key_twice_gives_the_same_order_once()
    {
        await _seed.DesignAsync("idem-twice", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        var order = Seed.Order("idem-twice", 4, "tokyo");

        var first = await Seed.SubmitAsync(_planner, "twice-1", order);
        var second = await Seed.SubmitAsync(_planner, "twice-1", order);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var created = await first.ReadAsync<OrderView>();
        Assert.Equal(created.Id, (await second.ReadAsync<OrderView>()).Id);
        Assert.Equal($"/api/orders/{created.Id}", first.Headers.Location?.OriginalString);
        var listed = await ListAsync();
        Assert.Single(listed, o => o.Product == "idem-twice");
    }

    [Fact]
    public async Task The_same_key_with_a_different_order_is_422()
    {
        await Seed.PlaceAsync(_planner, "reused-1", Seed.Order("bracket", 4, "tokyo"));

        var response = await Seed.SubmitAsync(_planner, "reused-1", Seed.Order("bracket", 40, "tokyo"));

        var problem = await response.ProblemAsync(422);
        Assert.Contains("Idempotency key", problem.Detail);
    }

    [Fact]
    public async Task Twenty_concurrent_submissions_with_one_key_make_exactly_one_order()
    {
        await _seed.DesignAsync("idem-concurrent", "1.0.0", ["cnc"], TimeSpan.FromMinutes(5));
        var order = Seed.Order("idem-concurrent", 7, "tokyo");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Seed.SubmitAsync(_planner, "concurrent-1", order)))
            .Within("20 concurrent submissions");

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.OK));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadAsync<OrderView>()).Id);
        }

        Assert.Single(ids);
        Assert.Single(await ListAsync(), o => o.Product == "idem-concurrent");
    }

    private async Task<IReadOnlyList<OrderSummary>> ListAsync()
    {
        var response = await _planner.GetAsync("/api/orders?limit=1000").Within("GET /api/orders");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<Api.OrderPage>()).Orders;
    }
}

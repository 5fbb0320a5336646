using System.Net.Http.Json;
using System.Text.Json;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

/// <summary>
/// Batch size one through the API: a design version declares its parameters, each order's values are checked against
/// them (422 naming the parameter and the rule), take part in the idempotency fingerprint and show on the order.
/// </summary>
public sealed class OrderParameterTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _planner = factory.Planner();
    private readonly HttpClient _admin = factory.Admin();
    private readonly Seed _seed = new(factory);

    public async Task InitializeAsync()
    {
        await _seed.CityAsync("tokyo", 35.6762, 139.6503);
        await _seed.SiteAsync("tokyo-01", "tokyo", 35.68, 139.70, ["cnc"]);
        var response = await _admin.PutAsync("/api/designs/plate/versions/1.0.0", Json.Body(PlateDesign())).Within("PUT the plate design");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static object PlateDesign() => new
    {
        capabilities = new[] { "cnc" },
        cycleTimePerPart = "00:05:00",
        energyKwhPerPart = 0.4,
        parameters = new object[]
        {
            new { name = "width", type = "Decimal", unit = "mm", min = 10, max = 500, required = true },
            new { name = "holes", type = "Integer", min = 0, max = 12, @default = "4" },
            new { name = "colour", type = "Choice", choices = new[] { "red", "blue" }, @default = "red", changeover = true },
            new { name = "engraving", type = "Text", maxLength = 20 },
        },
    };

    // One due date for every submission, so a replay differs from the first only where a test says.
    private static readonly DateTimeOffset Due = Seed.DueInDays(5);

    private static object Order(object parameters) => new
    {
        product = "plate",
        quantity = 1,
        dueAt = Due,
        deliveryCityId = "tokyo",
        parameters,
    };

    [Fact]
    public async Task The_design_shows_its_declared_parameters()
    {
        var versions = await _planner.GetFromJsonAsync<JsonElement>("/api/designs/plate").Within("GET the plate design");

        var parameters = versions[0].GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["colour", "engraving", "holes", "width"], parameters.Keys.Order());
        Assert.Equal("mm", parameters["width"].GetProperty("unit").GetString());
        Assert.True(parameters["colour"].GetProperty("changeover").GetBoolean());
        Assert.Equal(0.4, versions[0].GetProperty("energyKwhPerPart").GetDouble());
    }

    [Fact]
    public async Task Accepted_values_show_on_the_order_in_canonical_form_with_defaults_filled_in()
    {
        var response = await Seed.SubmitAsync(_planner, "params-ok", Order(new { width = 120.50, engraving = "Für Åsa" }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, body);
        var parameters = JsonDocument.Parse(body).RootElement.GetProperty("spec").GetProperty("parameters");
        Assert.Equal("120.5", parameters.GetProperty("width").GetString()); // as JSON wrote the number
        Assert.Equal("4", parameters.GetProperty("holes").GetString());
        Assert.Equal("red", parameters.GetProperty("colour").GetString());
        Assert.Equal("Für Åsa", parameters.GetProperty("engraving").GetString());
    }

    [Theory]
    [InlineData("{\"width\": 9.99}", "parameters.width", "a decimal number from 10 to 500 mm")]
    [InlineData("{\"width\": \"wide\"}", "parameters.width", "a decimal number from 10 to 500 mm")]
    [InlineData("{\"width\": 100, \"holes\": 2.5}", "parameters.holes", "a whole number from 0 to 12")]
    [InlineData("{\"width\": 100, \"colour\": \"green\"}", "parameters.colour", "one of red, blue")]
    [InlineData("{\"width\": 100, \"engraving\": \"more than twenty characters\"}", "parameters.engraving", "at most 20 characters")]
    [InlineData("{\"holes\": 3}", "parameters.width", "is required")]
    [InlineData("{\"width\": 100, \"depth\": 3}", "parameters.depth", "has no parameter 'depth'")]
    public async Task A_value_that_breaks_its_rule_is_422_naming_the_parameter_and_the_rule(string parameters, string field, string rule)
    {
        var body = $"{{\"product\":\"plate\",\"quantity\":1,\"dueAt\":\"{Seed.DueInDays(5):O}\",\"deliveryCityId\":\"tokyo\",\"parameters\":{parameters}}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", $"bad-{Guid.NewGuid()}");

        var response = await _planner.SendAsync(request).Within("POST an order with a bad parameter");

        var problem = await response.ProblemAsync(422);
        Assert.Equal(field, ((JsonElement)problem.Extensions["field"]!).GetString());
        Assert.Contains(rule, problem.Detail);
        Assert.DoesNotContain("wide", problem.Detail);
        Assert.DoesNotContain("twenty", problem.Detail);
    }

    [Fact]
    public async Task Different_values_under_the_same_key_are_refused_and_the_same_values_in_another_order_are_a_replay()
    {
        var first = await Seed.SubmitAsync(_planner, "params-fp", Order(new { width = 100, colour = "blue" }));
        Assert.Equal(201, (int)first.StatusCode);

        var reordered = await Seed.SubmitAsync(_planner, "params-fp", Order(new { colour = "blue", width = 100 }));
        Assert.Equal(200, (int)reordered.StatusCode);

        var changed = await Seed.SubmitAsync(_planner, "params-fp", Order(new { width = 101, colour = "blue" }));
        var problem = await changed.ProblemAsync(422);
        Assert.Contains("Idempotency key", problem.Detail);
    }

    [Fact]
    public async Task A_value_longer_than_any_parameter_may_hold_is_400_before_any_grain_is_called()
    {
        var response = await Seed.SubmitAsync(_planner, "params-huge", Order(new { width = 100, engraving = new string('x', 1001) }));

        var problem = await response.ProblemAsync(400);
        Assert.Contains("parameters.engraving", problem.Detail);
        Assert.DoesNotContain("xxxx", problem.Detail);
    }

    [Theory]
    [InlineData("{\"name\":\"w\",\"type\":\"Decimal\",\"min\":5,\"max\":1}", "parameters[0].min")]
    [InlineData("{\"name\":\"c\",\"type\":\"Choice\"}", "parameters[0].choices")]
    [InlineData("{\"name\":\"h\",\"type\":\"Integer\",\"max\":3,\"default\":\"7\"}", "parameters[0].default")]
    [InlineData("{\"name\":\"Bad Name\",\"type\":\"Text\"}", "parameters[0].name")]
    public async Task A_declaration_that_contradicts_itself_is_422_naming_it(string parameter, string field)
    {
        var body = $"{{\"capabilities\":[\"cnc\"],\"cycleTimePerPart\":\"00:05:00\",\"parameters\":[{parameter}]}}";
        var response = await _admin.PutAsync($"/api/designs/bad-{Guid.NewGuid():N}"[..30] + "/versions/1.0.0", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))
            .Within("PUT a design with a bad parameter");

        var problem = await response.ProblemAsync(422);
        Assert.Equal(field, ((JsonElement)problem.Extensions["field"]!).GetString());
    }
}

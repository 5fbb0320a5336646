using System.Text;
using Microfactory.Orchestrator.Tests.Support;

namespace Microfactory.Orchestrator.Tests;

/// <summary>Ops read Error entries as faults of the service: a client's mistake answered with a 4xx is not one.</summary>
public sealed class ClientErrorLoggingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Client_mistakes_are_not_logged_as_errors()
    {
        var planner = factory.Planner();
        await new Seed(factory).CityAsync("tokyo", 35.6762, 139.6503);
        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("{", Encoding.UTF8, "application/json") };
        malformed.Headers.Add("Idempotency-Key", "log-1");

        var answers = new[]
        {
            await planner.SendAsync(malformed).Within("malformed JSON"),
            await Seed.SubmitAsync(planner, "log-2", Seed.Order("no-such-product", 1, "tokyo")),
            await planner.GetAsync("/api/orders/ord-missing").Within("unknown order"),
            await planner.GetAsync("/api/orders?limit=lots").Within("unreadable limit"),
            await factory.Anonymous().GetAsync("/api/orders").Within("anonymous request"),
        };

        Assert.All(answers, a => Assert.InRange((int)a.StatusCode, 400, 499));
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Contains("[Error]", StringComparison.Ordinal) || e.Contains("[Critical]", StringComparison.Ordinal));
    }
}

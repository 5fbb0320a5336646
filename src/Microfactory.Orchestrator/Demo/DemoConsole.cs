using System.Globalization;
using System.Text;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Orchestrator.Api;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

/// <summary>What the person who started the main job sees: where to look, then a short live summary.</summary>
public sealed class DemoConsole(NetworkDirectory directory, CityLoadQuery cities, IOptions<DemoOptions> options, TimeProvider time)
{
    public void PrintWelcome(ICollection<string> addresses, int siteCount)
    {
        var url = addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        var keyFile = Path.GetFullPath(".data/demo-keys/planner.key");
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Microfactory Network demo: {directory.Cities.All().Count} cities, {siteCount} simulated sites, {options.Value.OrdersPerSecond} orders/s")
            .AppendLine(CultureInfo.InvariantCulture, $"  API        {url}/api   (Authorization: Bearer <key>)")
            .AppendLine(CultureInfo.InvariantCulture, $"  OpenAPI    {url}/openapi/v1.json")
            .AppendLine(CultureInfo.InvariantCulture, $"  Health     {url}/healthz  {url}/readyz")
            .AppendLine(CultureInfo.InvariantCulture, $"  Try        curl -s -H \"Authorization: Bearer $(cat {keyFile})\" {url}/api/cities")
            .AppendLine(CultureInfo.InvariantCulture, $"             curl -s -H \"Authorization: Bearer $(cat {keyFile})\" '{url}/api/orders?status=Completed&limit=5'")
            .AppendLine("  (demo keys live in .data/demo-keys/ unless Auth:ApiKeys is configured; Ctrl+C stops)");
        Console.Out.Write(text.ToString());
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.SummaryInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Console.Out.Write(await SummaryAsync());
        }
    }

    public async Task<string> SummaryAsync()
    {
        var counts = directory.Orders.All().GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{time.GetUtcNow():HH:mm:ss}] orders:");
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            if (counts.TryGetValue(status, out var n))
            {
                text.Append(CultureInfo.InvariantCulture, $" {status}={n}");
            }
        }

        text.AppendLine();
        text.Append("           utilisation:");
        foreach (var city in await cities.AllAsync())
        {
            text.Append(CultureInfo.InvariantCulture, $" {city.Id}={city.Utilisation:0.00}");
        }

        return text.AppendLine().ToString();
    }
}

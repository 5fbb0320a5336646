using System.Net.Http.Json;

namespace Microfactory.LoadTest;

/// <summary>The cities, the one design and the sites of a run: site i has one cell, or two when i is even.</summary>
public sealed class SimulatedNetwork
{
    public const string Product = "bracket";
    public const string Version = "1.0.0";
    public const string Design = Product + "@" + Version;
    public const string Capability = "cnc";

    public static readonly IReadOnlyList<(string Id, string Name, double Latitude, double Longitude)> Cities =
    [
        ("lyon", "Lyon", 45.76, 4.84), ("turin", "Turin", 45.07, 7.69), ("geneva", "Geneva", 46.20, 6.14),
        ("grenoble", "Grenoble", 45.19, 5.72), ("milan", "Milan", 45.46, 9.19), ("zurich", "Zurich", 47.37, 8.54),
        ("munich", "Munich", 48.14, 11.58), ("basel", "Basel", 47.56, 7.59),
    ];

    /// <summary>The i-th order of a run, as both load tools submit it: 1-20 parts, due in a week, cities in turn.</summary>
    public static HttpRequestMessage OrderRequest(string idempotencyKey, int i)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                product = Product,
                quantity = 1 + (i % 20),
                dueAt = DateTimeOffset.UtcNow.AddDays(7),
                deliveryCityId = Cities[i % Cities.Count].Id,
            }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    public SimulatedNetwork(int sites)
    {
        Sites = Enumerable.Range(1, sites).Select(i => new SimulatedSite(
            $"site-{i:D5}",
            Cities[i % Cities.Count].Id,
            i % 2 == 0 ? ["c1", "c2"] : ["c1"],
            OrchestratorProcess.RandomSecret())).ToList();
    }

    public IReadOnlyList<SimulatedSite> Sites { get; }

    public IReadOnlyDictionary<string, string> Credentials => Sites.ToDictionary(s => s.Id, s => s.Credential, StringComparer.Ordinal);
}

public sealed record SimulatedSite(string Id, string CityId, IReadOnlyList<string> Cells, string Credential);

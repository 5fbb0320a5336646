using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Microfactory.LoadTest;

/// <summary>Registers the run's cities, design and sites through the admin API, a bounded number of requests at a time.</summary>
public static class NetworkSeeder
{
    private const int Concurrency = 16;

    public static async Task<TimeSpan> SeedAsync(OrchestratorProcess orchestrator, SimulatedNetwork network, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = orchestrator.Api, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", orchestrator.AdminKey);
        var clock = Stopwatch.StartNew();

        foreach (var city in SimulatedNetwork.Cities)
        {
            await PutAsync(http, $"/api/cities/{city.Id}", new { name = city.Name, latitude = city.Latitude, longitude = city.Longitude, country = "EU" }, cancellationToken);
        }

        await PutAsync(http, $"/api/designs/{SimulatedNetwork.Product}/versions/{SimulatedNetwork.Version}", new
        {
            capabilities = new[] { SimulatedNetwork.Capability },
            cycleTimePerPart = TimeSpan.FromMinutes(1),
            changeover = TimeSpan.FromMinutes(10),
            notes = "load test",
        }, cancellationToken);

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(network.Sites, parallel, async (site, token) =>
        {
            var city = SimulatedNetwork.Cities.First(c => c.Id == site.CityId);
            await PutAsync(http, $"/api/sites/{site.Id}", new
            {
                name = site.Id,
                cityId = site.CityId,
                latitude = city.Latitude,
                longitude = city.Longitude,
                cells = site.Cells.Select(cell => new
                {
                    id = cell,
                    capabilities = new[] { SimulatedNetwork.Capability },
                    hoursPerDay = 24.0,
                    throughputFactor = 1.0,
                    backlogLimitHours = 100_000.0,
                    installedDesigns = new[] { SimulatedNetwork.Design },
                }),
            }, token);
        });
        return clock.Elapsed;
    }

    private static async Task PutAsync<T>(HttpClient http, string path, T body, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync(path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}

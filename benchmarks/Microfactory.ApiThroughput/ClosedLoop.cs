using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microfactory.LoadTest;

namespace Microfactory.ApiThroughput;

/// <summary>What a closed-loop window measured: accepted orders and each one's POST-to-201 latency.</summary>
public sealed record WindowResult(int Accepted, TimeSpan Took, Latency Latency, IReadOnlyDictionary<string, int> Errors);

/// <summary>
/// N clients, each with its own connection, each sending its next order as soon as the previous one is answered:
/// the rate is what the orchestrator sustains, and every latency is one a client waited (no coordinated omission).
/// </summary>
public sealed class ClosedLoop(Uri api, string adminKey, int clients)
{
    public async Task<WindowResult> RunAsync(string phase, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var run = phase + "-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var http = new HttpClient(handler) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = await SubmitAsync(http, $"api-{run}-{c}-{i}", c + i, cancellationToken);
                if (outcome is null)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    errors.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
            }
        }, cancellationToken)));
        return new WindowResult(latencies.Count, clock.Elapsed, new Latency(latencies), errors);
    }

    /// <summary>Null for a 201, else what went wrong.</summary>
    private static async Task<string?> SubmitAsync(HttpClient http, string key, int i, CancellationToken cancellationToken)
    {
        try
        {
            using var request = SimulatedNetwork.OrderRequest(key, i);
            using var response = await http.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.Created ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError.ToString();
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
    }
}

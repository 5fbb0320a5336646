using System.Diagnostics;
using Microfactory.Network.Orders;

namespace Microfactory.Placement.Benchmarks;

/// <summary>
/// Submits orders through IOrderGrain.SubmitAsync with concurrent submitters, spread over the nodes in turn; each must
/// end Dispatched. Cities come from the first node, which seeded the network.
/// </summary>
internal sealed class PlacementLoad(IReadOnlyList<PlacementNode> nodes, int orders, int concurrency)
{
    public sealed record Figures(double PlacementsPerSecond, TimeSpan Elapsed, double P50Milliseconds, double P99Milliseconds);

    public async Task<Figures> RunAsync(string runId)
    {
        var latencies = new double[orders];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var submitters = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < orders)
            {
                var started = Stopwatch.GetTimestamp();
                var submitted = await nodes[i % nodes.Count].SubmitAsync($"{runId}-{i}", nodes[0].CityIds[i % nodes[0].CityIds.Count]);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (submitted.Order.Status != OrderStatus.Dispatched)
                {
                    throw new InvalidOperationException($"order {i} ended {submitted.Order.Status}, not Dispatched: {submitted.Order.History[^1].Reason}");
                }
            }
        }));
        await Task.WhenAll(submitters);
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return new Figures(orders / elapsed.TotalSeconds, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

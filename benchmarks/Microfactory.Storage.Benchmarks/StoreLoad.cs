using System.Diagnostics;
using System.Globalization;

namespace Microfactory.Storage.Benchmarks;

/// <summary>
/// The store operations the grain host performs, driven by concurrent workers: creates (If-None-Match: *), grain
/// writes (read, then If-Match write of the same key, as a grain's WriteStateAsync after activation), and reads.
/// </summary>
internal sealed class StoreLoad(IBlobStore store, int operations, int concurrency, int payloadBytes)
{
    private readonly byte[] _payload = Enumerable.Range(0, payloadBytes).Select(i => (byte)i).ToArray();
    private readonly string _prefix = "bench-" + Guid.NewGuid().ToString("N")[..8];

    public sealed record Figures(double CreatesPerSecond, double GrainWritesPerSecond, double ReadsPerSecond);

    public async Task<Figures> RunAsync()
    {
        var creates = await TimeAsync(i => store.PutAsync(Key(i), _payload, WriteCondition.IfNotExists));
        var grainWrites = await TimeAsync(async i =>
        {
            var current = await store.GetAsync(Key(i)) ?? throw new InvalidOperationException($"{Key(i)} vanished");
            await store.PutAsync(Key(i), _payload, WriteCondition.IfMatches(current.ETag));
        });
        var reads = await TimeAsync(i => store.GetAsync(Key(i)));
        return new Figures(creates, grainWrites, reads);
    }

    private string Key(int i) => $"{_prefix}/order/{i.ToString("D6", CultureInfo.InvariantCulture)}";

    private async Task<double> TimeAsync(Func<int, Task> operation)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations)
            {
                await operation(i);
            }
        }));
        await Task.WhenAll(workers);
        return operations / clock.Elapsed.TotalSeconds;
    }
}

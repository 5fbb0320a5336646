using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Microfactory.GrainStorage;

/// <summary>
/// Reads listed states several at a time and hands them on as they arrive: a scan's cost is one read per grain, so
/// it waits on the store <c>parallelism</c> times at once instead of once per grain. What the caller has not taken yet
/// is bounded (a few reads per reader), so a scan of 100,000 states never holds them all.
/// </summary>
internal static class ParallelStateReads
{
    /// <param name="read">Reads one listed name; null when it is not a state (or was cleared since it was listed).</param>
    public static async IAsyncEnumerable<T> ReadAsync<TName, T>(IAsyncEnumerable<TName> names, int parallelism,
        Func<TName, CancellationToken, ValueTask<T?>> read, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : struct
    {
        var found = Channel.CreateBounded<T>(new BoundedChannelOptions(parallelism * 4) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = PumpAsync(names, parallelism, read, found.Writer, stop.Token);
        try
        {
            await foreach (var item in found.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reading.ConfigureAwait(false); // surfaces a failed read or listing
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // the caller stopped reading early
            }
        }
    }

    private static async Task PumpAsync<TName, T>(IAsyncEnumerable<TName> names, int parallelism, Func<TName, CancellationToken, ValueTask<T?>> read,
        ChannelWriter<T> found, CancellationToken cancellationToken)
        where T : struct
    {
        try
        {
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (name, ct) =>
            {
                if (await read(name, ct).ConfigureAwait(false) is { } item)
                {
                    await found.WriteAsync(item, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            found.TryComplete();
        }
        catch (Exception e)
        {
            found.TryComplete(e);
            throw;
        }
    }
}

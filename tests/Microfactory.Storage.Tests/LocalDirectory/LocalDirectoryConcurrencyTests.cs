using System.Globalization;
using System.Text;
using Microfactory.Storage.LocalDirectory;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.LocalDirectory;

/// <summary>
/// Many store instances over one directory: each has its own in-process locks and file handles, so only the OS file
/// lock keeps their check-then-rename steps apart, as it must between two orchestrator processes.
/// </summary>
public sealed class LocalDirectoryConcurrencyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Read_modify_write_increments_from_many_instances_give_an_exact_count()
    {
        const int instances = 8, workersPerInstance = 3, incrementsPerWorker = 40;
        // Without fsync the time between reading a blob and renaming over it is microseconds, so writers of one key
        // really meet inside it; without the OS lock this test loses updates.
        var stores = Enumerable.Range(0, instances)
            .Select(_ => new LocalDirectoryBlobStore(_directory.Path, new LocalDirectoryStoreOptions { DurableWrites = false }))
            .ToArray();
        using var start = new Barrier(instances * workersPerInstance);

        void Increment(IBlobStore store)
        {
            start.SignalAndWait(Await.DefaultTimeout);
            for (var i = 0; i < incrementsPerWorker; i++)
            {
                while (true)
                {
                    var current = store.GetAsync("counter").GetAwaiter().GetResult();
                    var value = current is null ? 0 : int.Parse(Encoding.ASCII.GetString(current.Content.Span), CultureInfo.InvariantCulture);
                    var condition = current is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(current.ETag);
                    try
                    {
                        store.PutAsync("counter", Encoding.ASCII.GetBytes((value + 1).ToString(CultureInfo.InvariantCulture)), condition)
                            .GetAwaiter().GetResult();
                        break;
                    }
                    catch (StoreConflictException)
                    {
                        // lost the round: re-read
                    }
                }
            }
        }

        // Dedicated threads, released together by the barrier, so the writers truly overlap on a 2-core machine.
        var threads = stores.SelectMany(s => Enumerable.Range(0, workersPerInstance).Select(_ =>
            Task.Factory.StartNew(() => Increment(s), TaskCreationOptions.LongRunning))).ToArray();
        await Task.WhenAll(threads).Within("all increments", TimeSpan.FromSeconds(120));

        var final = await stores[0].GetAsync("counter").Within("final read");
        Assert.Equal(instances * workersPerInstance * incrementsPerWorker,
            int.Parse(Encoding.ASCII.GetString(final!.Content.Span), CultureInfo.InvariantCulture));
    }

    public void Dispose() => _directory.Dispose();
}

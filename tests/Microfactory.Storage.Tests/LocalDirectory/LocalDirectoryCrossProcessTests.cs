using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microfactory.Storage.LocalDirectory;
using Microfactory.Testing;

namespace Microfactory.Storage.Tests.LocalDirectory;

/// <summary>Two orchestrator processes may share a store directory: conditional writes from separate processes lose nothing.</summary>
public sealed class LocalDirectoryCrossProcessTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Increments_from_three_processes_and_this_one_give_an_exact_count()
    {
        const int processes = 3, workersPerProcess = 4, incrementsPerWorker = 40;
        var worker = WorkerPath();
        var children = Enumerable.Range(0, processes).Select(_ => Process.Start(new ProcessStartInfo("dotnet",
            [worker, _directory.Path, "counter", incrementsPerWorker.ToString(CultureInfo.InvariantCulture), workersPerProcess.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
        })!).ToList();

        var store = new LocalDirectoryBlobStore(_directory.Path, new LocalDirectoryStoreOptions { DurableWrites = false });
        var local = Enumerable.Range(0, workersPerProcess).Select(_ => Task.Run(() => IncrementAsync(store, incrementsPerWorker)));
        await Task.WhenAll(local).Within("this process's increments", TimeSpan.FromSeconds(120));
        foreach (var child in children)
        {
            using (child)
            {
                var errors = child.StandardError.ReadToEndAsync();
                await child.WaitForExitAsync().Within($"increment worker process {child.Id}", TimeSpan.FromSeconds(120));
                Assert.True(child.ExitCode == 0, $"worker process {child.Id} exited with {child.ExitCode}: {await errors}");
            }
        }

        var final = await store.GetAsync("counter").Within("final read");
        Assert.Equal((processes + 1) * workersPerProcess * incrementsPerWorker,
            int.Parse(Encoding.ASCII.GetString(final!.Content.Span), CultureInfo.InvariantCulture));
    }

    public void Dispose() => _directory.Dispose();

    private static async Task IncrementAsync(IBlobStore store, int increments)
    {
        for (var i = 0; i < increments; i++)
        {
            while (true)
            {
                var current = await store.GetAsync("counter");
                var value = current is null ? 0 : int.Parse(Encoding.ASCII.GetString(current.Content.Span), CultureInfo.InvariantCulture);
                try
                {
                    await store.PutAsync("counter", Encoding.ASCII.GetBytes((value + 1).ToString(CultureInfo.InvariantCulture)),
                        current is null ? WriteCondition.IfNotExists : WriteCondition.IfMatches(current.ETag));
                    break;
                }
                catch (StoreConflictException)
                {
                    // lost the round to another writer: re-read
                }
            }
        }
    }

    // bin/<Configuration>/<tfm>/ of this assembly, mirrored under IncrementWorker/.
    private static string WorkerPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var project = output.Parent.Parent!.Parent!.FullName;
        var path = Path.Combine(project, "IncrementWorker", "bin", configuration, tfm, "IncrementWorker.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"IncrementWorker is not built at {path}.", path);
    }
}

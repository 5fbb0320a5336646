using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Microfactory.Storage.AzureBlob.Tests;

namespace Microfactory.Placement.Benchmarks.Rebuild;

/// <summary>
/// The start-up rebuild of a node's read models at scale: realistic states (see <see cref="NetworkStates"/>) are written
/// through the file provider and through Orleans' Azure Blob provider on a real Azurite, then a fresh process rebuilds
/// its directory from them (<see cref="RebuildMeasurement"/>), as a restarting node does.
/// </summary>
internal static class RebuildBenchmark
{
    public const string ChildMode = "rebuild-measure";

    // The store's location reaches the child in its environment, not its command line (which every user can list).
    private const string LocationVariable = "MF_REBUILD_STORE";

    public static string ChildLocation() =>
        Environment.GetEnvironmentVariable(LocationVariable) ?? throw new InvalidOperationException($"{LocationVariable} is not set.");

    public static async Task RunAsync(int orders, int sites, IReadOnlyList<string> kinds)
    {
        if (kinds.FirstOrDefault(k => k is not (StateLocation.File or StateLocation.AzureBlob)) is { } unknown)
        {
            throw new ArgumentException($"Unknown provider '{unknown}': use {StateLocation.File}, {StateLocation.AzureBlob} or both, comma-separated.");
        }

        Console.WriteLine($"Read-model rebuild: {orders:N0} orders, {sites:N0} sites, {NetworkStates.Cities} cities, {Environment.ProcessorCount} cores, load avg {LoadAverage.OneMinute()}");
        var states = await NetworkStates.PlaceAsync(sites);
        var blobs = NetworkStates.Cities + sites + orders;
        Console.WriteLine($"{"grain state",-32} {"write s",8} {"rebuild s",10} {"blobs/s",8} {"CPU s",7} {"peak heap MB",13} {"kept MB",8} " +
            $"{"alloc MB",9} {"RSS MB",7} {"peak RSS MB",12} {"store CPU s",12} {"load avg",9}");
        foreach (var kind in kinds)
        {
            var directory = Path.Combine(Path.GetTempPath(), "mf-rebuild-" + Guid.NewGuid().ToString("N")[..8]);
            await using var azurite = kind == StateLocation.AzureBlob ? await AzuriteProcess.StartAsync(inMemory: true, memoryLimitMegabytes: 8192) : null;
            var location = azurite is null ? new StateLocation(StateLocation.File, directory) : new StateLocation(StateLocation.AzureBlob, azurite.ConnectionString);
            try
            {
                var writing = Stopwatch.StartNew();
                await using (var silo = await StateSilo.StartAsync(location))
                {
                    await states.WriteAsync(silo.Storage, orders);
                }

                var written = writing.Elapsed;
                var storeCpuBefore = azurite?.ProcessorTime ?? TimeSpan.Zero;
                var figures = await MeasureInChildAsync(location);
                var storeCpu = azurite is null ? "-" : (azurite.ProcessorTime - storeCpuBefore).TotalSeconds.ToString("N1", CultureInfo.InvariantCulture);
                if (figures.Orders != orders || figures.Sites != sites)
                {
                    throw new InvalidOperationException($"The rebuilt directory holds {figures.Orders} orders and {figures.Sites} sites, not {orders} and {sites}.");
                }

                Console.WriteLine($"{location.Describe,-32} {written.TotalSeconds,8:N1} {figures.WallSeconds,10:N2} {blobs / figures.WallSeconds,8:N0} " +
                    $"{figures.CpuSeconds,7:N2} {figures.PeakManagedMegabytes,13:N0} {figures.RetainedManagedMegabytes,8:N0} {figures.AllocatedMegabytes,9:N0} " +
                    $"{figures.RssBeforeMegabytes,7:N0} {figures.PeakRssMegabytes,12:N0} {storeCpu,12} {LoadAverage.OneMinute(),9}");
            }
            finally
            {
                if (System.IO.Directory.Exists(directory))
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }
            }
        }

        Console.WriteLine("write s: filling the store through the provider (64 at a time, not timed as part of the rebuild).");
        Console.WriteLine("rebuild s: DirectoryLoader.LoadAsync in a fresh process (cities, sites, orders, rollouts); blobs/s: states read per second.");
        Console.WriteLine("CPU s: the rebuilding process; store CPU s: Azurite's during the rebuild. peak heap: sampled every 20 ms; kept: after a full GC;");
        Console.WriteLine("alloc: bytes allocated by the rebuild; RSS: before the rebuild; peak RSS: VmHWM during it.");
    }

    /// <summary>Runs the rebuild in a fresh process of this benchmark, so memory figures are the rebuild's alone.</summary>
    private static async Task<RebuildMeasurement.Figures> MeasureInChildAsync(StateLocation location)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(RebuildBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add(ChildMode);
        start.ArgumentList.Add(location.Kind);
        start.Environment[LocationVariable] = location.Where;

        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the rebuild process.");
        RebuildMeasurement.Figures? figures = null;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            figures ??= RebuildMeasurement.Figures.Parse(line);
            if (figures is null)
            {
                Console.WriteLine("  " + line);
            }
        }

        await child.WaitForExitAsync();
        return child.ExitCode == 0 && figures is not null
            ? figures
            : throw new InvalidOperationException($"The rebuild process exited with {child.ExitCode} and no figures.");
    }
}

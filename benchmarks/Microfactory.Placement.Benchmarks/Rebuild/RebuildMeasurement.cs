using System.Diagnostics;
using System.Globalization;
using Microfactory.Network.Directory;

namespace Microfactory.Placement.Benchmarks.Rebuild;

/// <summary>
/// One start-up rebuild in a fresh process, as a node restarting: a silo over the stored states, then
/// DirectoryLoader.LoadAsync (the scanner feeding the read models) timed alone, with the process's CPU time, its
/// peak managed heap (sampled) and peak RSS (VmHWM) over the run.
/// </summary>
internal static class RebuildMeasurement
{
    public const string Marker = "REBUILD";

    public sealed record Figures(double WallSeconds, double CpuSeconds, double PeakManagedMegabytes, double RetainedManagedMegabytes,
        double AllocatedMegabytes, double RssBeforeMegabytes, double PeakRssMegabytes, int Orders, int Sites)
    {
        public string ToLine() => string.Join(' ', new object[] { Marker, WallSeconds, CpuSeconds, PeakManagedMegabytes, RetainedManagedMegabytes,
            AllocatedMegabytes, RssBeforeMegabytes, PeakRssMegabytes, Orders, Sites }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

        public static Figures? Parse(string line)
        {
            var parts = line.Split(' ');
            if (parts.Length != 10 || parts[0] != Marker)
            {
                return null;
            }

            double D(int i) => double.Parse(parts[i], CultureInfo.InvariantCulture);
            return new Figures(D(1), D(2), D(3), D(4), D(5), D(6), D(7), int.Parse(parts[8], CultureInfo.InvariantCulture), int.Parse(parts[9], CultureInfo.InvariantCulture));
        }
    }

    public static async Task<Figures> RunAsync(StateLocation location)
    {
        await using var silo = await StateSilo.StartAsync(location);
        var loader = silo.Get<DirectoryLoader>();
        var directory = silo.Get<NetworkDirectory>();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rssBefore = ProcStatus("VmRSS");
        ResetPeakRss();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peakManaged = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            do
            {
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
            }
            while (await tick.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false));
        });
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await loader.LoadAsync(CancellationToken.None);
        var wall = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await sampling.CancelAsync();
        await sampler.ContinueWith(_ => { }, TaskScheduler.Default);
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        const double MB = 1024 * 1024;
        return new Figures(wall.TotalSeconds, cpu.TotalSeconds, peakManaged / MB, retained / MB, allocated / MB, rssBefore / 1024.0,
            ProcStatus("VmHWM") / 1024.0, directory.Orders.Count, directory.Sites.Count);
    }

    /// <summary>A field of /proc/self/status in KiB (Linux), 0 elsewhere.</summary>
    private static long ProcStatus(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return 0;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Resets VmHWM to the current RSS (Linux "clear_refs" 5), so the peak is the rebuild's, not the silo start's.</summary>
    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the peak then includes start-up
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Microfactory.Network.Routing;

namespace Microfactory.Benchmarks.Routing;

/// <summary>
/// A second view of the same workload as <see cref="RoutingBenchmarks.Place"/>, for shared build machines: besides
/// wall-clock placements/s it prints placements per CPU-second of this process, which stays meaningful when other
/// jobs take most of the cores (BenchmarkDotNet's wall-clock figures then mostly measure the neighbours).
/// </summary>
public static class CpuTimeProbe
{
    private const int Placements = 40_000;

    public static void Run(TextWriter output)
    {
        output.WriteLine($"CPUPROBE load average at start: {LoadAverage()}");
        foreach (var sites in new[] { 100, 1000 })
        {
            using var index = SyntheticNetwork.Build(sites, cellsPerSite: 4, seed: 42, out var cities);
            var orders = SyntheticNetwork.Orders(4096, cities, seed: 7);
            PlaceRange(index, orders, 0, 4096);
            foreach (var threads in new[] { 1, 2 })
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var perThread = Placements / threads;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                    PlaceRange(index, orders, t * perThread, perThread));
                clock.Stop();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"CPUPROBE Place sites={sites} cells={sites * 4} threads={threads}: {Placements / clock.Elapsed.TotalSeconds:N0} placements/s wall, {Placements / cpu.TotalSeconds:N0} placements per CPU-second"));
            }
        }

        output.WriteLine($"CPUPROBE load average at end: {LoadAverage()}");
    }

    private static void PlaceRange(RoutingIndex index, RoutingRequest[] orders, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            var decision = index.Place(orders[i % orders.Length]);
            if (decision.Chosen is { } chosen)
            {
                index.Release(chosen.CellId, chosen.Components.LoadHours);
            }
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

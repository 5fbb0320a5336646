using System.Diagnostics;
using System.Globalization;
using Microfactory.Network.Planning;
using Microfactory.Network.Tests.Planning;

namespace Microfactory.Planning.Benchmarks;

/// <summary>Times the planner on a generated network (one warm-up, then timed runs) and prints what the plan achieves.</summary>
internal static class PlanTiming
{
    public static readonly RebalanceRequest Request = new(0.3, 0.9, 300, MayRiskDueDates: false);

    public static void Run(int sites, int cities, int orders, int runs)
    {
        var snapshot = NetworkGenerator.Generate(new GeneratorSettings(sites, cities, orders, Seed: 42) { SurgeCities = Math.Max(1, cities / 10) });
        RebalancePlanner.Plan(snapshot, Request);
        var times = new List<double>();
        var cpu = new List<double>();
        RebalancePlan? plan = null;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            plan = RebalancePlanner.Plan(snapshot, Request);
            times.Add(watch.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }

        times.Sort();
        cpu.Sort();
        var t = plan!.Totals;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            {sites} sites / {cities} cities / {orders} queued orders (band [{Request.BandLow}, {Request.BandHigh}], {Request.MaxTransferKm} km, due dates protected)
              plan time      wall median {times[times.Count / 2]:0} ms (min {times[0]:0}, max {times[^1]:0}); CPU median {cpu[cpu.Count / 2]:0} ms (min {cpu[0]:0}); load average {LoadAverage()}
              plan cost      {t.CostBefore:0.0} -> {t.CostAfter:0.0}
              moves          {t.OrdersMoved}, unmoved on overloaded/drained sites {plan.Unmoved.Count}
              utilisation    spread {t.UtilisationSpreadBefore:0.000} -> {t.UtilisationSpreadAfter:0.000}, std dev {t.UtilisationStdDevBefore:0.000} -> {t.UtilisationStdDevAfter:0.000}
              late orders    {t.LateOrdersBefore} -> {t.LateOrdersAfter}
              km added       {t.KilometresAdded:0}
            """));
    }

    /// <summary>Other work on the machine inflates wall time; the 1-minute load average says how much.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}

using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Microfactory.Benchmarks;

/// <summary>Prints one plain line per benchmark case after the tables, so the figures are easy to quote and grep.</summary>
public static class ThroughputReport
{
    public static void Print(IEnumerable<Summary> summaries, TextWriter output)
    {
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var perSecond = OrdersPerSecondColumn.PerSecond(report);
                var figure = perSecond?.ToString("N0", CultureInfo.InvariantCulture) ?? "no result";
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"THROUGHPUT {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} [{report.BenchmarkCase.Parameters.DisplayInfo}]: {figure} orders/s"));
            }
        }
    }
}

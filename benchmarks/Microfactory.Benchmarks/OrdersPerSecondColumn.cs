using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Microfactory.Benchmarks;

/// <summary>Turns BenchmarkDotNet's mean time per operation into the figure the targets are stated in.</summary>
public sealed class OrdersPerSecondColumn : IColumn
{
    public string Id => nameof(OrdersPerSecondColumn);

    public string ColumnName => "Orders/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Orders handled per second (1 s / Mean): routed only, or placed (routed + reserved)";

    public static double? PerSecond(BenchmarkReport? report) =>
        report?.ResultStatistics?.Mean is > 0 and var nanoseconds ? 1e9 / nanoseconds : null;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        PerSecond(summary[benchmarkCase])?.ToString("N0", CultureInfo.InvariantCulture) ?? "NA";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}

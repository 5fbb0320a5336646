using System.Diagnostics;
using System.Globalization;

namespace Microfactory.LoadTest;

/// <summary>Percentiles (nearest rank) of a set of latencies in milliseconds.</summary>
public sealed class Latency
{
    private readonly double[] _sorted;

    public Latency(IEnumerable<double> milliseconds)
    {
        _sorted = milliseconds.ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double Percentile(double p) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(50):F1} ms  p90 {Percentile(90):F1} ms  p99 {Percentile(99):F1} ms  max {Max:F1} ms  (n={Count})");

    public static double Milliseconds(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;
}

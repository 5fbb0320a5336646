using System.Globalization;

namespace Microfactory.Placement.Benchmarks;

/// <summary>The machine's one-minute load average (Linux), so figures from a shared machine can be judged.</summary>
internal static class LoadAverage
{
    public static string OneMinute() =>
        File.Exists("/proc/loadavg")
            ? File.ReadAllText("/proc/loadavg").Split(' ')[0]
            : double.NaN.ToString(CultureInfo.InvariantCulture);
}

using System.Text.RegularExpressions;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests.Metrics;

public sealed record Instrument(string Kind, string Name, string? Unit, string File)
{
    /// <summary>
    /// The series names the collector's Prometheus exporter gives this instrument: dots (and anything else outside
    /// [a-zA-Z0-9_:]) become underscores, the unit is appended in words, monotonic counters end in _total, and a
    /// histogram is its _bucket, _sum and _count series.
    /// </summary>
    public IReadOnlyList<string> PrometheusSeries()
    {
        var name = Regex.Replace(Name, "[^a-zA-Z0-9_:]", "_");
        if (PrometheusUnit(Unit) is { } unit && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return Kind switch
        {
            "Counter" or "ObservableCounter" => [name + "_total"],
            "Histogram" => [name + "_bucket", name + "_sum", name + "_count"],
            _ => [name],
        };
    }

    private static string? PrometheusUnit(string? unit) => unit switch
    {
        null or "" or "1" => null,
        _ when unit.StartsWith('{') => null, // annotations such as {order} carry no unit
        "ms" => "milliseconds",
        "s" => "seconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "min" => "minutes",
        "h" => "hours",
        "d" => "days",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "%" => "percent",
        _ => Regex.Replace(unit, "[^a-zA-Z0-9_:]", "_"),
    };
}

/// <summary>
/// The metric instruments the orchestrator and agent export: those the source code creates, found by scanning src/
/// for Meter.Create* calls, and the Orleans instruments the dashboards use (the orchestrator exports the
/// "Microsoft.Orleans" meter; names, kinds and units as Orleans 10.4.2 creates them).
/// </summary>
public static partial class SourceInstruments
{
    public static IReadOnlyList<Instrument> Library { get; } =
    [
        new("ObservableGauge", "orleans-catalog-activations", null, "Microsoft.Orleans (CatalogInstruments)"),
        new("Histogram", "orleans-storage-read-latency", "ms", "Microsoft.Orleans (StorageInstruments)"),
        new("Histogram", "orleans-storage-write-latency", "ms", "Microsoft.Orleans (StorageInstruments)"),
        new("Counter", "orleans-storage-write-errors", null, "Microsoft.Orleans (StorageInstruments)"),
    ];

    public static IReadOnlyList<Instrument> All { get; } = [.. Scan(), .. Library];

    private static List<Instrument> Scan()
    {
        var found = new List<Instrument>();
        foreach (var file in Repo.Files(Repo.Src, ".cs").Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            foreach (Match call in CreateCall().Matches(File.ReadAllText(file)))
            {
                var arguments = call.Groups["args"].Value;
                var unit = NamedUnit().Match(arguments) is { Success: true } named ? named.Groups[1].Value
                    : PositionalUnit().Match(arguments) is { Success: true } positional ? positional.Groups[1].Value
                    : null;
                found.Add(new Instrument(call.Groups["kind"].Value, call.Groups["name"].Value, unit, Repo.Relative(file)));
            }
        }

        return found;
    }

    [GeneratedRegex("""\.Create(?<kind>Counter|Histogram|UpDownCounter|Gauge|ObservableCounter|ObservableGauge|ObservableUpDownCounter)\s*<[^>]+>\s*\(\s*"(?<name>[^"]+)"(?<args>[^;]*)""")]
    private static partial Regex CreateCall();

    [GeneratedRegex("""\bunit\s*:\s*"([^"]*)"\s*""")]
    private static partial Regex NamedUnit();

    // The unit is the second positional argument: a string literal straight after the name.
    [GeneratedRegex("""^\s*,\s*"([^"]*)"\s*""")]
    private static partial Regex PositionalUnit();
}

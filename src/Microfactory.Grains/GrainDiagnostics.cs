using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microfactory.Grains;

/// <summary>The grain host's tracing and metrics, named so exporters only have to subscribe to them.</summary>
public static class GrainDiagnostics
{
    public const string Name = "Microfactory.Grains";

    public static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Activations = Meter.CreateCounter<long>("mf.grains.activations", description: "Grain activations created");

    internal static readonly Counter<long> Deactivations = Meter.CreateCounter<long>("mf.grains.deactivations", description: "Grain activations removed (idle or conflict)");

    internal static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("mf.grains.state_conflicts", description: "State writes that lost an ETag race");

    internal static readonly Histogram<double> StoreLatency = Meter.CreateHistogram<double>("mf.grains.store_latency", unit: "ms", description: "Grain state read and write latency");
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microfactory.Network.Routing;

namespace Microfactory.Network;

/// <summary>The network's traces and metrics for orders and sites (routing has its own: <see cref="RoutingTelemetry"/>).</summary>
public static class NetworkDiagnostics
{
    public const string RoutingName = RoutingTelemetry.Name;

    public const string NetworkName = "Microfactory.Network";

    public static readonly ActivitySource Network = new(NetworkName);

    internal static readonly Meter NetworkMeter = new(NetworkName);

    internal static readonly Histogram<double> DispatchLatency = NetworkMeter.CreateHistogram<double>(
        "mf.dispatch.duration", "ms", "From an order accepted by the API to its job accepted by the site's agent");

    internal static readonly Counter<long> OrdersSubmitted = NetworkMeter.CreateCounter<long>("mf.orders.submitted", description: "Orders accepted");

    internal static readonly Counter<long> OrdersRouted = NetworkMeter.CreateCounter<long>("mf.orders.routed", description: "Orders placed on a cell");

    internal static readonly Counter<long> OrdersUnroutable = NetworkMeter.CreateCounter<long>("mf.orders.unroutable", description: "Routing attempts that found no cell");

    internal static readonly Counter<long> OrdersCompleted = NetworkMeter.CreateCounter<long>("mf.orders.completed", description: "Orders completed");

    internal static readonly Counter<long> OrdersFailed = NetworkMeter.CreateCounter<long>("mf.orders.failed", description: "Orders that failed for good");
}

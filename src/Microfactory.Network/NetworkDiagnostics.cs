using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microfactory.Network;

/// <summary>The domain's traces and metrics: one source and meter for routing, one for the network's orders and sites.</summary>
public static class NetworkDiagnostics
{
    public const string RoutingName = "Microfactory.Routing";

    public const string NetworkName = "Microfactory.Network";

    public static readonly ActivitySource Routing = new(RoutingName);

    public static readonly ActivitySource Network = new(NetworkName);

    internal static readonly Meter RoutingMeter = new(RoutingName);

    internal static readonly Meter NetworkMeter = new(NetworkName);

    internal static readonly Histogram<double> RoutingLatency = RoutingMeter.CreateHistogram<double>("mf.routing.duration", "ms", "Time to route one order");

    internal static readonly Histogram<double> DispatchLatency = NetworkMeter.CreateHistogram<double>(
        "mf.dispatch.duration", "ms", "From an order accepted by the API to its job accepted by the site's agent");

    internal static readonly Counter<long> OrdersSubmitted = NetworkMeter.CreateCounter<long>("mf.orders.submitted", description: "Orders accepted");

    internal static readonly Counter<long> OrdersRouted = NetworkMeter.CreateCounter<long>("mf.orders.routed", description: "Orders placed on a cell");

    internal static readonly Counter<long> OrdersUnroutable = NetworkMeter.CreateCounter<long>("mf.orders.unroutable", description: "Routing attempts that found no cell");

    internal static readonly Counter<long> OrdersCompleted = NetworkMeter.CreateCounter<long>("mf.orders.completed", description: "Orders completed");

    internal static readonly Counter<long> OrdersFailed = NetworkMeter.CreateCounter<long>("mf.orders.failed", description: "Orders that failed for good");
}

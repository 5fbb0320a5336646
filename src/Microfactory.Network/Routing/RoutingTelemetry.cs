using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microfactory.Network.Routing;

/// <summary>
/// The routing component's activity source and meter (DESIGN.md: one of each per component). A placement is a
/// span carrying the decision as <c>mf.</c> attributes, so an order's trace shows where it went and why.
/// Costs one null check per route when nobody listens.
/// </summary>
public static class RoutingTelemetry
{
    public const string Name = "Microfactory.Routing";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
        "mf.routing.decisions", unit: "{decision}", description: "Orders routed or placed, by outcome (routed, unroutable).");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("mf.routing.duration", "ms", "Time to route one order");

    internal static void RecordDuration(TimeSpan elapsed) => Duration.Record(elapsed.TotalMilliseconds);

    internal static Activity? Start(string operation, RoutingRequest request)
    {
        var activity = Source.StartActivity(operation);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("mf.order.id", request.OrderId);
            activity.SetTag("mf.design.version", request.Design);
            activity.SetTag("mf.city.id", request.Delivery.CityId);
        }

        return activity;
    }

    internal static void Record(Activity? activity, RoutingDecision decision)
    {
        if (Decisions.Enabled)
        {
            Decisions.Add(1, new KeyValuePair<string, object?>("outcome", decision.IsRouted ? "routed" : "unroutable"));
        }

        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("mf.routing.candidates", decision.CandidateCount);
        activity.SetTag("mf.routing.cells", decision.CellsEvaluated);
        if (decision.Chosen is { } chosen)
        {
            activity.SetTag("mf.site.id", chosen.SiteId);
            activity.SetTag("mf.cell.id", chosen.CellId);
            activity.SetTag("mf.routing.score", chosen.Score);
            activity.SetTag("mf.routing.distance_km", chosen.Components.DistanceKm);
            activity.SetTag("mf.routing.expected_finish", chosen.Components.ExpectedFinish.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            activity.SetTag("mf.routing.unroutable_reason", decision.UnroutableReason);
            activity.SetStatus(ActivityStatusCode.Error, decision.UnroutableReason);
        }
    }
}

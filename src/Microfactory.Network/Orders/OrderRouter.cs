using System.Diagnostics;
using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;
using Microsoft.Extensions.Options;

namespace Microfactory.Network.Orders;

/// <summary>Turns an order into a routing request, places it on this node's routing index, and traces the decision.</summary>
public sealed class OrderRouter(NetworkDirectory directory, IOptions<NetworkOptions> options, TimeProvider time)
{
    public RoutingDecision Place(string orderId, OrderSpec spec, DesignVersion design, IReadOnlyCollection<string> avoidSites)
    {
        using var activity = NetworkDiagnostics.Routing.StartActivity("route order");
        activity?.SetTag("mf.order.id", orderId);
        activity?.SetTag("mf.design.version", spec.Design);
        var started = time.GetTimestamp();
        if (!directory.Cities.TryGet(spec.DeliveryCityId, out var city))
        {
            throw new DomainValidationException("deliveryCityId", $"City '{spec.DeliveryCityId}' is not defined.");
        }

        var request = new RoutingRequest(
            orderId,
            design.Capabilities.ToArray(),
            spec.Design,
            options.Value.AllowDesignInstall,
            design.Changeover.TotalHours,
            design.WorkHours(spec.Quantity),
            spec.DueAt,
            time.GetUtcNow(),
            new DeliveryLocation(city.Id, city.Location),
            spec.Priority,
            avoidSites.Count == 0 ? null : avoidSites.ToArray());
        var decision = directory.Routing.Place(request);
        NetworkDiagnostics.RoutingLatency.Record(time.GetElapsedTime(started).TotalMilliseconds);
        activity?.SetTag("mf.routing.candidates", decision.CandidateCount);
        if (decision.Chosen is { } chosen)
        {
            activity?.SetTag("mf.site.id", chosen.SiteId);
            activity?.SetTag("mf.cell.id", chosen.CellId);
            activity?.SetTag("mf.routing.score", chosen.Score);
            activity?.SetTag("mf.routing.distance_km", chosen.Components.DistanceKm);
        }
        else
        {
            activity?.SetTag("mf.routing.unroutable_reason", decision.UnroutableReason);
            activity?.SetStatus(ActivityStatusCode.Ok, "unroutable");
        }

        return decision;
    }
}

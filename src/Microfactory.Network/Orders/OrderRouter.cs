using Microfactory.Network.Designs;
using Microfactory.Network.Directory;
using Microfactory.Network.Routing;
using Microsoft.Extensions.Options;

namespace Microfactory.Network.Orders;

/// <summary>
/// Turns an order into a routing request and places it on this node's routing index, which traces the decision
/// (<see cref="RoutingTelemetry"/>: one span with the candidates and the chosen score).
/// </summary>
public sealed class OrderRouter(NetworkDirectory directory, IOptions<NetworkOptions> options, TimeProvider time)
{
    public RoutingDecision Place(string orderId, OrderSpec spec, DesignVersion design, IReadOnlyCollection<string> avoidSites)
    {
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
            avoidSites.Count == 0 ? null : avoidSites.ToArray())
        {
            SetupKey = DesignParameterRules.SetupKey(design, spec.Parameters),
        };
        var decision = directory.Routing.Place(request);
        RoutingTelemetry.RecordDuration(time.GetElapsedTime(started));
        return decision;
    }
}

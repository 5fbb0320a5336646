using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;

namespace Microfactory.Network.Kpis;

/// <summary>
/// The sustainability KPIs as OpenTelemetry counters, added once per order when it completes (on the silo that holds
/// it): sums over a window of these are what GET /api/kpis reports for the same window.
/// </summary>
public static class KpiMetrics
{
    internal static readonly Counter<double> DeliveryDistance = NetworkDiagnostics.NetworkMeter.CreateCounter<double>(
        "mf.kpi.delivery.distance", "km", "Great-circle km from the making site to the delivery city, per completed order");

    internal static readonly Counter<double> ReferenceDistance = NetworkDiagnostics.NetworkMeter.CreateCounter<double>(
        "mf.kpi.reference.distance", "km", "Km the reference (central) site would have needed for the same completed orders");

    internal static readonly Counter<double> TransportCo2 = NetworkDiagnostics.NetworkMeter.CreateCounter<double>(
        "mf.kpi.transport.co2", "g", "Estimated transport CO2e of completed orders (km x grams per km of the delivery mode)");

    internal static readonly Counter<double> Energy = NetworkDiagnostics.NetworkMeter.CreateCounter<double>(
        "mf.kpi.energy", "kWh", "Machine energy of completed orders: the machine's reading, else the design's kWh per part");

    internal static readonly Counter<long> Parts = NetworkDiagnostics.NetworkMeter.CreateCounter<long>(
        "mf.kpi.parts", "{part}", "Parts made by completed orders, by outcome (good or scrap)");

    internal static readonly Counter<long> Deliveries = NetworkDiagnostics.NetworkMeter.CreateCounter<long>(
        "mf.kpi.orders.delivered", "{order}", "Completed orders, by whether they finished by their due date");

    internal static void Completed(string orderId, OrderGrainState state, NetworkDirectory directory, KpiOptions options)
    {
        if (KpiCalculator.For(directory, options).ForOrder(OrderPublisher.ToSummary(orderId, state, directory)) is not { } kpi)
        {
            return;
        }

        var tags = new TagList
        {
            { "mf.site.id", kpi.SiteId },
            { "mf.city.id", kpi.SiteCityId ?? "" },
            { "mf.delivery.city.id", kpi.DeliveryCityId },
            { "mf.delivery.mode", kpi.DeliveryMode },
        };
        DeliveryDistance.Add(kpi.DistanceKm, tags);
        TransportCo2.Add(kpi.Co2Grams, tags);
        if (kpi.ReferenceDistanceKm is { } reference)
        {
            ReferenceDistance.Add(reference, tags);
        }

        if (kpi.EnergyKwh is { } energy)
        {
            Energy.Add(energy, tags);
        }

        var good = tags;
        good.Add("mf.part.outcome", "good");
        Parts.Add(kpi.Good, good);
        var scrap = tags;
        scrap.Add("mf.part.outcome", "scrap");
        Parts.Add(kpi.Scrap, scrap);
        var delivered = tags;
        delivered.Add("mf.order.on_time", kpi.OnTime);
        Deliveries.Add(1, delivered);
    }
}

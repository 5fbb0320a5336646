using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Kpis;

/// <summary>
/// The KPIs of completed orders, computed from their published summaries (the per-silo read model) and the network's
/// places: no grain is activated. Distances are great-circle km, as routing measures them.
/// </summary>
public sealed class KpiCalculator(Func<string, GeoPoint?> siteLocation, Func<string, GeoPoint?> cityLocation, KpiOptions options)
{
    public static KpiCalculator For(NetworkDirectory directory, KpiOptions options) => new(
        id => directory.Sites.TryGet(id, out var site) ? site.Location : null,
        id => directory.Cities.TryGet(id, out var city) ? city.Location : null,
        options);

    /// <summary>The order's figures, or null when it did not complete or its site or city is unknown here.</summary>
    public OrderKpi? ForOrder(OrderSummary order)
    {
        if (order.Status != OrderStatus.Completed || order.SiteId is not { } siteId
            || siteLocation(siteId) is not { } from || cityLocation(order.DeliveryCityId) is not { } to)
        {
            return null;
        }

        var km = from.DistanceKmTo(to);
        double? referenceKm = options.ReferenceSiteId is { } reference && siteLocation(reference) is { } central ? central.DistanceKmTo(to) : null;
        // Orders completed before completion times were recorded: their last update is when they completed.
        var completedAt = order.CompletedAt ?? order.UpdatedAt;
        return new OrderKpi(order.Id, siteId, order.SiteCityId, order.DeliveryCityId, Mode(order), km, km * GramsPerKm(Mode(order)),
            order.EnergyKwh, order.Good, order.Scrap, completedAt <= order.DueAt, completedAt, referenceKm);
    }

    /// <summary>KPIs of the orders completed in [from, to), optionally only those delivered to <paramref name="city"/>.</summary>
    public KpiReport Report(IEnumerable<OrderSummary> orders, DateTimeOffset from, DateTimeOffset to, string? city = null)
    {
        var kpis = orders.Select(ForOrder).OfType<OrderKpi>()
            .Where(k => k.CompletedAt >= from && k.CompletedAt < to && (city is null || k.DeliveryCityId == city))
            .ToList();
        var sites = kpis.GroupBy(k => k.SiteId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SiteKpis(g.Key, g.First().SiteCityId, Totals(g.ToList()))).ToList();
        var cities = kpis.GroupBy(k => k.DeliveryCityId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CityKpis(g.Key, Totals(g.ToList()))).ToList();
        return new KpiReport(from, to, city, options.ReferenceSiteId, Totals(kpis), sites, cities);
    }

    /// <summary>Grams CO2e per km for a delivery mode; a mode no longer configured counts as the default mode.</summary>
    public double GramsPerKm(string mode) =>
        options.Co2GramsPerKm.TryGetValue(mode, out var grams) ? grams : options.Co2GramsPerKm.GetValueOrDefault(options.DefaultDeliveryMode);

    private string Mode(OrderSummary order) => string.IsNullOrEmpty(order.DeliveryMode) ? options.DefaultDeliveryMode : order.DeliveryMode;

    public KpiTotals Totals(IReadOnlyList<OrderKpi> kpis)
    {
        var good = kpis.Sum(k => k.Good);
        var scrap = kpis.Sum(k => k.Scrap);
        var km = kpis.Sum(k => k.DistanceKm);
        var co2 = kpis.Sum(k => k.Co2Grams);
        var withEnergy = kpis.Where(k => k.EnergyKwh is not null).ToList();
        var energy = withEnergy.Sum(k => k.EnergyKwh!.Value);
        var goodWithEnergy = withEnergy.Sum(k => k.Good);
        var hasReference = kpis.Count > 0 && kpis.All(k => k.ReferenceDistanceKm is not null);
        double? referenceKm = hasReference ? kpis.Sum(k => k.ReferenceDistanceKm!.Value) : null;
        double? referenceCo2 = hasReference ? kpis.Sum(k => k.ReferenceDistanceKm!.Value * GramsPerKm(k.DeliveryMode)) : null;
        return new KpiTotals(
            kpis.Count,
            good,
            scrap,
            km,
            co2,
            energy,
            withEnergy.Count,
            good + scrap > 0 ? (double)scrap / (good + scrap) : null,
            kpis.Count > 0 ? (double)kpis.Count(k => k.OnTime) / kpis.Count : null,
            good > 0 ? km / good : null,
            good > 0 ? co2 / good : null,
            goodWithEnergy > 0 ? energy / goodWithEnergy : null,
            referenceKm,
            referenceKm - km,
            referenceCo2);
    }
}

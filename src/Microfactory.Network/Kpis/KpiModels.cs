namespace Microfactory.Network.Kpis;

/// <summary>One completed order's sustainability figures.</summary>
/// <param name="DistanceKm">Great-circle km from the site that made it to its delivery city.</param>
/// <param name="Co2Grams">Estimated transport CO2e: <see cref="DistanceKm"/> × the delivery mode's grams per km.</param>
/// <param name="EnergyKwh">The machine's reading, else the design's kWh per part × parts made; null when neither is known.</param>
/// <param name="ReferenceDistanceKm">The km from the reference site (a central factory) to the same city; null when none is configured.</param>
public sealed record OrderKpi(
    string OrderId,
    string SiteId,
    string? SiteCityId,
    string DeliveryCityId,
    string DeliveryMode,
    double DistanceKm,
    double Co2Grams,
    double? EnergyKwh,
    int Good,
    int Scrap,
    bool OnTime,
    DateTimeOffset CompletedAt,
    double? ReferenceDistanceKm);

/// <summary>Totals and averages over a set of completed orders. Per-part figures are per good part: scrap's cost is in them.</summary>
/// <param name="ReferenceDistanceKm">What the reference site would have driven for the same orders; null without one.</param>
/// <param name="DistanceSavedKm">Reference km minus actual km (negative: the network drove more); null without a reference.</param>
public sealed record KpiTotals(
    int Orders,
    int GoodParts,
    int ScrapParts,
    double DistanceKm,
    double Co2Grams,
    double EnergyKwh,
    int OrdersWithEnergy,
    double? ScrapRate,
    double? OnTimeRate,
    double? DistanceKmPerPart,
    double? Co2GramsPerPart,
    double? EnergyKwhPerPart,
    double? ReferenceDistanceKm,
    double? DistanceSavedKm,
    double? ReferenceCo2Grams);

public sealed record SiteKpis(string SiteId, string? CityId, KpiTotals Totals);

/// <summary>The KPIs of the orders delivered to one city.</summary>
public sealed record CityKpis(string CityId, KpiTotals Totals);

/// <summary>KPIs over the orders completed in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record KpiReport(
    DateTimeOffset From,
    DateTimeOffset To,
    string? City,
    string? ReferenceSiteId,
    KpiTotals Network,
    IReadOnlyList<SiteKpis> Sites,
    IReadOnlyList<CityKpis> Cities);

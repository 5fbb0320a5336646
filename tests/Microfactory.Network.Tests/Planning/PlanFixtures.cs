using Microfactory.Network.Planning;
using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Planning;

/// <summary>Hand-built networks: one degree of latitude is about 111 km, so sites are placed by latitude offsets.</summary>
internal static class PlanFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly GeoPoint Osaka = new(34.69, 135.50);

    public static PlanningSite Site(string id, string city, double kmNorthOfOsaka, params PlanningCell[] cells) =>
        Site(id, city, kmNorthOfOsaka, SiteStatus.Online, cells);

    public static PlanningSite Site(string id, string city, double kmNorthOfOsaka, SiteStatus status, params PlanningCell[] cells) =>
        new(id, city, North(kmNorthOfOsaka), status, Connected: true, cells);

    /// <summary>A cell clearing <paramref name="hoursPerDay"/> work hours a day, with design "part@1.0.0" installed.</summary>
    public static PlanningCell Cell(string id, string[] capabilities, double hoursPerDay = 8, double running = 0) =>
        new(id, capabilities, ["part@1.0.0"], hoursPerDay, 1.0, running);

    public static QueuedOrder Order(
        string id,
        string site,
        string cell,
        string capability = "cnc",
        double hours = 2,
        double dueInHours = 240,
        double deliveryKmNorthOfOsaka = 0,
        string deliveryCity = "osaka") =>
        new(id, site, cell, [capability], "part@1.0.0", hours, 0.5, Now.AddHours(dueInHours), OrderPriority.Normal,
            new DeliveryLocation(deliveryCity, North(deliveryKmNorthOfOsaka)));

    public static GeoPoint North(double km) => new(Osaka.Latitude + (km / 111.2), Osaka.Longitude);

    public static RebalanceRequest Band(double low = 0.2, double high = 0.9, double maxKm = 100, bool mayRisk = false) =>
        new(low, high, maxKm, mayRisk);
}

using Microfactory.Network.Routing;

namespace Microfactory.Network.Tests.Routing;

/// <summary>Real city coordinates, so distances in the tests are the ones a planner would expect.</summary>
internal static class Cities
{
    public static readonly GeoPoint Osaka = new(34.6937, 135.5023);
    public static readonly GeoPoint Kyoto = new(35.0116, 135.7681);
    public static readonly GeoPoint Nagoya = new(35.1815, 136.9066);
    public static readonly GeoPoint Tokyo = new(35.6762, 139.6503);
    public static readonly GeoPoint Fukuoka = new(33.5904, 130.4017);

    public static DeliveryLocation To(string cityId) => cityId switch
    {
        "osaka" => new DeliveryLocation("osaka", Osaka),
        "kyoto" => new DeliveryLocation("kyoto", Kyoto),
        "nagoya" => new DeliveryLocation("nagoya", Nagoya),
        "tokyo" => new DeliveryLocation("tokyo", Tokyo),
        "fukuoka" => new DeliveryLocation("fukuoka", Fukuoka),
        _ => throw new ArgumentOutOfRangeException(nameof(cityId), cityId, "Unknown test city."),
    };
}

/// <summary>Builds small networks with sensible defaults so each test states only what it is about.</summary>
internal sealed class TestNetwork : IDisposable
{
    public const string Bracket = "bracket@2.1.0";
    public static readonly DateTimeOffset Now = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public TestNetwork(RoutingOptions? options = null) => Index = new RoutingIndex(options);

    public RoutingIndex Index { get; }

    /// <summary>A site whose agent is connected unless <paramref name="connected"/> says otherwise.</summary>
    public TestNetwork Site(string siteId, string cityId, SiteStatus status = SiteStatus.Online, GeoPoint? at = null, bool connected = true)
    {
        Index.UpsertSite(new SiteSnapshot(siteId, cityId, at ?? Cities.To(cityId).Location, status, connected));
        return this;
    }

    public TestNetwork Cell(
        string cellId,
        string siteId,
        string[]? capabilities = null,
        string[]? designs = null,
        double backlogHours = 0,
        double limitHours = 100,
        CellState state = CellState.Idle,
        double throughputFactor = 1,
        double hoursPerDay = 24)
    {
        Index.UpsertCell(new CellSnapshot(
            cellId,
            siteId,
            capabilities ?? ["cnc"],
            designs ?? [Bracket],
            throughputFactor,
            hoursPerDay,
            backlogHours,
            limitHours,
            state));
        return this;
    }

    public static RoutingRequest Order(
        string orderId = "order-1",
        string deliverTo = "osaka",
        string[]? capabilities = null,
        string design = Bracket,
        bool installable = false,
        double changeoverHours = 0,
        double workHours = 8,
        TimeSpan? dueIn = null,
        OrderPriority priority = OrderPriority.Normal,
        string[]? excludedSites = null) =>
        new(
            orderId,
            capabilities ?? ["cnc"],
            design,
            installable,
            changeoverHours,
            workHours,
            Now + (dueIn ?? TimeSpan.FromDays(7)),
            Now,
            Cities.To(deliverTo),
            priority,
            excludedSites);

    public void Dispose() => Index.Dispose();
}

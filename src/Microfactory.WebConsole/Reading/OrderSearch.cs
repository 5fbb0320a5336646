using Microfactory.Network.Directory;
using Microfactory.Network.Orders;

namespace Microfactory.WebConsole.Reading;

/// <summary>What the orders page filters by; null or empty means any.</summary>
public sealed record OrderFilter(string? IdContains, OrderStatus? Status, string? CityId, string? DeliveryCityId, string? SiteId);

public sealed record OrderMatches(IReadOnlyList<OrderSummary> Shown, int Total);

/// <summary>Searches the order summaries of the directory, the same ones <c>GET /api/orders</c> lists.</summary>
public sealed class OrderSearch(NetworkDirectory directory)
{
    public const int PageSize = 100;

    public OrderMatches Find(OrderFilter filter)
    {
        var matches = directory.Orders.All()
            .Where(o => string.IsNullOrEmpty(filter.IdContains) || o.Id.Contains(filter.IdContains.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(o => filter.Status is null || o.Status == filter.Status)
            .Where(o => string.IsNullOrEmpty(filter.CityId) || o.SiteCityId == filter.CityId)
            .Where(o => string.IsNullOrEmpty(filter.DeliveryCityId) || o.DeliveryCityId == filter.DeliveryCityId)
            .Where(o => string.IsNullOrEmpty(filter.SiteId) || o.SiteId == filter.SiteId)
            .ToList();
        var shown = matches.OrderByDescending(o => o.UpdatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).Take(PageSize).ToList();
        return new OrderMatches(shown, matches.Count);
    }

    /// <summary>The order with exactly this id, if the directory knows it.</summary>
    public bool Exists(string id) => directory.Orders.TryGet(id.Trim(), out _);

    /// <summary>The summary's version, to tell whether an open order page must read its grain again.</summary>
    public long? VersionOf(string id) => directory.Orders.TryGet(id, out var o) ? o.Version : null;
}

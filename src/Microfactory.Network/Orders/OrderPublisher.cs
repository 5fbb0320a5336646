using Microfactory.Network.Directory;

namespace Microfactory.Network.Orders;

/// <summary>Turns an order's stored state into the small summary listings and counts use.</summary>
public static class OrderPublisher
{
    public static OrderSummary ToSummary(string orderId, OrderGrainState state, NetworkDirectory directory)
    {
        var spec = state.Spec!;
        var siteId = state.Assignment?.SiteId;
        string? siteCity = siteId is not null && directory.Sites.TryGet(siteId, out var site) ? site.CityId : null;
        return new OrderSummary(
            orderId,
            state.Status,
            spec.Product,
            spec.Design,
            spec.Quantity,
            spec.DeliveryCityId,
            siteId,
            siteCity,
            state.Assignment?.CellId,
            spec.DueAt,
            state.CreatedAt,
            state.UpdatedAt,
            state.Version)
        {
            Good = state.Good,
            Scrap = state.Scrap,
            EnergyKwh = state.EnergyKwh,
            DeliveryMode = spec.DeliveryMode,
            CompletedAt = state.CompletedAt,
        };
    }
}

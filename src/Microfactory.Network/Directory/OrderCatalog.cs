using System.Collections.Concurrent;
using Microfactory.Network.Orders;

namespace Microfactory.Network.Directory;

/// <summary>
/// The last published summary of every order on this node: listings, filters, city counts and the set of
/// unroutable orders to retry, without activating a grain per order.
/// </summary>
public sealed class OrderCatalog
{
    private readonly ConcurrentDictionary<string, OrderSummary> _orders = new(StringComparer.Ordinal);

    public event Action<OrderSummary>? Changed;

    public void Upsert(OrderSummary order)
    {
        var stored = _orders.AddOrUpdate(order.Id, order, (_, old) => old.Version > order.Version ? old : order);
        if (ReferenceEquals(stored, order))
        {
            Changed?.Invoke(order);
        }
    }

    public bool TryGet(string id, out OrderSummary order) => _orders.TryGetValue(id, out order!);

    public int Count => _orders.Count;

    public IEnumerable<OrderSummary> All() => _orders.Values;

    public IReadOnlyList<string> WithStatus(params OrderStatus[] statuses) =>
        _orders.Values.Where(o => statuses.Contains(o.Status)).Select(o => o.Id).Order(StringComparer.Ordinal).ToList();
}

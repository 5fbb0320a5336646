using System.Diagnostics;
using Microfactory.Network;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Microfactory.WebConsole.Reading;

/// <summary>One order as its page shows it: the order, its routing decision and the id of its trace.</summary>
public sealed record OrderDetail(OrderView Order, RoutingDecision? Decision, string? TraceId);

/// <summary>
/// Reads one order from its grain, as <c>GET /api/orders/{id}</c> and <c>/routing</c> do. The trace id comes from the
/// order's stored state (the trace parent its submission ran under), read from the grain storage provider without
/// a grain call: the order view carries no trace parent.
/// </summary>
public sealed class OrderDetails(IGrainFactory grains, IServiceProvider services)
{
    public async Task<OrderDetail?> ReadAsync(string id)
    {
        if (!Ids.IsValid(id))
        {
            return null;
        }

        var grain = grains.GetGrain<IOrderGrain>(id);
        if (await grain.GetAsync() is not { } order)
        {
            return null;
        }

        return new OrderDetail(order, await grain.ExplainAsync(), await TraceIdAsync(id));
    }

    private async Task<string?> TraceIdAsync(string id)
    {
        if (services.GetKeyedService<IGrainStorage>(NetworkStorage.Name) is not { } storage)
        {
            return null;
        }

        var state = new GrainState<OrderGrainState>();
        await storage.ReadStateAsync(NetworkStorage.State, GrainId.Create("order", id), state);
        return ActivityContext.TryParse(state.State?.TraceParent, null, out var context) ? context.TraceId.ToHexString() : null;
    }
}

using Microfactory.Network.Directory;
using Microfactory.Network.Kpis;
using Microfactory.Network.Orders;
using Microfactory.Orchestrator.Api.OpenApi;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Api;

/// <summary>The sustainability and batch-size-one KPIs (docs/kpis.md), from this silo's read model of orders.</summary>
public static class KpiEndpoints
{
    /// <summary>The window GET /api/kpis covers when <c>from</c> is not given: this long before <c>to</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapKpiEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/kpis", Results<Ok<KpiReport>, ProblemHttpResult> (
            DateTimeOffset? from, DateTimeOffset? to, string? city, NetworkDirectory directory, IOptions<KpiOptions> options, TimeProvider time) =>
        {
            var end = to ?? time.GetUtcNow();
            var start = from ?? end - DefaultWindow;
            if (start >= end)
            {
                return Problems.BadRequest("'from' must be before 'to' (the window is [from, to)).", "from");
            }

            if (city is not null)
            {
                if (ApiIds.Check(city, "City") is { } bad)
                {
                    return bad;
                }

                if (!directory.Cities.TryGet(city, out _))
                {
                    return Problems.NotFound("City", city);
                }
            }

            return TypedResults.Ok(KpiCalculator.For(directory, options.Value).Report(directory.Orders.All(), start, end, city));
        }).Problems(400, 404).WithTags("KPIs")
          .WithSummary("Km, transport CO2, energy, scrap and on-time rates of the orders completed in [from, to), per site, delivery city and network, against the reference site");

        api.MapGet("/orders/{id}/kpis", Results<Ok<OrderKpi>, ProblemHttpResult> (string id, NetworkDirectory directory, IOptions<KpiOptions> options) =>
        {
            if (ApiIds.Check(id, "Order") is { } bad)
            {
                return bad;
            }

            if (!directory.Orders.TryGet(id, out var order))
            {
                return Problems.NotFound("Order", id);
            }

            return KpiCalculator.For(directory, options.Value).ForOrder(order) is { } kpi
                ? TypedResults.Ok(kpi)
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not completed",
                    detail: order.Status == OrderStatus.Completed
                        ? $"Order {id} completed at a site or for a city this node does not know."
                        : $"Order {id} is {order.Status}: its KPIs exist once it has completed.");
        }).Problems(404, 409).WithTags("KPIs").WithSummary("One completed order's delivery km, transport CO2, energy and parts");

        return api;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microfactory.Network;
using Orleans;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Orchestrator.Api.Validation;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microfactory.Orchestrator.Api.OpenApi;

namespace Microfactory.Orchestrator.Api;

public sealed record CancelRequest(string? Reason);

public sealed record RoutingExplanation(string OrderId, OrderStatus Status, string Summary, RoutingDecision Decision);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Orders, string? Next);

public static class OrderEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The most orders one page holds (<c>limit</c>).</summary>
    public const int MaxPage = 1000;

    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");

        orders.MapPost("/", SubmitAsync).Problems(422).WithSummary("Submit an order; the Idempotency-Key header makes retries safe");

        orders.MapGet("/", List).WithSummary("List orders, filtered by status, site and city, in id order with a cursor");

        orders.MapGet("/{id}", async Task<Results<Ok<OrderView>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Order") is { } bad)
            {
                return bad;
            }

            return await Order(grains, id).GetAsync() is { } order ? TypedResults.Ok(order) : Problems.NotFound("Order", id);
        }).Problems(404).WithSummary("One order with its lifecycle history");

        orders.MapPost("/{id}/cancel", async Task<Results<Ok<OrderView>, ProblemHttpResult>> (string id, [FromBody] CancelRequest? body, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Order") is { } bad)
            {
                return bad;
            }

            var reason = string.IsNullOrWhiteSpace(body?.Reason) ? "cancelled by a planner" : body.Reason.Trim();
            return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => Order(grains, id).CancelAsync(reason)));
        }).Problems(404, 409).WithSummary("Cancel an order that is not finished");

        orders.MapGet("/{id}/routing", async Task<Results<Ok<RoutingExplanation>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Order") is { } bad)
            {
                return bad;
            }

            var grain = Order(grains, id);
            var order = await grain.GetAsync();
            if (order is null)
            {
                return Problems.NotFound("Order", id);
            }

            var decision = await grain.ExplainAsync();
            return decision is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not routed yet", detail: $"Order {id} has not been routed yet.")
                : TypedResults.Ok(new RoutingExplanation(id, order.Status, decision.Explain(), decision));
        }).Problems(404, 409).WithSummary("Why the order went where it went: candidates, scores and rejections");
        return api;
    }

    private static async Task<Results<Created<OrderView>, Ok<OrderView>, ProblemHttpResult>> SubmitAsync(
        [FromBody] OrderSubmission body,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > OrderIds.MaxKeyLength)
        {
            return Problems.BadRequest(
                $"The {IdempotencyHeader} header is required (1 to {OrderIds.MaxKeyLength} characters, for example a UUID), so a retried submission never makes a second order.",
                IdempotencyHeader);
        }

        // The body's required fields and sizes were checked before this runs (RequestRules.Order).
        var id = OrderIds.FromIdempotencyKey(idempotencyKey);
        Activity.Current?.SetTag("mf.order.id", id);
        var fingerprint = OrderIds.Fingerprint(body);
        var result = await GrainRetry.OnConflictAsync(() => Order(grains, id).SubmitAsync(body, fingerprint, Activity.Current?.Id));
        return result.Created ? TypedResults.Created($"/api/orders/{id}", result.Order) : TypedResults.Ok(result.Order);
    }

    private static Results<Ok<OrderPage>, ProblemHttpResult> List(
        [FilterOf(typeof(OrderStatus))] string[]? status,
        [FilterOf(typeof(string))] string[]? site,
        [FilterOf(typeof(string))] string[]? city,
        [FilterOf(typeof(string))] string[]? deliveryCity,
        string? after,
        [Range(1, MaxPage)] int? limit,
        NetworkDirectory directory)
    {
        var problems = new[]
        {
            ListFilters.Enum<OrderStatus>("status", status, out var statuses),
            ListFilters.Ids("site", site, out var sites),
            ListFilters.Ids("city", city, out var cities),
            ListFilters.Ids("deliveryCity", deliveryCity, out var deliveryCities),
        };
        if (problems.FirstOrDefault(p => p is not null) is { } bad)
        {
            return bad;
        }

        if (after is not null && !Ids.IsValid(after))
        {
            return Problems.BadRequest($"after '{Problems.Shown(after)}' is not an order id: pass the 'next' of the previous page.", "after");
        }

        var take = limit ?? 100;
        if (take is < 1 or > MaxPage)
        {
            return Problems.BadRequest($"limit must be a whole number from 1 to {MaxPage}.", "limit");
        }

        var page = directory.Orders.All()
            .Where(o => statuses.Matches(o.Status))
            .Where(o => sites.Matches(o.SiteId ?? ""))
            .Where(o => cities.Matches(o.SiteCityId ?? ""))
            .Where(o => deliveryCities.Matches(o.DeliveryCityId))
            .Where(o => after is null || string.CompareOrdinal(o.Id, after) > 0)
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .Take(take + 1)
            .ToList();
        var next = page.Count > take ? page[take - 1].Id : null;
        return TypedResults.Ok(new OrderPage(page.Take(take).ToList(), next));
    }

    private static IOrderGrain Order(IGrainFactory grains, string id) => grains.GetGrain<IOrderGrain>(id);
}

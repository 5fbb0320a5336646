using System.Diagnostics;
using Microfactory.Network;
using Orleans;
using Microfactory.Network.Directory;
using Microfactory.Network.Orders;
using Microfactory.Network.Routing;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Microfactory.Orchestrator.Api;

public sealed record CancelRequest(string? Reason);

public sealed record RoutingExplanation(string OrderId, OrderStatus Status, string Summary, RoutingDecision Decision);

public sealed record OrderPage(IReadOnlyList<OrderSummary> Orders, string? Next);

public static class OrderEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");

        orders.MapPost("/", SubmitAsync).WithSummary("Submit an order; the Idempotency-Key header makes retries safe");

        orders.MapGet("/", List).WithSummary("List orders, filtered by status, site and city, in id order with a cursor");

        orders.MapGet("/{id}", async Task<Results<Ok<OrderView>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Order") is { } bad)
            {
                return bad;
            }

            return await Order(grains, id).GetAsync() is { } order ? TypedResults.Ok(order) : Problems.NotFound("Order", id);
        }).WithSummary("One order with its lifecycle history");

        orders.MapPost("/{id}/cancel", async Task<Results<Ok<OrderView>, ProblemHttpResult>> (string id, [FromBody] CancelRequest? body, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Order") is { } bad)
            {
                return bad;
            }

            var reason = string.IsNullOrWhiteSpace(body?.Reason) ? "cancelled by a planner" : body.Reason.Trim();
            return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => Order(grains, id).CancelAsync(reason)));
        }).WithSummary("Cancel an order that is not finished");

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
        }).WithSummary("Why the order went where it went: candidates, scores and rejections");
        return api;
    }

    private static async Task<Results<Created<OrderView>, Ok<OrderView>, ProblemHttpResult>> SubmitAsync(
        [FromBody] OrderSubmission? body,
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
        IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > OrderIds.MaxKeyLength)
        {
            return Problems.BadRequest(
                $"The {IdempotencyHeader} header is required (1 to {OrderIds.MaxKeyLength} characters, for example a UUID), so a retried submission never makes a second order.",
                IdempotencyHeader);
        }

        // Optional in the signature so that an empty request gets this answer rather than the framework's
        // "implicit body inferred ... did you mean a service?", which means nothing to an API client.
        if (body is null)
        {
            return Problems.BadRequest("The order is missing: send it as a JSON body (product, quantity, dueAt, deliveryCityId).", "body");
        }

        var missing = new[]
        {
            body.Product is null ? "product" : null,
            body.Quantity is null ? "quantity" : null,
            body.DueAt is null ? "dueAt" : null,
            body.DeliveryCityId is null ? "deliveryCityId" : null,
        }.OfType<string>().ToList();
        if (missing.Count > 0)
        {
            return Problems.BadRequest($"Missing required fields: {string.Join(", ", missing)}.", missing[0]);
        }

        var id = OrderIds.FromIdempotencyKey(idempotencyKey);
        Activity.Current?.SetTag("mf.order.id", id);
        var fingerprint = OrderIds.Fingerprint(body);
        var result = await GrainRetry.OnConflictAsync(() => Order(grains, id).SubmitAsync(body, fingerprint, Activity.Current?.Id));
        return result.Created ? TypedResults.Created($"/api/orders/{id}", result.Order) : TypedResults.Ok(result.Order);
    }

    private static Results<Ok<OrderPage>, ProblemHttpResult> List(
        string? status, string? site, string? city, string? deliveryCity, string? after, int? limit, NetworkDirectory directory)
    {
        OrderStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problems.BadRequest($"status '{status}' is not one of {string.Join(", ", Enum.GetNames<OrderStatus>())}.", "status");
            }

            wanted = parsed;
        }

        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return Problems.BadRequest("limit must be between 1 and 1000.", "limit");
        }

        var page = directory.Orders.All()
            .Where(o => wanted is null || o.Status == wanted)
            .Where(o => site is null || o.SiteId == site)
            .Where(o => city is null || o.SiteCityId == city)
            .Where(o => deliveryCity is null || o.DeliveryCityId == deliveryCity)
            .Where(o => after is null || string.CompareOrdinal(o.Id, after) > 0)
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .Take(take + 1)
            .ToList();
        var next = page.Count > take ? page[take - 1].Id : null;
        return TypedResults.Ok(new OrderPage(page.Take(take).ToList(), next));
    }

    private static IOrderGrain Order(IGrainFactory grains, string id) => grains.GetGrain<IOrderGrain>(id);
}

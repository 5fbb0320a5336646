using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microfactory.Network;
using Microfactory.Network.Directory;
using Orleans;
using Microfactory.Network.Designs;
using Microfactory.Network.Rollouts;
using Microfactory.Orchestrator.Auth;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microfactory.Orchestrator.Api.OpenApi;

namespace Microfactory.Orchestrator.Api;

/// <summary>Staged rollouts of design versions: admins start and steer them, planners read them.</summary>
public static class RolloutEndpoints
{
    public static RouteGroupBuilder MapRolloutEndpoints(this RouteGroupBuilder api)
    {
        var rollouts = api.MapGroup("/rollouts").WithTags("Rollouts");
        rollouts.MapPost("/", CreateAsync).RequireAuthorization(AuthExtensions.AdminPolicy).Problems(409, 422)
            .WithSummary("Start a rollout of a design version in waves; a client-chosen id or the Idempotency-Key header makes retries safe");
        rollouts.MapGet("/", List).WithSummary("Every rollout, newest first, with its phase and progress");
        rollouts.MapGet("/{id}", async Task<Results<Ok<RolloutView>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "Rollout") is { } bad)
            {
                return bad;
            }

            var view = await grains.GetGrain<IRolloutGrain>(id).GetAsync();
            return view is null ? Problems.NotFound("Rollout", id) : TypedResults.Ok(view);
        }).Problems(404).WithSummary("A rollout's waves, per-site status and counts");
        MapTransition(rollouts, "pause", (g, _) => g.PauseAsync(), "Pause: no new instructions, statuses are still read");
        MapTransition(rollouts, "resume", (g, _) => g.ResumeAsync(), "Resume a paused rollout");
        MapTransition(rollouts, "abort", (g, reason) => g.AbortAsync(reason), "Abort where it is; sites keep what they installed");
        MapTransition(rollouts, "rollback", (g, reason) => g.RollbackAsync(reason), "Abort and return every instructed site to its previous version");
        return api;
    }

    private static async Task<Results<Created<RolloutView>, ProblemHttpResult>> CreateAsync(
        RolloutRequest body,
        [FromHeader(Name = OrderEndpoints.IdempotencyHeader)] string? idempotencyKey,
        IGrainFactory grains,
        IServiceProvider services)
    {
        if (Unavailable(services) is { } unavailable)
        {
            return unavailable;
        }

        string id;
        if (body.Id is { } chosen)
        {
            if (ApiIds.Check(chosen, "Rollout") is { } bad)
            {
                return bad;
            }

            id = chosen;
        }
        else
        {
            id = idempotencyKey is { Length: > 0 } key ? "ro-" + Digest(key)[..26] : "ro-" + Guid.NewGuid().ToString("N")[..26];
        }

        var fingerprint = Digest(JsonSerializer.Serialize(body with { Id = null }));
        var view = await GrainRetry.OnConflictAsync(() => grains.GetGrain<IRolloutGrain>(id).CreateAsync(body, fingerprint));
        return TypedResults.Created($"/api/rollouts/{id}", view);
    }

    private static Ok<IReadOnlyList<RolloutSummary>> List(NetworkDirectory directory) => TypedResults.Ok(directory.Rollouts.All());

    private static void MapTransition(RouteGroupBuilder rollouts, string action, Func<IRolloutGrain, string?, Task<RolloutView>> move, string summary) =>
        rollouts.MapPost($"/{{id}}/{action}", async Task<Results<Ok<RolloutView>, ProblemHttpResult>> (
            string id, [FromBody] RolloutCommand? body, IGrainFactory grains, IServiceProvider services) =>
        {
            if ((ApiIds.Check(id, "Rollout") ?? Unavailable(services)) is { } problem)
            {
                return problem;
            }

            return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => move(grains.GetGrain<IRolloutGrain>(id), body?.Reason)));
        }).RequireAuthorization(AuthExtensions.AdminPolicy).Problems(404, 409).WithSummary(summary);

    // The delivery is registered by the design artifacts feature; without it nothing could reach a site.
    private static ProblemHttpResult? Unavailable(IServiceProvider services) =>
        services.GetService<IDesignDelivery>() is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Design delivery unavailable",
                detail: new DesignDeliveryUnavailableException().Message)
            : null;

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>An optional reason for abort or rollback, shown on the rollout.</summary>
public sealed record RolloutCommand(string? Reason);

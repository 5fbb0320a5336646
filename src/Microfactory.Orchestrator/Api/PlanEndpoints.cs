using Microfactory.Network.Planning.Live;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microfactory.Orchestrator.Api.OpenApi;

namespace Microfactory.Orchestrator.Api;

public static class PlanEndpoints
{
    public static RouteGroupBuilder MapPlanEndpoints(this RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("Planning");

        // The body is optional: none (or {}) plans a dry run with the Planning:* defaults for every city.
        plans.MapPost("/rebalance", async (RebalanceBody? body, PlanningService planning, IOptions<PlanningOptions> defaults, CancellationToken ct) =>
        {
            body ??= new RebalanceBody(null, null, null, null, null);
            var plan = await planning.PlanAsync(body.ToParameters(defaults.Value), ct);
            if (body.DryRun == false)
            {
                plan = await planning.ApplyAsync(plan.Id, ct);
            }

            return TypedResults.Created($"/api/plans/{plan.Id}", plan);
        }).Problems(422).WithSummary("Plan a rebalance (dry run, stored for a later apply) or plan and apply it at once");

        plans.MapGet("/{id}", async Task<Results<Ok<StoredPlan>, ProblemHttpResult>> (string id, PlanningService planning) =>
        {
            if (ApiIds.Check(id, "Plan") is { } bad)
            {
                return bad;
            }

            return await planning.GetAsync(id) is { } plan ? TypedResults.Ok(plan) : Problems.NotFound("Plan", id);
        }).Problems(404).WithSummary("A stored plan: moves, totals and, once applied, what each move did");

        plans.MapPost("/{id}/apply", async Task<Results<Ok<StoredPlan>, ProblemHttpResult>> (string id, PlanningService planning, CancellationToken ct) =>
        {
            if (ApiIds.Check(id, "Plan") is { } bad)
            {
                return bad;
            }

            return TypedResults.Ok(await planning.ApplyAsync(id, ct));
        }).Problems(404, 409).WithSummary("Apply a stored plan; moves whose orders started or changed since are skipped with the reason; idempotent");

        return api;
    }
}

using Microfactory.Network.Planning.Live;
using Microfactory.Network.Sites;
using Orleans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Api;

/// <summary>
/// Maintenance: the site stops taking new work, its queued orders move under the planning rules (body or
/// <c>Planning__*</c> defaults), running jobs finish there. The answer shows the plan as applied and when the site empties.
/// </summary>
public static class DrainEndpoint
{
    public static async Task<Results<Ok<DrainView>, ProblemHttpResult>> DrainAsync(
        string id, DrainBody? body, PlanningService planning, LiveSnapshotBuilder snapshots, IOptions<PlanningOptions> defaults, IGrainFactory grains, CancellationToken ct)
    {
        if (ApiIds.Check(id, "Site") is { } bad)
        {
            return bad;
        }

        var rules = (body ?? new DrainBody(null, null, null)).ToParameters(defaults.Value);
        var plan = await planning.DrainAsync(id, rules, ct);
        var site = (await grains.GetGrain<ISiteGrain>(id).GetAsync())!;
        var load = SiteLoads.Compute(await snapshots.BuildAsync(ct)).Single(s => s.SiteId == id);
        return TypedResults.Ok(new DrainView(site, plan, load));
    }
}

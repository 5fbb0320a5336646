using Microfactory.Network.Planning.Live;
using Microfactory.Orchestrator.Api.Validation;
using Microfactory.Orchestrator.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microfactory.Orchestrator.Api.OpenApi;

namespace Microfactory.Orchestrator.Api;

public static class LoadEndpoints
{
    public static RouteGroupBuilder MapLoadEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/sites/{id}/load", async Task<Results<Ok<SiteLoadView>, ProblemHttpResult>> (string id, LiveSnapshotBuilder snapshots, CancellationToken ct) =>
        {
            if (ApiIds.Check(id, "Site") is { } bad)
            {
                return bad;
            }

            var load = SiteLoads.Compute(await snapshots.BuildAsync(ct)).FirstOrDefault(s => s.SiteId == id);
            return load is null ? Problems.NotFound("Site", id) : TypedResults.Ok(load);
        }).Problems(404).WithTags("Sites").WithSummary("A site's load: capacity, backlog, utilisation, queued, running and at-risk orders, when it will be empty");

        api.MapGet("/loads", async Task<Results<Ok<IReadOnlyList<SiteLoadView>>, ProblemHttpResult>> (
            [FilterOf(typeof(string))] string[]? city, LiveSnapshotBuilder snapshots, CancellationToken ct) =>
        {
            if (ListFilters.Ids("city", city, out var cities) is { } bad)
            {
                return bad;
            }

            IReadOnlyList<SiteLoadView> loads = SiteLoads.Compute(await snapshots.BuildAsync(ct)).Where(s => cities.Matches(s.CityId)).ToList();
            return TypedResults.Ok(loads);
        }).WithTags("Sites").WithSummary("Every site's load (or one city's sites)");

        return api;
    }
}

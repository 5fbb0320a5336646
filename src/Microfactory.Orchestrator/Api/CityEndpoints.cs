using Microfactory.Network;
using Orleans;
using Microfactory.Network.Cities;
using Microfactory.Network.Directory;
using Microfactory.Orchestrator.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microfactory.Orchestrator.Api.OpenApi;

namespace Microfactory.Orchestrator.Api;

public static class CityEndpoints
{
    public static RouteGroupBuilder MapCityEndpoints(this RouteGroupBuilder api)
    {
        var cities = api.MapGroup("/cities").WithTags("Cities");

        cities.MapPut("/{id}", async Task<Results<Ok<City>, ProblemHttpResult>> (string id, CityDefinition body, IGrainFactory grains) =>
        {
            if (ApiIds.Check(id, "City") is { } bad)
            {
                return bad;
            }

            return TypedResults.Ok(await GrainRetry.OnConflictAsync(() => grains.GetGrain<ICityGrain>(id).DefineAsync(body)));
        }).RequireAuthorization(AuthExtensions.AdminPolicy).Problems(422).WithSummary("Define or update a city");

        cities.MapGet("/", async (CityLoadQuery query) => TypedResults.Ok(await query.AllAsync()))
            .WithSummary("Every city with its load: capacity, backlog, utilisation, orders by state");

        cities.MapGet("/{id}", async Task<Results<Ok<CityLoadView>, ProblemHttpResult>> (string id, CityLoadQuery query, NetworkDirectory directory) =>
        {
            if (!directory.Cities.TryGet(id, out var city))
            {
                return Errors.Problems.NotFound("City", id);
            }

            return TypedResults.Ok(await query.OneAsync(city));
        }).Problems(404).WithSummary("One city with its load");

        return api;
    }
}

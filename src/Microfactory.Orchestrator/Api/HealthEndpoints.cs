using Microfactory.Network.Directory;
using Microfactory.Orchestrator.Hosting;
using Microfactory.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microfactory.Orchestrator.Api;

public sealed record Health(string Status, string? Detail = null);

public static class HealthEndpoints
{
    /// <summary>/healthz: the process serves requests. /readyz: the silo has joined, the store answers and the directory is loaded.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new Health("alive"))).AllowAnonymous().WithTags("Health");

        app.MapGet("/readyz", async Task<Results<Ok<Health>, ProblemHttpResult>> (IBlobStore store, DirectoryLoader loader, SiloJoinedHealthCheck silo, CancellationToken cancellationToken) =>
        {
            if (silo.Check() is { Status: not Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy } joining)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: joining.Description);
            }

            // The store first: when it is the problem, its own reason is the most useful answer.
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await store.CheckReadyAsync(timeout.Token);
            }
            catch (StoreUnavailableException e)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: e.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: loader.LastError is { } last
                    ? $"The store did not answer within 5 seconds; the last attempt to use it failed: {last}"
                    : "The store did not answer within 5 seconds.");
            }

            if (!loader.Loaded.IsCompletedSuccessfully)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
                    detail: loader.LastError is { } error
                        ? $"The directory could not be loaded from the store yet: {error}"
                        : "The directory is still loading from the store.");
            }

            return TypedResults.Ok(new Health("ready"));
        }).AllowAnonymous().WithTags("Health");
        return app;
    }
}

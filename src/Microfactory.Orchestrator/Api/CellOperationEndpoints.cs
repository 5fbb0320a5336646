using System.Security.Claims;
using Microfactory.Network;
using Microfactory.Network.Cells;
using Microfactory.Network.Sites;
using Microfactory.Orchestrator.Api.OpenApi;
using Microfactory.Orchestrator.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;

namespace Microfactory.Orchestrator.Api;

/// <summary>
/// Operations on one cell of a site: confirming a waiting operator gate remotely, planned maintenance windows and the
/// cell's maintenance log. Whoever acts is the API key's name, kept with what they did.
/// </summary>
public static class CellOperationEndpoints
{
    public static RouteGroupBuilder MapCellOperationEndpoints(this RouteGroupBuilder api)
    {
        var cells = api.MapGroup("/sites/{id}/cells/{cellId}").WithTags("Sites");

        cells.MapPost("/operator-confirmation", async Task<Accepted<OperatorConfirmation>> (
            string id, string cellId, OperatorConfirmationRequest? body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var note = string.IsNullOrWhiteSpace(body?.Note) ? null : body.Note.Trim();
            var confirmation = await GrainRetry.OnConflictAsync(() => Site(grains, id).ConfirmOperatorAsync(cellId, Who(user), note));
            return TypedResults.Accepted((string?)null, confirmation);
        }).Problems(404, 409)
            .WithSummary("Confirm remotely that a cell waiting for its operator is clear; the site agent opens the gate and the next job may start");

        cells.MapPut("/maintenance", async Task<Ok<CellView>> (string id, string cellId, MaintenanceWindowRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok(await GrainRetry.OnConflictAsync(() => Site(grains, id).SetMaintenanceAsync(cellId, body.From, body.Until!.Value, body.Reason!.Trim(), Who(user)))))
            .RequireAuthorization(AuthExtensions.AdminPolicy).Problems(404, 422)
            .WithSummary("Plan (or replace) a cell's maintenance window: no new work inside it, running work finishes, queued work stays");

        cells.MapDelete("/maintenance", async Task<Ok<CellView>> (string id, string cellId, ClaimsPrincipal user, IGrainFactory grains) =>
            TypedResults.Ok(await GrainRetry.OnConflictAsync(() => Site(grains, id).ClearMaintenanceAsync(cellId, Who(user)))))
            .RequireAuthorization(AuthExtensions.AdminPolicy).Problems(404)
            .WithSummary("Clear a cell's maintenance window: routing may send it work again");

        cells.MapPost("/maintenance-log", async Task<Created<MaintenanceLogEntry>> (string id, string cellId, MaintenanceLogRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var record = new MaintenanceRecord(body.Reason!.Trim(), body.PartsReplaced?.Select(p => p.Trim()).Where(p => p.Length > 0).ToList(), body.Notes, body.At);
            var entry = await GrainRetry.OnConflictAsync(() => Site(grains, id).RecordMaintenanceAsync(cellId, record, Who(user)));
            return TypedResults.Created($"/api/sites/{id}/cells/{cellId}/maintenance-log", entry);
        }).RequireAuthorization(AuthExtensions.AdminPolicy).Problems(404)
            .WithSummary("Record maintenance work on a cell: why, parts replaced, notes; who is the API key's name");

        cells.MapGet("/maintenance-log", async Task<Ok<IReadOnlyList<MaintenanceLogEntry>>> (string id, string cellId, IGrainFactory grains) =>
            TypedResults.Ok(await Site(grains, id).MaintenanceLogAsync(cellId)))
            .Problems(404).WithSummary("A cell's maintenance log, oldest first: planned and cleared windows, work done, parts replaced");
        return api;
    }

    private static ISiteGrain Site(IGrainFactory grains, string id) => grains.GetGrain<ISiteGrain>(id);

    private static string Who(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}

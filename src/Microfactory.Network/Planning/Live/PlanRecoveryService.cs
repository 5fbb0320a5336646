using Microfactory.GrainStorage;
using Microfactory.Network.Directory;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microfactory.Network.Planning.Live;

/// <summary>
/// At start-up, finishes every plan a crash or restart left Applying: applying again is idempotent (moves made are
/// not made twice, a move stopped midway is finished), so no order stays withdrawn from one site and not yet on another.
/// </summary>
public sealed partial class PlanRecoveryService(IGrainStateScanner scanner, DirectoryLoader loader, PlanningService planning, ILogger<PlanRecoveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await loader.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await RecoverAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogRecoveryFailed(ex);
        }
    }

    /// <summary>Applies every interrupted plan again; returns how many.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var interrupted = new List<string>();
        await foreach (var (id, state) in scanner.ScanAsync<PlanGrainState>("plan", cancellationToken).ConfigureAwait(false))
        {
            if (state.Plan?.Status == PlanStatus.Applying)
            {
                interrupted.Add(id);
            }
        }

        foreach (var id in interrupted)
        {
            var plan = await planning.ApplyAsync(id, cancellationToken).ConfigureAwait(false);
            LogFinished(id, plan.LastApplication?.Moved ?? 0);
        }

        return interrupted.Count;
    }

    [LoggerMessage(EventId = 7603, Level = LogLevel.Information, Message = "Finished plan {PlanId}, interrupted while applied ({Moved} moves made now)")]
    private partial void LogFinished(string planId, int moved);

    [LoggerMessage(EventId = 7604, Level = LogLevel.Warning, Message = "Finishing interrupted plans failed; apply them again by hand (POST /api/plans/{{id}}/apply)")]
    private partial void LogRecoveryFailed(Exception exception);
}

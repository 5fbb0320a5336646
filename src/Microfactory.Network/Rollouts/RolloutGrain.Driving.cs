using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Microfactory.Network.Rollouts;

/// <summary>
/// A rollout drives itself while it is running, paused (statuses are still read) or rolling back: a grain timer every
/// <see cref="RolloutOptions.PollInterval"/> while the grain is active, and a reminder, so that after a silo dies
/// another silo activates it and it carries on from the step its state records.
/// </summary>
public sealed partial class RolloutGrain : IRemindable
{
    private const string Reminder = "advance";
    private IGrainTimer? _poll;
    private bool _reminded;

    public override Task OnActivateAsync(CancellationToken cancellationToken) => DriveWhileActiveAsync();

    public Task WakeAsync() => Task.CompletedTask; // activating the grain is the point: OnActivateAsync starts the timer

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Reminder)
        {
            await StepAsync();
        }
    }

    private async Task DriveWhileActiveAsync()
    {
        if (state.RecordExists && RolloutSummary.Of(State).IsActive)
        {
            _poll ??= this.RegisterGrainTimer(_ => StepAsync(), new GrainTimerCreationOptions(options.Value.PollInterval, options.Value.PollInterval) { KeepAlive = true });
            if (!_reminded)
            {
                await this.RegisterOrUpdateReminder(Reminder, ReminderPeriod, ReminderPeriod);
                _reminded = true;
            }

            return;
        }

        _poll?.Dispose();
        _poll = null;
        if (_reminded || state.RecordExists)
        {
            if (await this.GetReminder(Reminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminded = false;
        }
    }

    /// <summary>
    /// A completed rollout whose last wave passed its threshold before every site it was sent to reported: it keeps
    /// reading their statuses, so its per-site view ends with each site's real outcome (a late failure included).
    /// </summary>
    private bool AwaitsLateReports() =>
        State.Phase == RolloutPhase.Completed && State.Sites.Any(IsAwaitingReport);

    internal static bool IsAwaitingReport(RolloutSite site) =>
        site.InstallSent && site.State is not (Designs.SiteDesignState.Installed or Designs.SiteDesignState.Failed or Designs.SiteDesignState.RolledBack);

    // The reminder only brings the rollout back after its silo died; the timer sets the pace. Orleans' minimum is a minute.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private async Task StepAsync()
    {
        try
        {
            await AdvanceAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A site or the store failed this step; the next tick tries again from what the state records.
            LogStepFailed(e, PrimaryKey);
        }
    }

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Rollout {RolloutId} could not move on; will try again")]
    private partial void LogStepFailed(Exception exception, string rolloutId);
}

using Microfactory.Network.Cells;
using Microfactory.Network.Orders;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Microfactory.Network.Sites;

/// <summary>
/// A disconnected site is not a dead site: only after lost_after without a sign of life (hello, heartbeat, report,
/// acknowledgement: each refreshes LastSeen in memory) is it marked lost, and then its queued, not started, orders
/// move to other sites; running jobs stay and are reconciled when the agent returns. The site judges this itself, on a
/// grain timer while it is active and on a reminder that brings it back after its silo died.
/// </summary>
public sealed partial class SiteGrain : IRemindable
{
    private const string LivenessReminder = "liveness";
    private IGrainTimer? _liveness;
    private bool _reminded;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await DistrustStoredSessionAsync();
        await WatchLivenessAsync();
    }

    /// <summary>
    /// Activating the site is the point: OnActivateAsync arms its watch (and distrusts a stored session). An already
    /// active site shares its view again, so a silo that just loaded it from the store as unproven hears the truth.
    /// </summary>
    public Task WakeAsync()
    {
        if (state.RecordExists)
        {
            SitePublisher.Share(directory, View());
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == LivenessReminder)
        {
            await CheckLivenessAsync();
        }
    }

    public async Task<IReadOnlyList<string>> CheckLivenessAsync()
    {
        if (!state.RecordExists)
        {
            return [];
        }

        var silentFor = time.GetUtcNow() - (State.LastSeen ?? State.RegisteredAt);
        if (!State.Lost && silentFor > options.Value.LostAfter)
        {
            State.Lost = true;
            EndSession();
            await SaveAsync();
            LogLost(PrimaryKey, options.Value.LostAfter, QueuedOrders().Count);
        }

        var queued = State.Lost ? QueuedOrders() : [];
        var reason = $"site {PrimaryKey} silent for more than {options.Value.LostAfter}";
        foreach (var orderId in queued)
        {
            // One way: each order asks this site to withdraw its job in the order's own turn, never inside this one.
            await GrainFactory.GetGrain<IOrderGrain>(orderId).LeaveLostSiteAsync(PrimaryKey, reason);
        }

        await WatchLivenessAsync();
        return queued;
    }

    /// <summary>Keeps the timer and the reminder while there is something to watch: a live site, or a lost one still holding orders.</summary>
    private async Task WatchLivenessAsync()
    {
        if (state.RecordExists && (!State.Lost || QueuedOrders().Count > 0))
        {
            var every = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.Value.LostAfter.Ticks / 4));
            _liveness ??= this.RegisterGrainTimer(_ => CheckLivenessAsync(), new GrainTimerCreationOptions(every, every) { KeepAlive = true });
            if (!_reminded)
            {
                var period = every < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : every;
                await this.RegisterOrUpdateReminder(LivenessReminder, period, period);
                _reminded = true;
            }

            return;
        }

        _liveness?.Dispose();
        _liveness = null;
        if (await this.GetReminder(LivenessReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminded = false;
    }

    private List<string> QueuedOrders() =>
        State.Cells.Values.SelectMany(c => c.Queue).Where(j => j.Status == CellJobStatus.Queued).Select(j => j.OrderId).Distinct().ToList();

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Site {SiteId} is lost (no sign of life for {LostAfter}); moving its {Queued} queued orders")]
    private partial void LogLost(string siteId, TimeSpan lostAfter, int queued);
}

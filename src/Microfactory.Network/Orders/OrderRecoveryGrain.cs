using Microfactory.Network.Directory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Microfactory.Network.Orders;

[GrainType("order-recovery")]
public sealed partial class OrderRecoveryGrain(NetworkDirectory directory, IOptions<NetworkOptions> options, TimeProvider time, ILogger<OrderRecoveryGrain> logger)
    : Grain, IOrderRecoveryGrain, IRemindable
{
    private const string Reminder = "recover";

    // A nudge waits this long so a burst of network changes (every site of a region reporting) makes one pass.
    private static readonly TimeSpan NudgeDelay = TimeSpan.FromMilliseconds(200);

    private IGrainTimer? _nudged;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = options.Value.RecoveryInterval;
        this.RegisterGrainTimer(_ => TickAsync(options.Value.StuckAfter), new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        var period = every < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : every;
        await this.RegisterOrUpdateReminder(Reminder, period, period);
    }

    public async Task StartAsync() => await TickAsync(TimeSpan.Zero);

    public Task NudgeAsync()
    {
        _nudged ??= this.RegisterGrainTimer(async _ =>
        {
            _nudged?.Dispose();
            _nudged = null;
            await TickAsync(options.Value.StuckAfter);
        }, new GrainTimerCreationOptions(NudgeDelay, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync(options.Value.StuckAfter);

    public async Task<int> PassAsync(TimeSpan stuckAfter)
    {
        var moved = 0;
        var cutoff = time.GetUtcNow() - stuckAfter;
        foreach (var id in directory.Orders.WithStatus(OrderStatus.Received, OrderStatus.Routed))
        {
            if (!directory.Orders.TryGet(id, out var summary) || summary.UpdatedAt > cutoff)
            {
                continue;
            }

            var after = await GrainRetry.OnConflictAsync(() => GrainFactory.GetGrain<IOrderGrain>(id).ResumeAsync());
            if (after is not null && after.Status != summary.Status)
            {
                moved++;
            }
        }

        foreach (var id in directory.Orders.WithStatus(OrderStatus.Unroutable))
        {
            var after = await GrainRetry.OnConflictAsync(() => GrainFactory.GetGrain<IOrderGrain>(id).RetryRoutingAsync());
            if (after is not null && after.Status != OrderStatus.Unroutable)
            {
                moved++;
            }
        }

        if (moved > 0)
        {
            LogMoved(moved);
        }

        return moved;
    }

    private async Task TickAsync(TimeSpan stuckAfter)
    {
        try
        {
            await PassAsync(stuckAfter);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(ex);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Recovery moved {Count} orders on")]
    private partial void LogMoved(int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Order recovery pass failed; will try again")]
    private partial void LogPassFailed(Exception exception);
}

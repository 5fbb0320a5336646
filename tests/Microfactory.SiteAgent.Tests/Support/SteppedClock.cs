using Microfactory.Testing;

namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that also knows which timers are pending, so a test can wait until
/// the code under test is waiting on the clock and then move exactly to the next due time. No sleeps,
/// no guessing how far to advance.
/// </summary>
public sealed class SteppedClock : TimeProvider
{
    private readonly ManualTimeProvider _clock = new();
    private readonly Lock _gate = new();
    private readonly List<TrackedTimer> _pending = [];
    private TaskCompletionSource _changed = NewSignal();

    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    public override long GetTimestamp() => _clock.GetTimestamp();

    public override long TimestampFrequency => _clock.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this);
        timer.Attach(_clock.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            dueTime,
            period));
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock; timers due on the way fire inside this call.</summary>
    public void Advance(TimeSpan by)
    {
        // Real timers fire on threads without a synchronization context; xunit's would keep the code
        // under test from reacting inline, and the test could move time on before it had.
        var testContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            _clock.Advance(by);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(testContext);
        }
    }

    /// <summary>Waits until something waits on the clock, then advances to the earliest due time.</summary>
    public async Task AdvanceToNextTimerAsync(string awaited)
    {
        var due = await NextDueAsync(null, awaited) ?? throw new InvalidOperationException("No timer and nothing to wait for.");
        Advance(due - GetUtcNow());
    }

    /// <summary>Waits until something waits on the clock (without moving it).</summary>
    public async Task NextTimerSetAsync(string awaited) => await NextDueAsync(null, awaited);

    /// <summary>Waits until something waits on the clock; returns the earliest due time without moving the clock.</summary>
    public async Task<DateTimeOffset> NextDueTimeAsync(string awaited) => (await NextDueAsync(null, awaited))!.Value;

    /// <summary>Waits until a timer is due within <paramref name="horizon"/> of now and advances to it (timers further out are left alone).</summary>
    public async Task AdvanceToTimerWithinAsync(TimeSpan horizon, string awaited)
    {
        var due = await TimerWithinAsync(horizon, awaited);
        Advance(due - GetUtcNow());
    }

    /// <summary>Waits until a timer is due within <paramref name="horizon"/> of now; returns its due time without moving the clock.</summary>
    public async Task<DateTimeOffset> TimerWithinAsync(TimeSpan horizon, string awaited)
    {
        while (true)
        {
            Task changed;
            DateTimeOffset? next;
            lock (_gate)
            {
                next = _pending.Select(t => t.DueAt).Where(d => d is not null && d <= GetUtcNow() + horizon).Min();
                changed = _changed.Task;
            }

            if (next is { } due)
            {
                return due;
            }

            await changed.Within($"a timer within {horizon} while waiting for {awaited}");
        }
    }

    /// <summary>Advances timer by timer until <paramref name="work"/> completes; returns its result.</summary>
    public async Task<T> RunUntilDoneAsync<T>(Task<T> work, string awaited)
    {
        while (!work.IsCompleted)
        {
            if (await NextDueAsync(work, awaited) is { } due)
            {
                Advance(due - GetUtcNow());
            }
        }

        return await work.Within(awaited);
    }

    private async Task<DateTimeOffset?> NextDueAsync(Task? orUntil, string awaited)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var next = _pending.Select(t => t.DueAt).Where(d => d is not null).Min();
                if (next is not null)
                {
                    return next;
                }

                changed = _changed.Task;
            }

            if (orUntil is null)
            {
                await changed.Within($"a timer to be set while waiting for {awaited}");
            }
            else if (await Task.WhenAny(changed, orUntil).Within($"a timer or the end of {awaited}") == orUntil)
            {
                return null;
            }
        }
    }

    private void Update(TrackedTimer timer, DateTimeOffset? dueAt)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            timer.DueAt = dueAt;
            _pending.Remove(timer);
            if (dueAt is not null)
            {
                _pending.Add(timer);
            }

            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class TrackedTimer(SteppedClock owner) : ITimer
    {
        private ITimer? _inner;
        private TimeSpan? _period;

        public DateTimeOffset? DueAt { get; set; }

        public void Attach(ITimer inner) => _inner = inner;

        public void Fired() =>
            owner.Update(this, _period is { } p && p > TimeSpan.Zero ? owner.GetUtcNow() + p : null);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period == Timeout.InfiniteTimeSpan ? null : period;
            _inner!.Change(dueTime, period);
            owner.Update(this, dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime);
            return true;
        }

        public void Dispose()
        {
            _inner!.Dispose();
            owner.Update(this, null);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

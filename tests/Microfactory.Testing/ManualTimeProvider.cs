namespace Microfactory.Testing;

/// <summary>
/// A clock that moves only when a test says so. Timers created from it fire, in due-time order, inside
/// <see cref="Advance"/>, so tests of timeouts, heartbeats and idle collection need no sleeps.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset? start = null) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start ?? new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _ticks += (target - _now).Ticks;
                    _now = target;
                    return;
                }

                _ticks += (next.DueAt!.Value - _now).Ticks;
                _now = next.DueAt!.Value;
                next.DueAt = next.Period is { } p && p > TimeSpan.Zero ? _now + p : null;
            }

            next.Fire();
        }
    }

    /// <summary>
    /// Moves the clock forward at once, then fires each timer due by then once (a periodic one is due next a period
    /// after the new time). For a whole host on this clock, where some timer re-arms itself at zero delay and would
    /// keep <see cref="Advance"/> firing it for ever.
    /// </summary>
    public void Jump(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            _ticks += by.Ticks;
            due = _timers.Where(t => t.DueAt is { } at && at <= _now).OrderBy(t => t.DueAt).ToList();
            foreach (var timer in due)
            {
                timer.DueAt = timer.Period is { } p && p > TimeSpan.Zero ? _now + p : null;
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Track(ManualTimer timer, bool active)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (active)
            {
                _timers.Add(timer);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var infinite = dueTime == Timeout.InfiniteTimeSpan;
            DueAt = infinite ? null : owner.GetUtcNow() + dueTime;
            Period = period == Timeout.InfiniteTimeSpan ? null : period;
            owner.Track(this, !infinite);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Track(this, false);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

namespace Microfactory.SiteAgent.Simulation;

/// <summary>
/// Whether a simulated machine is up, and timed work steps that a breakdown interrupts: a step under way
/// when the machine goes down is lost and starts again from scratch once the machine is back.
/// </summary>
internal sealed class MachineAvailability(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _downUntil = DateTimeOffset.MinValue;
    private string? _downReason;
    private CancellationTokenSource? _stepInProgress;

    public bool IsDown(out DateTimeOffset downUntil, out string reason)
    {
        lock (_gate)
        {
            downUntil = _downUntil;
            reason = _downReason ?? "";
            return _downUntil > time.GetUtcNow();
        }
    }

    /// <summary>Takes the machine down for <paramref name="duration"/> from now (extending a current outage).</summary>
    /// <returns>When the machine is expected back.</returns>
    public DateTimeOffset BreakDown(TimeSpan duration, string reason)
    {
        CancellationTokenSource? interrupted;
        DateTimeOffset until;
        lock (_gate)
        {
            var end = time.GetUtcNow() + duration;
            _downUntil = end > _downUntil ? end : _downUntil;
            _downReason = reason;
            until = _downUntil;
            interrupted = _stepInProgress;
        }

        // Outside the lock, and without the caller's synchronization context (which would stop the
        // continuation from running inline): the interrupted step reports the outage and starts waiting
        // for the repair before BreakDown returns, so the simulation stays deterministic.
        if (interrupted is not null)
        {
            var callerContext = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                interrupted.Cancel();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(callerContext);
            }
        }

        return until;
    }

    /// <summary>
    /// Performs one step of <paramref name="duration"/> machine time, waiting out any outage first.
    /// Cancellation always ends a wait for repair; it ends the step itself only when
    /// <paramref name="finishOnceStarted"/> is false (a part on the machine is finished, a changeover is not).
    /// </summary>
    /// <exception cref="OperationCanceledException">The step was abandoned.</exception>
    public async Task PerformAsync(
        TimeSpan duration,
        bool finishOnceStarted,
        Action<string> onDown,
        Action onUp,
        CancellationToken cancellationToken)
    {
        var reportedDown = false;
        while (true)
        {
            while (IsDown(out var until, out var reason))
            {
                if (!reportedDown)
                {
                    reportedDown = true;
                    onDown(reason);
                }

                await ClockDelay.WaitAsync(time, until - time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }

            if (reportedDown)
            {
                reportedDown = false;
                onUp();
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Not disposed: BreakDown may still cancel it from another thread after the step ended,
            // and a source without timers holds nothing that needs disposing.
            var breakdown = new CancellationTokenSource();
            lock (_gate)
            {
                _stepInProgress = breakdown;
            }

            using var step = finishOnceStarted
                ? CancellationTokenSource.CreateLinkedTokenSource(breakdown.Token)
                : CancellationTokenSource.CreateLinkedTokenSource(breakdown.Token, cancellationToken);
            try
            {
                await ClockDelay.WaitAsync(time, duration, step.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (breakdown.IsCancellationRequested)
            {
                // The machine went down mid-step: wait for the repair, then redo the step.
            }
            finally
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_stepInProgress, breakdown))
                    {
                        _stepInProgress = null;
                    }
                }
            }
        }
    }
}

namespace Microfactory.SiteAgent.Simulation;

/// <summary>
/// A delay on a <see cref="TimeProvider"/> whose awaiter resumes on the thread that fires the timer.
/// <c>Task.Delay(TimeSpan, TimeProvider)</c> resumes asynchronously, so under a manual clock the caller of
/// <c>Advance</c> could move time on before the simulated machine reacted to the tick (starting its next
/// part late). Resuming inline makes each tick's work finish inside the tick: the simulation is
/// deterministic under any clock.
/// </summary>
internal static class ClockDelay
{
    public static Task WaitAsync(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        return delay <= TimeSpan.Zero ? Task.CompletedTask : new Waiter(time, delay, cancellationToken).Task;
    }

    private sealed class Waiter : TaskCompletionSource
    {
        private readonly ITimer? _timer;
        private readonly CancellationTokenRegistration _registration;
        private int _finished;

        public Waiter(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
        {
            _timer = time.CreateTimer(static state => ((Waiter)state!).Elapse(), this, delay, Timeout.InfiniteTimeSpan);
            _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), this);
        }

        private void Elapse()
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                // A fired one-shot timer is still registered with its provider until disposed.
                _timer?.Dispose();
                _registration.Unregister();
                TrySetResult();
            }
        }

        private void Cancel(CancellationToken token)
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                _timer?.Dispose();
                TrySetCanceled(token);
            }
        }
    }
}

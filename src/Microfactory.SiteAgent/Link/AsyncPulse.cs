namespace Microfactory.SiteAgent.Link;

/// <summary>
/// Wakes every waiter once per <see cref="Pulse"/>. Take <see cref="Next"/> before checking the state you
/// wait for, so a pulse between the check and the await is not lost.
/// </summary>
internal sealed class AsyncPulse
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = New();

    public Task Next
    {
        get
        {
            lock (_gate)
            {
                return _next.Task;
            }
        }
    }

    public void Pulse()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _next;
            _next = New();
        }

        fired.TrySetResult();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

namespace Microfactory.Network.Link;

/// <summary>
/// One agent stream's observer object. The stream keeps it (Orleans holds observers weakly) for as long as it
/// follows the outbox; a wake replaces the pending task, so a wait taken before a read never misses a change.
/// </summary>
internal sealed class SiteLinkFollower(SiteSessions.Session session) : ISiteLinkObserver
{
    private TaskCompletionSource _change = NewChange();

    /// <summary>Completes at the next <see cref="OutboxChanged"/>; take it before reading the outbox.</summary>
    public Task NextChange => Volatile.Read(ref _change).Task;

    public Task OutboxChanged(long lastSequence)
    {
        Interlocked.Exchange(ref _change, NewChange()).TrySetResult();
        return Task.CompletedTask;
    }

    public Task Replaced(string newSessionId)
    {
        session.Replace();
        return Task.CompletedTask;
    }

    public Task Ended(string reason)
    {
        session.End(reason);
        return Task.CompletedTask;
    }

    private static TaskCompletionSource NewChange() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

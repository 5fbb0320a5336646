using System.Collections.Concurrent;

namespace Microfactory.Network.Sites;

/// <summary>
/// Wakes whatever pushes a site's outbox (its agent stream on this node) when the site's state changed, so new
/// assignments go out at once rather than on the next poll.
/// </summary>
public sealed class SiteSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public void Notify(string siteId)
    {
        if (_waiting.TryRemove(siteId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    /// <summary>A task that completes at the next <see cref="Notify"/> for the site.</summary>
    public Task WaitAsync(string siteId, CancellationToken cancellationToken)
    {
        var signal = _waiting.GetOrAdd(siteId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return signal.Task.WaitAsync(cancellationToken);
    }
}

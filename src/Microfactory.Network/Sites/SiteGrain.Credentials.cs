namespace Microfactory.Network.Sites;

/// <summary>
/// Ending the agent's stream when the site's credentials are revoked. The stream's silo learns of it through the
/// session's observer; a session that connected but has not yet followed (so has no observer here) is told at its
/// first follow call, which is why the reason is kept (in memory: a re-activated site has no stream to end).
/// </summary>
public sealed partial class SiteGrain
{
    private (string SessionId, string Reason)? _ended;

    public Task EndSessionAsync(string reason)
    {
        if (State.Connected && State.SessionId is { } current)
        {
            _ended = (current, reason);
            TellIfEnded();
        }

        return Task.CompletedTask;
    }

    private void TellIfEnded()
    {
        if (_ended is { } ended && _follower is { } follower && follower.SessionId == ended.SessionId)
        {
            _ = follower.Observer.Ended(ended.Reason);
        }
    }
}

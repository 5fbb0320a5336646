using Microfactory.Network.Link;

namespace Microfactory.Network.Sites;

/// <summary>
/// Which stream, on whichever silo, pushes this site's outbox: the current session's observer, woken after each write
/// that added a message. Kept in memory only: a re-activated site (its silo died) hears of it again at the stream's
/// next follow call, which it makes at least every <see cref="SiteLink.FollowRefresh"/>.
/// </summary>
public sealed partial class SiteGrain
{
    private (string SessionId, ISiteLinkObserver Observer)? _follower;
    private long _announced;

    public async Task<SiteFollow> FollowAsync(string sessionId, ISiteLinkObserver observer, long afterSequence)
    {
        if (State.SessionId != sessionId)
        {
            return new SiteFollow(false, []);
        }

        _follower = (sessionId, observer);
        TellIfEnded();
        _announced = Math.Max(_announced, afterSequence);
        await SessionSeenAsync(sessionId); // the refresh that keeps the site connected
        return new SiteFollow(true, Pending(afterSequence));
    }

    /// <summary>A new session took over: the previous stream (wherever it is) is told to end.</summary>
    private void ReplaceFollower(string sessionId)
    {
        if (_follower is { } previous && previous.SessionId != sessionId)
        {
            _ = previous.Observer.Replaced(sessionId);
        }

        _follower = null;
    }

    private void ForgetFollower(string sessionId)
    {
        if (_follower?.SessionId == sessionId)
        {
            _follower = null;
        }
    }

    private void AnnounceOutbox()
    {
        if (_follower is { } follower && State.LastSequence > _announced)
        {
            _announced = State.LastSequence;
            _ = follower.Observer.OutboxChanged(State.LastSequence);
        }
    }
}

using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Microfactory.Network.Sites;

/// <summary>
/// Whether the site's agent is connected, which routing requires of every new job: true only while the current
/// session's stream shows life (its Connect, its follow calls every <see cref="Link.SiteLink.FollowRefresh"/>, its
/// heartbeats) within <see cref="NetworkOptions.SessionExpiry"/>. A stream that dies with its silo never ends its
/// session, so the stored flag alone proves nothing: a fresh activation stores the site as disconnected until the
/// stream shows life again, and a timer marks a session that went silent. A silent session (not ended) comes back
/// with its stream's next follow or heartbeat; an ended or replaced one only through a new Connect.
/// </summary>
public sealed partial class SiteGrain
{
    private DateTimeOffset? _sessionSeenAt;
    private IGrainTimer? _sessionWatch;

    /// <summary>A session opened (its Connect): the site is connected from now on.</summary>
    private void OpenSession()
    {
        State.Connected = true;
        State.DisconnectedSince = null;
        _sessionSeenAt = time.GetUtcNow();
        WatchSession();
    }

    /// <summary>The session ended (the stream closed, or the site was lost): nothing of it brings the site back.</summary>
    private void EndSession()
    {
        if (State.Connected)
        {
            State.DisconnectedSince = time.GetUtcNow();
        }

        State.Connected = false;
        State.SessionId = null;
        _sessionSeenAt = null;
    }

    /// <summary>The session's stream showed life; a session judged silent is connected again (and published).</summary>
    private async Task SessionSeenAsync(string? sessionId = null)
    {
        if (State.SessionId is null || (sessionId is not null && sessionId != State.SessionId))
        {
            return;
        }

        _sessionSeenAt = time.GetUtcNow();
        WatchSession();
        if (!State.Connected)
        {
            State.Connected = true;
            State.DisconnectedSince = null;
            await SaveAsync();
            LogSessionBack(PrimaryKey, State.SessionId);
        }
    }

    /// <summary>On activation: a stored "connected" may be a stream that died with its silo; it counts only once the stream shows life here.</summary>
    private async Task DistrustStoredSessionAsync()
    {
        if (!state.RecordExists || !State.Connected)
        {
            return;
        }

        State.Connected = false;
        State.DisconnectedSince = State.LastSeen ?? time.GetUtcNow();
        await SaveAsync();
    }

    /// <summary>The session watch's tick: a connected session silent past the expiry is marked disconnected.</summary>
    private async Task CheckSessionAsync()
    {
        var silentSince = _sessionSeenAt;
        if (State.Connected && silentSince is { } seen && time.GetUtcNow() - seen > options.Value.SessionExpiry)
        {
            State.Connected = false;
            State.DisconnectedSince = seen;
            await SaveAsync();
            LogSessionSilent(PrimaryKey, State.SessionId, options.Value.SessionExpiry);
        }

        if (!State.Connected)
        {
            _sessionWatch?.Dispose();
            _sessionWatch = null;
        }
    }

    private void WatchSession()
    {
        var every = options.Value.SessionExpiry / 2;
        _sessionWatch ??= this.RegisterGrainTimer(_ => CheckSessionAsync(), new GrainTimerCreationOptions(every, every) { KeepAlive = true });
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Site {SiteId} is disconnected: its session {SessionId} showed no life for {Expiry} (its stream or the silo holding it is gone)")]
    private partial void LogSessionSilent(string siteId, string? sessionId, TimeSpan expiry);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Site {SiteId} is connected again: its session {SessionId} showed life")]
    private partial void LogSessionBack(string siteId, string? sessionId);
}

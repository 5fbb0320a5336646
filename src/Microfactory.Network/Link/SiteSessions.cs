using System.Collections.Concurrent;

namespace Microfactory.Network.Link;

/// <summary>
/// The agent sessions this node holds, one per site: a newer session for a site replaces the older one, which is
/// told to end. Liveness checks ask it whether a site's agent is connected here.
/// </summary>
public sealed class SiteSessions
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    /// <summary>Registers a session; the one it replaces (if any) has its token cancelled.</summary>
    public Session Open(string siteId, string sessionId)
    {
        var session = new Session(siteId, sessionId);
        _sessions.AddOrUpdate(siteId, session, (_, old) =>
        {
            old.Replace();
            return session;
        });
        return session;
    }

    public void Close(Session session) => _sessions.TryRemove(new KeyValuePair<string, Session>(session.SiteId, session));

    public bool IsConnected(string siteId) => _sessions.ContainsKey(siteId);

    public sealed class Session(string siteId, string id)
    {
        private readonly CancellationTokenSource _replaced = new();
        private readonly CancellationTokenSource _ended = new();
        private string? _endReason;

        public string SiteId { get; } = siteId;

        public string Id { get; } = id;

        /// <summary>Cancelled when a newer session for the same site took over.</summary>
        public CancellationToken Replaced => _replaced.Token;

        /// <summary>Cancelled when the site's credentials were revoked; <see cref="EndReason"/> says why.</summary>
        public CancellationToken Ended => _ended.Token;

        public string? EndReason => Volatile.Read(ref _endReason);

        internal void Replace() => _replaced.Cancel();

        internal void End(string reason)
        {
            Interlocked.CompareExchange(ref _endReason, reason, null);
            _ended.Cancel();
        }
    }
}

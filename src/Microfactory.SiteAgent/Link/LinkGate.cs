namespace Microfactory.SiteAgent.Link;

/// <summary>
/// Whether the agent may start queued jobs: after <c>lost_after</c> without a stream the orchestrator may have
/// given them to other sites, so they wait until the link is back (docs/agent-protocol.md, "Reconnecting").
/// </summary>
public sealed class LinkGate
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private bool _connected;
    private DateTimeOffset _disconnectedSince;
    private DateTimeOffset _connectedSince;
    private TimeSpan? _lostAfter;

    public LinkGate(TimeProvider time, TimeSpan? lostAfter)
    {
        _time = time;

        // A restarted agent does not know how long it was away: count from its start.
        _disconnectedSince = time.GetUtcNow();
        _lostAfter = lostAfter;
    }

    public bool IsConnected { get { lock (_gate) { return _connected; } } }

    /// <summary>When the link last came up, or went down (the agent's start counts as down), for the agent's status.</summary>
    public DateTimeOffset Since { get { lock (_gate) { return _connected ? _connectedSince : _disconnectedSince; } } }

    public bool MayStartQueuedJobs
    {
        get
        {
            lock (_gate)
            {
                return _connected || _lostAfter is not { } lostAfter || _time.GetUtcNow() - _disconnectedSince < lostAfter;
            }
        }
    }

    public void Connected(TimeSpan? lostAfter)
    {
        lock (_gate)
        {
            _connected = true;
            _connectedSince = _time.GetUtcNow();
            _lostAfter = lostAfter;
        }
    }

    public void Disconnected()
    {
        lock (_gate)
        {
            if (_connected)
            {
                _connected = false;
                _disconnectedSince = _time.GetUtcNow();
            }
        }
    }
}

using Orleans;
using Orleans.Concurrency;

namespace Microfactory.Network.Link;

/// <summary>
/// The silo holding a site's agent stream, as its Site grain sees it (a grain observer: the stream may be on any
/// silo). Both calls are one way and only wake the stream: the outbox stays the truth, read on the next follow call.
/// </summary>
[Alias("site-link-observer")]
public interface ISiteLinkObserver : IGrainObserver
{
    /// <summary>The outbox now holds messages up to <paramref name="lastSequence"/>.</summary>
    [OneWay]
    Task OutboxChanged(long lastSequence);

    /// <summary>A newer Connect (on this or another silo) took over the site: this stream must end.</summary>
    [OneWay]
    Task Replaced(string newSessionId);

    /// <summary>The site's credentials were revoked: this stream must end, telling the agent <paramref name="reason"/>.</summary>
    [OneWay]
    Task Ended(string reason);
}

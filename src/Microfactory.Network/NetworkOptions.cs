using System.ComponentModel.DataAnnotations;

namespace Microfactory.Network;

public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>How many sites may fail or refuse one order before it is marked Failed.</summary>
    [Range(1, 20)]
    public int MaxAttemptsPerOrder { get; set; } = 3;

    /// <summary>Whether a capable cell without the order's design may have it installed first (costs a changeover).</summary>
    public bool AllowDesignInstall { get; set; } = true;

    /// <summary>How often unroutable and unfinished orders are looked at again, besides on network changes.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An order left Received or Routed this long is taken to be stopped midway (its submitter crashed) and is continued.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A site whose agent has been silent this long is lost: routing skips it and its queued, not started, jobs go
    /// to other sites. Until then a disconnected site is not a dead one.
    /// </summary>
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An agent session that shows no life this long (no follow call, which its stream makes every 5 s, and no
    /// heartbeat) counts as disconnected: its stream, or the silo holding it, is gone. Routing gives a disconnected
    /// site no new work; its jobs stay until <see cref="LostAfter"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromSeconds(20);
}

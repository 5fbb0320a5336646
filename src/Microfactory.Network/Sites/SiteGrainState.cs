using Microfactory.Network.Cells;
using Microfactory.Network.Designs;
using Orleans;

namespace Microfactory.Network.Sites;

[GenerateSerializer]
public sealed class SiteGrainState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public string CityId { get; set; } = "";

    [Id(2)]
    public double Latitude { get; set; }

    [Id(3)]
    public double Longitude { get; set; }

    [Id(4)]
    public DateTimeOffset RegisteredAt { get; set; }

    [Id(5)]
    public bool Draining { get; set; }

    /// <summary>
    /// The current session's stream showed life lately (see SiteGrain.Session.cs); routing gives new work only then.
    /// A fresh activation does not trust it: it is stored false until the stream shows life again.
    /// </summary>
    [Id(6)]
    public bool Connected { get; set; }

    /// <summary>When the site last stopped being connected; null while connected or if its agent never connected.</summary>
    [Id(23)]
    public DateTimeOffset? DisconnectedSince { get; set; }

    /// <summary>Silent past lost_after (or never connected): routing skips the site until its agent returns.</summary>
    [Id(7)]
    public bool Lost { get; set; } = true;

    /// <summary>The agent session the site is connected under (null once it ended); a newer session replaces it.</summary>
    [Id(8)]
    public string? SessionId { get; set; }

    /// <summary>The last sequenced agent message recorded, so resends are recognised.</summary>
    [Id(9)]
    public long LastAgentSequence { get; set; }

    /// <summary>Jobs that finished or were withdrawn lately (job id to order id), so a resent update still reaches its order.</summary>
    [Id(10)]
    public Dictionary<string, string> RecentJobs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Jobs taken back from this site (moved elsewhere); a withdrawal is idempotent.</summary>
    [Id(11)]
    public HashSet<string> Withdrawn { get; set; } = new(StringComparer.Ordinal);

    [Id(12)]
    public DateTimeOffset? LastSeen { get; set; }

    [Id(13)]
    public Dictionary<string, CellView> Cells { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Active jobs by job id, with the cell each runs on.</summary>
    [Id(14)]
    public Dictionary<string, JobAssignment> Jobs { get; set; } = new(StringComparer.Ordinal);

    [Id(15)]
    public List<OutboxMessage> Outbox { get; set; } = [];

    /// <summary>The latest status per design key (<c>product@version</c>), as asked and as the agent acknowledged.</summary>
    [Id(16)]
    public Dictionary<string, SiteDesignStatus> Designs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Instructions already queued (rollout, design, action), so sending one again queues nothing.</summary>
    [Id(17)]
    public HashSet<string> DesignInstructions { get; set; } = new(StringComparer.Ordinal);

    [Id(18)]
    public long LastSequence { get; set; }

    [Id(19)]
    public long AcknowledgedSequence { get; set; }

    [Id(20)]
    public long Version { get; set; }

    /// <summary>The cells the agent's last hello listed, with their capabilities (normalised); null before any hello.</summary>
    [Id(21)]
    public Dictionary<string, List<string>>? HelloCells { get; set; }

    /// <summary>Where the last hello disagreed with the site's definition (see <see cref="SiteView.AgentMismatches"/>).</summary>
    [Id(22)]
    public List<string> AgentMismatches { get; set; } = [];
}

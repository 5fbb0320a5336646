using Microfactory.Network.Cells;
using Microfactory.Network.Designs;

namespace Microfactory.Network.Sites;

public sealed class SiteGrainState
{
    public string Name { get; set; } = "";

    public string CityId { get; set; } = "";

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public bool Draining { get; set; }

    public bool Connected { get; set; }

    /// <summary>Silent past lost_after (or never connected): routing skips the site until its agent returns.</summary>
    public bool Lost { get; set; } = true;

    /// <summary>The agent session the site is connected under; a newer session replaces it.</summary>
    public string? SessionId { get; set; }

    /// <summary>The last sequenced agent message recorded, so resends are recognised.</summary>
    public long LastAgentSequence { get; set; }

    /// <summary>Jobs that finished or were withdrawn lately (job id to order id), so a resent update still reaches its order.</summary>
    public Dictionary<string, string> RecentJobs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Jobs taken back from this site (moved elsewhere); a withdrawal is idempotent.</summary>
    public HashSet<string> Withdrawn { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset? LastSeen { get; set; }

    public Dictionary<string, CellView> Cells { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Active jobs by job id, with the cell each runs on.</summary>
    public Dictionary<string, JobAssignment> Jobs { get; set; } = new(StringComparer.Ordinal);

    public List<OutboxMessage> Outbox { get; set; } = [];

    /// <summary>The latest status per design key (<c>product@version</c>), as asked and as the agent acknowledged.</summary>
    public Dictionary<string, SiteDesignStatus> Designs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Instructions already queued (rollout, design, action), so sending one again queues nothing.</summary>
    public HashSet<string> DesignInstructions { get; set; } = new(StringComparer.Ordinal);

    public long LastSequence { get; set; }

    public long AcknowledgedSequence { get; set; }

    public long Version { get; set; }
}

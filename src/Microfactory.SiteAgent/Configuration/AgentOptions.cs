namespace Microfactory.SiteAgent.Configuration;

/// <summary>The site agent's configuration (section <c>Agent</c>; environment variables <c>Agent__SiteId</c> and so on).</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>Where the orchestrator's agent endpoint listens, e.g. https://orchestrator.example:7443.</summary>
    public Uri? OrchestratorUrl { get; set; }

    /// <summary>This factory's site id as registered with the orchestrator, e.g. "osaka-01".</summary>
    public string SiteId { get; set; } = "";

    /// <summary>
    /// The site's secret, sent as <c>authorization: Bearer</c> metadata. Never logged; set it through the environment
    /// (<c>Agent__Credential</c>), not appsettings.json. Unset: the credential the agent got by enrolment, kept in
    /// <c>&lt;StateDirectory&gt;/site-credential</c>.
    /// </summary>
    public string Credential { get; set; } = "";

    /// <summary>
    /// A one-time enrolment token from an admin (<c>mf sites enrol</c>): on a first start without a credential the agent
    /// trades it for the site's credential and keeps that in its state directory; later starts do not need it.
    /// Never logged; set it through the environment (<c>Agent__EnrolmentToken</c>).
    /// </summary>
    public string? EnrolmentToken { get; set; }

    /// <summary>The production cells this agent drives.</summary>
    public List<CellOptions> Cells { get; set; } = [];

    /// <summary>Where the agent keeps its durable state (jobs, outbox, sequences); unset: <c>.data/agent-&lt;SiteId&gt;</c>.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>How long to wait for the orchestrator's Welcome after sending Hello before giving the stream up.</summary>
    public TimeSpan WelcomeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most one PROGRESS update per job this often (parts finishing faster are batched).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The agent's local HTTP endpoint (status, operator confirmations); off unless <c>Agent:Local:Url</c> is set.</summary>
    public LocalEndpointOptions Local { get; set; } = new();

    /// <summary>Design bundle download and install settings.</summary>
    public DesignOptions Designs { get; set; } = new();

    /// <summary>The state directory in use: <see cref="StateDirectory"/>, or <c>.data/agent-&lt;SiteId&gt;</c>.</summary>
    public string ResolveStateDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(StateDirectory) ? Path.Combine(".data", $"agent-{SiteId}") : StateDirectory);

    // Options objects end up in debugger views and exception messages; keep the credential out of them.
    public override string ToString() => $"Agent {SiteId} -> {OrchestratorUrl} ({Cells.Count} cells, credential and enrolment token redacted)";
}

namespace Microfactory.SiteAgent.Configuration;

/// <summary>How the agent downloads and installs design bundles (section <c>Agent:Designs</c>).</summary>
public sealed class DesignOptions
{
    /// <summary>Downloads of one bundle (a broken stream or a SHA-256 mismatch each cost one) before the update is answered FAILED.</summary>
    public int MaxDownloadAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; doubles for each further one.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The deadline of one DownloadArtifact call. A download still running then ends DEADLINE_EXCEEDED and costs one
    /// attempt; the next resumes from the bytes already on disk, so a slow link gets there over several calls.
    /// </summary>
    public TimeSpan DownloadDeadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Fault injection for tests and demos: installs of these design versions (product@version) fail with a clear reason.</summary>
    public List<string> FailInstallFor { get; set; } = [];
}

namespace Microfactory.SiteAgent.Drivers;

/// <summary>Work for one cell: make <see cref="Quantity"/> parts of a design.</summary>
public sealed record CellJob
{
    /// <param name="jobId">The orchestrator's job id (the de-duplication key).</param>
    /// <param name="orderId">The customer order the job serves.</param>
    /// <param name="designVersion">The design to make; it must be installed on the cell.</param>
    /// <param name="quantity">Parts still to attempt; good + scrap equals this when the run completes.</param>
    /// <param name="designSha256">When given, the installed bundle's hash must match it.</param>
    public CellJob(string jobId, string orderId, string designVersion, int quantity, string? designSha256 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(designVersion);
        if (quantity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"Job '{jobId}' must make at least one part.");
        }

        JobId = jobId;
        OrderId = orderId;
        DesignVersion = designVersion;
        Quantity = quantity;
        DesignSha256 = string.IsNullOrEmpty(designSha256) ? null : designSha256;
    }

    public string JobId { get; }

    public string OrderId { get; }

    public string DesignVersion { get; }

    public int Quantity { get; }

    public string? DesignSha256 { get; }

    /// <summary>Good parts this job made before this run (a job resumed after an agent restart or an outage); <see cref="Quantity"/> is what remains.</summary>
    public int GoodBefore { get; init; }

    /// <summary>Scrap parts this job made before this run.</summary>
    public int ScrapBefore { get; init; }

    /// <summary>
    /// The order's customisation, by parameter name, as text exactly as the orchestrator sent it (already checked against
    /// the design). A driver uses what its cell's configuration maps and ignores the rest.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

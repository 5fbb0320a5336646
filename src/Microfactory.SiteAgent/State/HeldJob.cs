namespace Microfactory.SiteAgent.State;

/// <summary>Where a held job is in its life on this site.</summary>
public enum HeldJobStatus
{
    /// <summary>Accepted and waiting in its cell's queue.</summary>
    Queued,

    /// <summary>Taken by its cell; resumes from its counts after an agent restart.</summary>
    Running,

    /// <summary>Ended (done, failed, cancelled or rejected); kept so a repeated assignment is never run again.</summary>
    Finished,
}

/// <summary>A job the agent holds, as persisted in its state directory.</summary>
public sealed class HeldJob
{
    public string JobId { get; set; } = "";

    public string OrderId { get; set; } = "";

    public string CellId { get; set; } = "";

    public string DesignVersion { get; set; } = "";

    public string DesignSha256 { get; set; } = "";

    public int Quantity { get; set; }

    public int Priority { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    /// <summary>Order of arrival, the last tie-breaker of the queue.</summary>
    public long ArrivalOrder { get; set; }

    public string Traceparent { get; set; } = "";

    public string Tracestate { get; set; } = "";

    public HeldJobStatus Status { get; set; }

    public int Good { get; set; }

    public int Scrap { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The agent sequence of the job's final update; 0 while it has none.</summary>
    public ulong FinalSequence { get; set; }

    /// <summary>A cancellation arrived while the job ran; honoured again after a restart.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>The latest JobUpdate sent for the job (protobuf, base64), as Hello lists it.</summary>
    public string LatestUpdate { get; set; } = "";

    /// <summary>The order's parameter values by name, as the assignment carried them.</summary>
    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Energy the machine metered for the job (kWh); null when it reports none.</summary>
    public double? EnergyKwh { get; set; }

    public int Made => Good + Scrap;

    internal HeldJob Clone()
    {
        var copy = (HeldJob)MemberwiseClone();
        copy.Parameters = new Dictionary<string, string>(Parameters, StringComparer.Ordinal);
        return copy;
    }
}

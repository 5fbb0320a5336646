namespace Microfactory.SiteAgent.Drivers;

/// <summary>The steps a driver reports while it runs a job.</summary>
public enum JobStage
{
    /// <summary>The cell took the job (a changeover may follow). Maps to the contract's STARTED.</summary>
    Started,

    /// <summary>The cell began setting up for the job's design.</summary>
    ChangeoverStarted,

    /// <summary>The cell is set up and starts making parts.</summary>
    ChangeoverCompleted,

    /// <summary>One more part finished, good or scrap. Maps to the contract's PROGRESS.</summary>
    PartCompleted,

    /// <summary>The machine went down; the step in progress restarts when it is back.</summary>
    MachineDown,

    /// <summary>The machine is back and the job continues.</summary>
    MachineUp,
}

/// <summary>One step of a running job, with the running totals.</summary>
/// <param name="Detail">Human-readable detail (e.g. why the machine went down); null when there is none.</param>
public sealed record JobProgress(string JobId, JobStage Stage, int Good, int Scrap, int Quantity, DateTimeOffset At, string? Detail = null);

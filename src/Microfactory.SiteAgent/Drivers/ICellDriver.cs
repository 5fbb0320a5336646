namespace Microfactory.SiteAgent.Drivers;

/// <summary>
/// The seam between the site agent and one production cell (a simulated machine, a 3D printer behind
/// OctoPrint, a CNC cell on Modbus TCP, ...). A cell runs one job at a time.
/// </summary>
public interface ICellDriver
{
    string CellId { get; }

    /// <summary>Raised whenever the cell's state, loaded design or installed designs change (drives capacity reports).</summary>
    event EventHandler<CellStatus>? StatusChanged;

    /// <summary>What the cell is and can do.</summary>
    CellDescription Describe();

    /// <summary>A snapshot of the cell now.</summary>
    CellStatus GetStatus();

    /// <summary>How long the job would take if started now, changeover included (for backlog estimates).</summary>
    TimeSpan EstimateDuration(string designVersion, int quantity);

    /// <summary>
    /// Runs a job: changes over when the cell is set up for another design, then makes the parts one by one,
    /// reporting each step to <paramref name="progress"/> (called on the driver's own flow; keep it quick).
    /// Cancellation stops the job at the next part boundary and returns <see cref="JobOutcome.Cancelled"/>
    /// with the counts made; it never throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cell is already running another job.</exception>
    Task<JobResult> RunJobAsync(CellJob job, IProgress<JobProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Installs a verified design bundle next to the ones already installed. A running job is not
    /// interrupted: the cell changes over to the new design only when a job asks for it.
    /// </summary>
    Task<DesignInstallResult> InstallDesignAsync(DesignPackage design, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an installed design version (a rollback). The agent calls it only while the cell runs no job;
    /// a cell set up for the removed version changes over at its next job.
    /// </summary>
    Task<DesignInstallResult> RemoveDesignAsync(string designVersion, CancellationToken cancellationToken);
}

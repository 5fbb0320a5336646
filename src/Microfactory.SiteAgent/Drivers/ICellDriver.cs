namespace Microfactory.SiteAgent.Drivers;

/// <summary>
/// The one seam between the site agent and a production cell, whatever the machine family: the simulator, a PLC on
/// Modbus TCP, a printer on MQTT. One factory per family (<see cref="ICellDriverFactory"/>) builds the drivers chosen by
/// <c>Agent:Cells:{n}:Driver</c>. The agent owns the queue (one job at a time per cell), cancellation, the operator
/// gate and, for machines on a wire, the reconnect loop; a driver maps its machine to the job lifecycle.
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

    /// <summary>How the driver's connection to its machine is, and the last error, for the factory's technician.</summary>
    CellHealth GetHealth();

    /// <summary>How long the job would take if started now, changeover included (for backlog estimates).</summary>
    TimeSpan EstimateDuration(string designVersion, int quantity);

    /// <summary>
    /// Starts talking to the machine (a driver on a wire connects and keeps reconnecting in the background); returns
    /// at once, whether or not the machine answers: a machine that is off is a cell that is down, not an agent that fails.
    /// </summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The agent is going away: stop talking to the machine without commanding it (a running job keeps running on the
    /// machine and is taken up again by the next agent start). A job still in <see cref="RunJobAsync"/> is abandoned.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs a job: changes over when the cell is set up for another design, then makes the parts, reporting each step
    /// to <paramref name="progress"/> (called on the driver's own flow; keep it quick). Cancellation stops the job at
    /// the next part boundary and returns <see cref="JobOutcome.Cancelled"/> with the counts made; it never throws
    /// <see cref="OperationCanceledException"/> for it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cell is already running another job.</exception>
    Task<JobResult> RunJobAsync(CellJob job, IProgress<JobProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges a machine fault after someone repaired it (a machine's reset command); null when sent, else why
    /// the cell has nothing to reset or could not send it.
    /// </summary>
    Task<string?> ResetFaultAsync(CancellationToken cancellationToken);

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

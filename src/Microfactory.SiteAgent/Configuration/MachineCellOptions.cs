namespace Microfactory.SiteAgent.Configuration;

/// <summary>What a machine alarm during a job does to the job (<c>Agent:Cells:{n}:OnFault</c>).</summary>
public enum MachineFaultPolicy
{
    /// <summary>The job is reported FAILED with the alarm code and text; the orchestrator routes the order again.</summary>
    FailJob,

    /// <summary>The job pauses (the cell is DOWN) until the alarm is cleared, then the machine is started for the parts still to make.</summary>
    Resume,
}

/// <summary>How the machine's good and scrap counters count (<c>Agent:Cells:{n}:Machine:Counters</c>).</summary>
public enum MachineCounterMode
{
    /// <summary>The machine zeroes its counters when it starts a run; they count that run once it shows RUNNING.</summary>
    SinceStart,

    /// <summary>Running totals that never reset: the driver subtracts the values read before each start.</summary>
    Total,
}

/// <summary>One design the machine has a program (recipe) for.</summary>
public sealed class MachineProgramOptions
{
    /// <summary>The orchestrator's design version, e.g. "bracket-a@1.0.0".</summary>
    public string Design { get; set; } = "";

    /// <summary>The machine's program number for it, written before each start.</summary>
    public int? Number { get; set; }
}

/// <summary>Settings every machine on a wire needs (section <c>Agent:Cells:{n}:Machine</c>).</summary>
public sealed class MachineCellOptions
{
    /// <summary>The designs this machine can make and its program number for each; these are the cell's installed designs.</summary>
    public List<MachineProgramOptions> Programs { get; set; } = [];

    /// <summary>Time per part, for backlog estimates only (the machine sets its own pace).</summary>
    public TimeSpan CycleTime { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Time to change to another program, for backlog estimates only.</summary>
    public TimeSpan ChangeoverTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the machine is read (Modbus polls; MQTT reads at least this often and on every status message).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After a start command the machine must show RUNNING within this, or the job is refused.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait before reconnecting to a lost machine; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How the good and scrap counters count.</summary>
    public MachineCounterMode Counters { get; set; } = MachineCounterMode.SinceStart;

    /// <summary>The program number for a design; null when the machine has none.</summary>
    public int? ProgramFor(string designVersion) =>
        Programs.FirstOrDefault(p => string.Equals(p.Design, designVersion, StringComparison.Ordinal))?.Number;
}

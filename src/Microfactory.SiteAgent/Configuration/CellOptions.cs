namespace Microfactory.SiteAgent.Configuration;

/// <summary>One production cell (section <c>Agent:Cells:{n}</c>).</summary>
public sealed class CellOptions
{
    /// <summary>Unique within the site, lowercase letters, digits and dashes, e.g. "cnc-1".</summary>
    public string Id { get; set; } = "";

    /// <summary>Which driver runs the cell: "simulated", "modbus" or "mqtt".</summary>
    public string Driver { get; set; } = "";

    /// <summary>Process capabilities, lowercase words with dashes, e.g. "cnc-milling".</summary>
    public List<string> Capabilities { get; set; } = [];

    /// <summary>Scheduled production hours per day, more than 0 and at most 24.</summary>
    public double HoursAvailablePerDay { get; set; } = 16;

    /// <summary>After each job the cell waits for an operator's confirmation (local endpoint or CLI) before it takes the next one.</summary>
    public bool OperatorGate { get; set; }

    /// <summary>What a machine alarm during a job does to the job ("modbus" and "mqtt" cells).</summary>
    public MachineFaultPolicy OnFault { get; set; } = MachineFaultPolicy.FailJob;

    /// <summary>Settings for the "simulated" driver; defaults apply when the section is absent.</summary>
    public SimulatedCellOptions Simulated { get; set; } = new();

    /// <summary>What every machine on a wire ("modbus", "mqtt") needs: program numbers, estimates, timings.</summary>
    public MachineCellOptions Machine { get; set; } = new();

    /// <summary>Settings for the "modbus" driver: where the PLC is and its register map.</summary>
    public ModbusCellOptions Modbus { get; set; } = new();

    /// <summary>Settings for the "mqtt" driver: broker, topics and payload mapping.</summary>
    public MqttCellOptions Mqtt { get; set; } = new();

    /// <summary>Where this cell was configured (e.g. "Agent:Cells:2"), for error messages; not itself configurable.</summary>
    internal string? SectionPath { get; init; }

    /// <summary>The configuration key of this cell for messages: <see cref="SectionPath"/>, or one naming the cell id when it was built in code.</summary>
    internal string Key => SectionPath ?? $"{AgentOptions.SectionName}:Cells:{Id}";
}

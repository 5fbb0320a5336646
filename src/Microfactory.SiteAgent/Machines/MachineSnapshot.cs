namespace Microfactory.SiteAgent.Machines;

/// <summary>What a machine says it is doing.</summary>
internal enum MachineState
{
    Idle,
    Running,

    /// <summary>The run's quantity is made; the machine waits for the next start.</summary>
    Done,

    /// <summary>Faulted; the alarm code and text say why.</summary>
    Fault,
}

/// <summary>One reading of a machine.</summary>
/// <param name="Offline">Why the machine cannot work although its connection is up (an MQTT last will); null when online.</param>
/// <param name="Program">The program the machine is set up for, when it says.</param>
/// <param name="RanSinceLastRead">The machine reported RUNNING since the previous reading, whatever it shows now (a machine
/// that reports each change, MQTT, may run a short job between two readings).</param>
internal sealed record MachineSnapshot(
    MachineState State,
    long Good,
    long Scrap,
    int AlarmCode,
    string? AlarmText,
    int? Program,
    string? Offline = null,
    bool RanSinceLastRead = false)
{
    public bool HasAlarm => AlarmCode != 0 || State == MachineState.Fault;

    public string Alarm => string.IsNullOrWhiteSpace(AlarmText) ? $"alarm {AlarmCode}" : $"alarm {AlarmCode}: {AlarmText}";
}

namespace Microfactory.SiteAgent.Drivers;

/// <summary>How a driver reaches its machine.</summary>
public enum DriverConnection
{
    /// <summary>No wire: the machine is simulated in the agent.</summary>
    Local,

    /// <summary>Trying to connect (first attempt, or again after a loss).</summary>
    Connecting,

    /// <summary>Connected and reading the machine.</summary>
    Connected,

    /// <summary>Not connected; the driver waits before the next attempt.</summary>
    Disconnected,
}

/// <summary>A driver's health for the factory's technician (the agent's local status endpoint).</summary>
/// <param name="Endpoint">Where the machine is reached, e.g. "modbus-tcp 10.0.4.21:502 unit 1"; null for the simulator.</param>
/// <param name="LastError">The last error talking to the machine, or the machine's last alarm; null when there was none.</param>
/// <param name="AlarmCode">The machine's active alarm code; null when none is active.</param>
public sealed record CellHealth(
    string CellId,
    string Driver,
    DriverConnection Connection,
    string? Endpoint,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int? AlarmCode,
    string? AlarmText);

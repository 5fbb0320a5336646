namespace Microfactory.SiteAgent.Machines;

/// <summary>
/// What one machine family's protocol says, and nothing more (FDM Monster's printer adapters, Moonraker's): connect,
/// read the machine, send its commands. <see cref="MachineCellDriver"/> is the <see cref="Drivers.ICellDriver"/> on top:
/// it owns the reconnect loop, the job lifecycle, faults and cancellation, the same for every family.
/// </summary>
internal interface IMachineProtocol : IAsyncDisposable
{
    /// <summary>Where the machine is, for logs and the technician, e.g. "modbus-tcp 10.0.4.21:502 unit 1".</summary>
    string Endpoint { get; }

    /// <summary>Connects; throws when the machine (or its broker) cannot be reached.</summary>
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>The machine now. Throws <see cref="MachineRefusedException"/> when it answered with an error; any other exception means the connection is gone.</summary>
    Task<MachineSnapshot> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Waits until the machine may have changed: at most <paramref name="interval"/>, less when it reports by itself (MQTT).</summary>
    Task WaitForChangeAsync(TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the program, the quantity and the job's parameters the cell maps (a register, a payload field), then starts
    /// the machine. A parameter the mapping cannot carry is a <see cref="MachineRefusedException"/> naming it.
    /// </summary>
    Task StartAsync(int program, int quantity, string jobId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken);

    /// <summary>Asks the machine to stop after the part it is making.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Acknowledges the machine's alarm.</summary>
    Task ResetAsync(CancellationToken cancellationToken);

    /// <summary>Drops the connection (the next <see cref="ConnectAsync"/> makes a new one).</summary>
    Task DisconnectAsync();
}

/// <summary>The machine answered, but with an error (a Modbus exception response, a refused MQTT publish); the connection is fine.</summary>
internal sealed class MachineRefusedException(string message, Exception? inner = null) : Exception(message, inner);

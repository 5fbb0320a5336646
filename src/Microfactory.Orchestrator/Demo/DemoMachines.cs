using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microfactory.SiteAgent.Configuration;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.Demo;

/// <summary>
/// <c>Demo:RealPeers=true</c>: the first demo site drives real peers instead of simulated cells, as a factory would:
/// its first cell a PLC on Modbus TCP (python3-pymodbus running tests/machines/modbus_machine.py), its second a machine
/// behind a mosquitto broker (python3-paho-mqtt running tests/machines/mqtt_machine.py), all on free loopback ports.
/// The processes end with the demo.
/// </summary>
public sealed class DemoMachines(IOptions<DemoOptions> demo, ILogger<DemoMachines> logger) : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string Mosquitto = "/usr/sbin/mosquitto";
    private readonly List<Process> _processes = [];

    /// <summary>Rewrites the site's first two cells to the modbus and mqtt drivers and starts their peers.</summary>
    public async Task AttachAsync(AgentOptions site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var scripts = Path.Combine(AppContext.BaseDirectory, "machines");
        foreach (var needed in new[] { Python, Mosquitto, Path.Combine(scripts, "modbus_machine.py") })
        {
            if (!File.Exists(needed))
            {
                throw new InvalidOperationException($"Demo:RealPeers needs {needed}: run 'bash scripts/setup-test-deps.sh' (python3-pymodbus, mosquitto, python3-paho-mqtt).");
            }
        }

        var cycle = (demo.Value.WorkHour * 0.2).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var modbus = site.Cells[0];
        var modbusPort = FreePort();
        await StartAsync(Python, [Path.Combine(scripts, "modbus_machine.py"), "--port", $"{modbusPort}", "--programs", Programs(modbus), "--cycle", cycle, "--scrap-every", "30"], cancellationToken);
        site.Cells[0] = MachineCell(modbus, "modbus", cell => cell.Modbus = new ModbusCellOptions
        {
            Host = "127.0.0.1",
            Port = modbusPort,
            Coils = new ModbusCoilOptions { Start = 0, Stop = 1, Reset = 2 },
            Registers = new ModbusRegisterMap
            {
                Program = new ModbusRegisterOptions { Address = 0 },
                Quantity = new ModbusRegisterOptions { Address = 1, Type = ModbusValueType.UInt32 },
                Good = new ModbusRegisterOptions { Address = 10, Type = ModbusValueType.UInt32 },
                Scrap = new ModbusRegisterOptions { Address = 12, Type = ModbusValueType.UInt32 },
                State = new ModbusRegisterOptions { Address = 20 },
                Alarm = new ModbusRegisterOptions { Address = 21 },
                AlarmText = new ModbusTextOptions { Address = 22, Length = 16 },
            },
        });
        if (site.Cells.Count < 2)
        {
            return;
        }

        var mqtt = site.Cells[1];
        var brokerPort = FreePort();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var directory = Directory.CreateDirectory(Path.GetFullPath(Path.Combine(".data", "demo-peers", site.SiteId))).FullName;
        var passwords = Path.Combine(directory, "passwords");
        File.Delete(passwords);
        using (var made = Process.Start("/usr/bin/mosquitto_passwd", ["-b", "-c", passwords, "cell", password]))
        {
            await made.WaitForExitAsync(cancellationToken);
        }

        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"user root\npersistence false\nlistener {brokerPort} 127.0.0.1\nallow_anonymous false\npassword_file {passwords}\n", cancellationToken);
        await StartAsync(Mosquitto, ["-c", config], cancellationToken, waitForPort: brokerPort);
        var topics = $"demo/{site.SiteId}/{mqtt.Id}";
        await StartAsync(Python, [Path.Combine(scripts, "mqtt_machine.py"), "--port", $"{brokerPort}", "--username", "cell", "--password", password,
            "--command-topic", $"{topics}/command", "--status-topic", $"{topics}/status", "--availability-topic", $"{topics}/availability",
            "--programs", Programs(mqtt), "--cycle", cycle, "--scrap-every", "30"], cancellationToken);
        site.Cells[1] = MachineCell(mqtt, "mqtt", cell => cell.Mqtt = new MqttCellOptions
        {
            Host = "127.0.0.1",
            Port = brokerPort,
            Username = "cell",
            Password = password,

            // Loopback on the demo's own machine: the one place plain MQTT is acceptable.
            Tls = new MqttTlsOptions { Enabled = false },
            CommandTopic = $"{topics}/command",
            StatusTopic = $"{topics}/status",
            AvailabilityTopic = $"{topics}/availability",
        });
        DemoMachinesLog.Attached(logger, site.SiteId, modbus.Id, modbusPort, mqtt.Id, brokerPort);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    private static string Programs(CellOptions cell) =>
        string.Join(",", Enumerable.Range(1, Math.Max(1, cell.Simulated.InstalledDesigns.Count)));

    private CellOptions MachineCell(CellOptions simulated, string driver, Action<CellOptions> protocol)
    {
        var cell = new CellOptions
        {
            Id = simulated.Id,
            Driver = driver,
            Capabilities = simulated.Capabilities,
            HoursAvailablePerDay = simulated.HoursAvailablePerDay,
            Machine = new MachineCellOptions
            {
                Programs = [.. simulated.Simulated.InstalledDesigns.Select((design, i) => new MachineProgramOptions { Design = design, Number = i + 1 })],
                CycleTime = demo.Value.WorkHour * 0.2,
                ChangeoverTime = demo.Value.WorkHour * 0.5,
                PollInterval = TimeSpan.FromMilliseconds(200),
            },
        };
        protocol(cell);
        return cell;
    }

    private async Task StartAsync(string file, string[] arguments, CancellationToken cancellationToken, int? waitForPort = null)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        _processes.Add(process);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && (line.StartsWith("ready", StringComparison.Ordinal) || line.StartsWith("connected", StringComparison.Ordinal)))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitForPort is { } port)
        {
            while (!await AcceptsAsync(port))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }

            return;
        }

        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static partial class DemoMachinesLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Demo site {SiteId} on real peers: cell {ModbusCell} on Modbus TCP 127.0.0.1:{ModbusPort}, cell {MqttCell} on MQTT 127.0.0.1:{BrokerPort}")]
    public static partial void Attached(ILogger logger, string siteId, string modbusCell, int modbusPort, string mqttCell, int brokerPort);
}
